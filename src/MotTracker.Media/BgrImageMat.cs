using System.Runtime.InteropServices;
using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>
/// An OpenCV <see cref="Mat"/> header over a <see cref="BgrImage"/>'s own pixel array (pinned while
/// the header lives), so OpenCV decodes, draws and encodes in place with no copy in either direction.
/// </summary>
internal sealed class BgrImageMat : IDisposable
{
    private GCHandle _pin;

    public BgrImageMat(BgrImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Image = image;
        _pin = GCHandle.Alloc(image.Pixels, GCHandleType.Pinned);
        Data = _pin.AddrOfPinnedObject();
        Mat = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, Data, image.Stride);
    }

    public BgrImage Image { get; }

    public Mat Mat { get; }

    /// <summary>Start of the pinned pixels.</summary>
    public IntPtr Data { get; }

    /// <summary>
    /// False once OpenCV has swapped the header for its own buffer (it does when an output has another
    /// size or type than the one asked for): the pixels then never reached the image.
    /// </summary>
    public bool StillWrapsImage => Mat.Data == Data && Mat.Rows == Image.Height && Mat.Cols == Image.Width && Mat.Type() == MatType.CV_8UC3;

    public void Dispose()
    {
        Mat.Dispose();
        if (_pin.IsAllocated)
            _pin.Free();
    }
}
