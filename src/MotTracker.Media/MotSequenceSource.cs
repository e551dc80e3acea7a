using MotTracker.Core.MotChallenge;
using System.Globalization;
using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>
/// Frames of a MOTChallenge sequence folder (seqinfo.ini + imDir/000001.jpg ...), frame numbers taken
/// from the file names. When fewer images are present than seqLength says (e.g. a trimmed copy), the
/// source ends cleanly after the last image present; <see cref="FrameSourceInfo.FrameCount"/> is the
/// number of images actually found and <see cref="DeclaredLength"/> keeps seqLength.
/// </summary>
public sealed class MotSequenceSource : IFrameSource
{
    private readonly ImageListReader _reader;
    private volatile bool _disposed;

    public MotSequenceSource(string sequenceFolder, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sequenceFolder);
        options ??= FrameSourceOptions.Default;
        string iniPath = Path.Combine(sequenceFolder, "seqinfo.ini");
        if (!File.Exists(iniPath))
            throw new FileNotFoundException($"not a MOTChallenge sequence folder: {iniPath} is missing", iniPath);
        SeqInfo seq = SeqInfo.Read(iniPath);

        string imageFolder = Path.Combine(sequenceFolder, seq.ImageDirectory);
        if (!Directory.Exists(imageFolder))
            throw new MotFormatException(iniPath, 0, "imDir", $"image folder {imageFolder} does not exist");

        var frames = new List<(int Number, string Path)>();
        foreach (string file in Directory.EnumerateFiles(imageFolder, "*" + seq.ImageExtension))
        {
            // MOTChallenge names frames by their number (000001.jpg); anything else in the folder is ignored.
            if (int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out int number)
                && number >= 1)
                frames.Add((number, file));
        }
        if (frames.Count == 0)
            throw new MotFormatException(imageFolder, 0, null, $"no frame images (000001{seq.ImageExtension} ...) found");
        frames.Sort((a, b) => a.Number.CompareTo(b.Number));

        var files = frames.ConvertAll(f => f.Path);
        var numbers = frames.ConvertAll(f => f.Number);
        // The first image is checked against seqinfo.ini now, so the common mismatch fails before any work;
        // every later image is checked as it is decoded.
        string sizeFrom = $"{iniPath} (imWidth x imHeight)";
        var (firstWidth, firstHeight) = ImageListReader.ReadSize(files[0]);
        if (firstWidth != seq.ImageWidth || firstHeight != seq.ImageHeight)
            throw new MotFormatException(files[0], 0, null,
                $"image is {firstWidth}x{firstHeight} but {sizeFrom} is {seq.ImageWidth}x{seq.ImageHeight}; all frames must have the same size");

        DeclaredLength = seq.SequenceLength;
        FirstFrame = numbers[0];
        LastFrame = numbers[^1];
        Info = new FrameSourceInfo(seq.ImageWidth, seq.ImageHeight, seq.FrameRate, files.Count, seq.Name);
        if (files.Count < seq.SequenceLength)
            options.Warning?.Invoke($"{seq.Name}: {files.Count} of {seq.SequenceLength} frames present in {imageFolder} (frames {FirstFrame}-{LastFrame})");
        _reader = new ImageListReader(files, numbers, seq.ImageWidth, seq.ImageHeight, sizeFrom, options.Pool);
    }

    public FrameSourceInfo Info { get; }

    /// <summary>seqLength from seqinfo.ini, which can exceed the images present.</summary>
    public int DeclaredLength { get; }

    public int FirstFrame { get; }

    public int LastFrame { get; }

    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.Read(() => _disposed, cancellationToken);
    }

    /// <summary>Stops a loop in progress after its current frame.</summary>
    public void Dispose() => _disposed = true;
}
