using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>One image file (a ReID crop, a still) read as 8-bit BGR.</summary>
public static class StillImage
{
    /// <exception cref="MotFormatException">The file is not a readable JPEG, PNG or BMP image.</exception>
    public static BgrImage Read(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        Mat decoded;
        try
        {
            decoded = Cv2.ImRead(file, ImreadModes.Color);
        }
        catch (OpenCVException ex)
        {
            throw new MotFormatException(file, 0, null, $"not a readable image: {ex.Message}");
        }
        using (decoded)
        {
            if (decoded.Empty())
                throw new MotFormatException(file, 0, null, File.Exists(file) ? "not a readable image (empty, corrupt, or not a JPEG, PNG or BMP)" : "the file is gone");
            var image = new BgrImage(decoded.Cols, decoded.Rows);
            using var target = new BgrImageMat(image);
            decoded.CopyTo(target.Mat);
            if (!target.StillWrapsImage)
                throw new InvalidOperationException($"OpenCV replaced the image buffer while copying {file}");
            return image;
        }
    }
}
