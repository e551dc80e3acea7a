using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Engine.Cache;

/// <summary>What a detect run wrote.</summary>
public sealed record DetectOutcome(string Name, string Folder, int Frames, int Detections);

/// <summary>
/// One prepared detect run (see <see cref="TrackingEngine.PrepareDetect"/>): the input is open and the
/// models loaded. <see cref="Run"/> writes the cache folder whole or not at all: everything goes into a
/// hidden folder beside it, renamed into place when complete (cache.json last inside it).
/// </summary>
public sealed class DetectJob : IDisposable
{
    private readonly IFrameSource _source;
    private readonly FramePool _pool;
    private readonly IReadOnlyList<PipelineStage> _stages;
    private readonly List<IDisposable> _resources;
    private readonly int _dimension;
    private bool _abandoned;

    internal DetectJob(string name, string input, IFrameSource source, FramePool pool, IReadOnlyList<PipelineStage> stages, List<IDisposable> resources, int dimension)
    {
        Name = name;
        Input = input;
        _source = source;
        _pool = pool;
        _stages = stages;
        _resources = resources;
        _dimension = dimension;
    }

    public string Name { get; }

    /// <summary>Full path of the video or folder read.</summary>
    public string Input { get; }

    public int? FrameCount { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public double FrameRate { get; init; }
    public CameraMotionMode CameraMotion { get; init; }
    public required CacheModel Detector { get; init; }
    public CacheModel? Reid { get; init; }
    public required ModelSettings Models { get; init; }

    /// <summary>Runs to the end and renames the finished cache to <paramref name="folder"/> (replacing one there: the caller decided it may).</summary>
    /// <param name="options">Every option that changes the output, recorded in cache.json.</param>
    public DetectOutcome Run(string folder, IReadOnlyDictionary<string, string> options, string version, Action<int>? progress, CancellationToken cancellationToken)
    {
        string parent = Path.GetDirectoryName(Path.GetFullPath(folder)) ?? throw new ArgumentException("no parent folder", nameof(folder));
        Directory.CreateDirectory(parent);
        // A killed run's half-written folder for this name: only this input writes that name, and not now.
        foreach (string leftover in Directory.EnumerateDirectories(parent, $".{Path.GetFileName(folder)}.*.tmp"))
        {
            try { Directory.Delete(leftover, recursive: true); }
            catch (IOException) { }
        }
        string temp = Path.Combine(parent, $".{Path.GetFileName(folder)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(Path.Combine(temp, "det"));
        try
        {
            var timings = new StageTimings();
            CacheRecorder recorder;
            using (var det = new StreamWriter(Path.Combine(temp, "det", "det.txt")) { NewLine = "\n" })
            using (var npy = _dimension > 0 ? new NpyFloat32.Writer(new FileStream(Path.Combine(temp, CacheManifest.EmbeddingsFile), FileMode.CreateNew), _dimension) : null)
            {
                npy?.Start();
                recorder = new CacheRecorder(det, npy);
                var pipeline = new TrackingPipeline(FrameFeed.From(_source), _stages, recorder, new Tracking.OutputFilter())
                {
                    Pool = _pool,
                    Progress = progress is null ? null : p => progress(p.FrameNumber),
                };
                try
                {
                    pipeline.Run([], timings, cancellationToken);
                }
                finally
                {
                    if (pipeline.Abandoned) _abandoned = true;
                }
                cancellationToken.ThrowIfCancellationRequested();
                npy?.Finish();
            }
            int frames = timings.Frames;
            if (frames == 0) throw new TrackRequestException(null, $"{Input}: no frames could be read") { InputProblem = true };
            if (CameraMotion is not CameraMotionMode.None) GmcFile.Write(Path.Combine(temp, GmcFile.FileName), recorder.Warps);
            WriteSeqInfo(Path.Combine(temp, SeqInfo.FileName), frames);
            var detector = Models.DetectorOptions;
            var manifest = new CacheManifest
            {
                Mottrack = version,
                Input = new CacheInput { Kind = KindOf(Input), Path = Input, Sha256 = InputSha256(Input) },
                Frames = frames,
                Width = Width,
                Height = Height,
                FrameRate = FrameRate,
                Detections = recorder.Rows,
                Detector = Detector,
                Reid = Reid,
                EmbeddingDimension = _dimension,
                Conf = detector.ScoreThreshold,
                Nms = detector.NmsIouThreshold,
                Imgsz = detector.InputSize?.ToString() ?? "model",
                Classes = detector.Classes is null ? [] : [.. detector.Classes],
                CameraMotion = CameraMotion.ToString().ToLowerInvariant(),
                BoxClipping = "det.txt holds the detector's boxes, which it clips to the image; a replay clips the tracks' boxes to imWidth x imHeight as a detector run does",
                Options = new SortedDictionary<string, string>(options.ToDictionary(), StringComparer.Ordinal),
            };
            manifest.Write(Path.Combine(temp, CacheManifest.FileName));
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.Move(temp, folder);
            return new DetectOutcome(Name, folder, frames, recorder.Rows);
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private void WriteSeqInfo(string path, int frames)
    {
        var inv = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine("[Sequence]");
        writer.WriteLine($"name={Name}");
        writer.WriteLine("imDir=img1");
        writer.WriteLine(string.Create(inv, $"frameRate={FrameRate.ToString("R", inv)}"));
        writer.WriteLine(string.Create(inv, $"seqLength={frames}"));
        writer.WriteLine(string.Create(inv, $"imWidth={Width}"));
        writer.WriteLine(string.Create(inv, $"imHeight={Height}"));
        writer.WriteLine("imExt=.jpg");
    }

    private static string KindOf(string input) =>
        File.Exists(input) ? "video" : File.Exists(Path.Combine(input, SeqInfo.FileName)) ? "sequence" : "images";

    /// <summary>
    /// A video's sha256; for a folder, the sha256 of "name sha256" lines of seqinfo.ini (when present) and
    /// every file of its frame folder, in name order: any changed frame changes it.
    /// </summary>
    public static string InputSha256(string input)
    {
        if (File.Exists(input)) return FileHash.Sha256OfFile(input);
        var text = new System.Text.StringBuilder();
        string seqinfo = Path.Combine(input, SeqInfo.FileName);
        string frames = input;
        if (File.Exists(seqinfo))
        {
            text.Append(SeqInfo.FileName).Append(' ').Append(FileHash.Sha256OfFile(seqinfo)).Append('\n');
            frames = Path.Combine(input, SeqInfo.Read(seqinfo).ImageDirectory);
        }
        if (Directory.Exists(frames))
        {
            foreach (string file in Directory.EnumerateFiles(frames).Order(StringComparer.Ordinal))
                text.Append(Path.GetFileName(file)).Append(' ').Append(FileHash.Sha256OfFile(file)).Append('\n');
        }
        return FileHash.Sha256OfText(text.ToString());
    }

    public void Dispose()
    {
        if (_abandoned) return;
        TrackingEngine.DisposeAll(_resources);
    }
}
