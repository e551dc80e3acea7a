using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Analytics;
using MotTracker.Media;

namespace MotTracker.Engine.Outputs;

/// <summary>
/// <c>--heatmap</c>: where the tracks went. Every frame adds one visit at each track box's bottom centre
/// (where a person or car touches the ground); at the end the visits are smoothed and coloured over the
/// run's first frame (<see cref="HeatMap"/>). Memory is one count per pixel, whatever the run's length.
/// The PNG is written to a hidden temporary file by <see cref="Stage"/> and renamed by <see cref="Commit"/>.
/// </summary>
internal sealed class HeatMapOutput(string path) : IFrameObserver, IDisposable
{
    private BgrImage? _first;
    private float[] _visits = [];
    private string? _staged;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    // Only the first frame's pixels are kept, but the run must read them.
    public bool NeedsPixels => true;

    /// <summary>Bottom centres counted (one per track per frame inside the image).</summary>
    public long Visits { get; private set; }

    public void OnFrame(in FrameTracks frame)
    {
        if (_first is null)
        {
            var image = frame.Image ?? throw new InvalidOperationException($"frame {frame.FrameNumber} reached the heat map without its pixels");
            // A copy: the frame's pixels go back to the pool (and the video draws on them) after this call.
            _first = new BgrImage(image.Width, image.Height, (byte[])image.Pixels.Clone());
            _visits = new float[image.Width * image.Height];
        }
        int w = _first.Width, h = _first.Height;
        foreach (var track in frame.Tracks)
        {
            var p = CountAnchors.Of(track.Box, CountAnchor.Bottom);
            int x = (int)Math.Floor(p.X), y = (int)Math.Floor(p.Y);
            // A box reaching past the image (a person half out of view) has its foot outside: not drawn.
            if (x < 0 || y < 0 || x >= w || y >= h) continue;
            _visits[y * w + x]++;
            Visits++;
        }
    }

    /// <summary>Encodes the picture into the hidden temporary file beside <see cref="Path"/>.</summary>
    public void Stage()
    {
        if (_first is null) throw new InvalidOperationException($"heat map '{Path}': the run read no frame to draw on");
        if (Directory.Exists(Path)) throw new IOException($"heat map '{Path}' is a folder");
        byte[] png = HeatMap.Png(_first, _visits);
        string? folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        string temp = AtomicFile.TempPathFor(Path);
        _staged = temp;
        File.WriteAllBytes(temp, png);
    }

    public void Commit()
    {
        if (_staged is null) throw new InvalidOperationException("the heat map was not staged");
        File.Move(_staged, Path, overwrite: true);
        _staged = null;
    }

    public void Dispose()
    {
        if (_staged is not null) AtomicFile.TryDelete(_staged);
        _staged = null;
    }
}
