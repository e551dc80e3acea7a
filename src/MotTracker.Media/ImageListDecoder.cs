using System.Text;
using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>
/// Decodes a known list of same-sized image files with ONE ffmpeg process (concat demuxer), instead of
/// one process per image. The list file lives in the temp folder for the decoder's lifetime.
/// </summary>
internal sealed class ImageListDecoder : IDisposable
{
    private readonly IReadOnlyList<string> _files;
    private readonly IReadOnlyList<int> _frameNumbers;
    private readonly RawVideoDecoder _decoder;
    private readonly string _listPath;
    private readonly int _width;
    private readonly int _height;

    public ImageListDecoder(string ffmpeg, string inputName, IReadOnlyList<string> files, IReadOnlyList<int> frameNumbers,
        int width, int height, Action<string>? warning, FramePool? pool = null)
    {
        _files = files;
        _frameNumbers = frameNumbers;
        _width = width;
        _height = height;
        _decoder = new RawVideoDecoder(ffmpeg, inputName, warning, pool);
        _listPath = Path.Combine(Path.GetTempPath(), $"mottrack-{Guid.NewGuid():N}.ffconcat");
        File.WriteAllText(_listPath, BuildConcatList(files), new UTF8Encoding(false));
    }

    internal int? LastProcessId => _decoder.LastProcessId;

    public IEnumerable<VideoFrame> Read(CancellationToken cancellationToken) =>
        _decoder.Read(["-f", "concat", "-safe", "0", "-i", _listPath], _width, _height,
            index => _frameNumbers[index], maxFrames: _files.Count, expectedFrames: _files.Count, cancellationToken);

    /// <summary>
    /// Checks that every image's header gives the expected size (ffmpeg would otherwise change the raw
    /// frame size mid-stream and the byte stream would be misread).
    /// </summary>
    public static (int Width, int Height) CheckSameSize(IReadOnlyList<string> files, (int Width, int Height)? expected, string expectedFrom)
    {
        (int Width, int Height)? size = expected;
        string sizeFrom = expectedFrom;
        foreach (string file in files)
        {
            (int Width, int Height) actual;
            try
            {
                actual = ImageHeader.TryReadSize(file)
                    ?? throw new MotFormatException(file, 0, null, "not a readable JPEG, PNG or BMP image (no size in its header)");
            }
            catch (IOException ex)
            {
                throw new MotFormatException(file, 0, null, $"cannot be read: {ex.Message}");
            }
            if (size is null)
            {
                size = actual;
                sizeFrom = file;
            }
            else if (size != actual)
            {
                throw new MotFormatException(file, 0, null,
                    $"image is {actual.Width}x{actual.Height} but {sizeFrom} is {size.Value.Width}x{size.Value.Height}; all frames must have the same size");
            }
        }
        return size ?? throw new ArgumentException("no files", nameof(files));
    }

    private static string BuildConcatList(IReadOnlyList<string> files)
    {
        var text = new StringBuilder("ffconcat version 1.0\n");
        foreach (string file in files)
        {
            string full = Path.GetFullPath(file);
            if (full.Contains('\n') || full.Contains('\r'))
                throw new MotFormatException(file, 0, null, "file names with line breaks are not supported");
            // Inside single quotes everything is literal; a quote itself is closed, escaped and reopened.
            text.Append("file '").Append(full.Replace("'", "'\\''")).Append("'\n");
        }
        return text.ToString();
    }

    public void Dispose()
    {
        _decoder.Dispose();
        try
        {
            File.Delete(_listPath);
        }
        catch (IOException)
        {
            // A leftover list file in /tmp is harmless; failing Dispose over it would not be.
        }
    }
}
