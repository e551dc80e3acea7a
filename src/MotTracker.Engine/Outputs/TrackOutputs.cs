using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Analytics;

namespace MotTracker.Engine.Outputs;

/// <summary>The outputs of a run besides its result file: an annotated video, line counts and their summary.</summary>
public sealed record TrackOutputSettings
{
    /// <summary>The annotated video (.mp4 or .avi); null writes none. Needs <see cref="TrackRequest.ReadFrames"/>.</summary>
    public string? VideoPath { get; init; }

    public AnnotationStyle Style { get; init; } = new();

    /// <summary>Lines to count crossings of (drawn on the video too).</summary>
    public IReadOnlyList<CountLine> CountLines { get; init; } = [];

    /// <summary>Polygon zones to count entries, exits, occupancy and dwell in (drawn on the video too).</summary>
    public IReadOnlyList<CountZone> Zones { get; init; } = [];

    public CountAnchor Anchor { get; init; } = CountAnchor.Bottom;

    /// <summary>The counts as JSON (see <see cref="CountSummary"/>); null writes none. Needs count lines or zones.</summary>
    public string? SummaryPath { get; init; }

    /// <summary>
    /// The live events as JSON Lines (see <see cref="CountEvent"/>), "-" for <see cref="EventsStdout"/>; null
    /// writes none. The one output that is not staged: it is a live feed, written in place and flushed every
    /// frame so a reader can follow it, so a failed run leaves the events up to the failure.
    /// </summary>
    public string? EventsPath { get; init; }

    /// <summary>
    /// Write <see cref="EventsPath"/> to a hidden temporary file renamed into place with the run's other
    /// outputs, instead of in place (batch: each input's events appear whole with its result, or not at all).
    /// </summary>
    public bool StageEvents { get; init; }

    /// <summary>Where events go when <see cref="EventsPath"/> is "-".</summary>
    public TextWriter? EventsStdout { get; init; }

    /// <summary>
    /// The camera motion of every frame as a BoT-SORT GMC file (<c>--save-cmc</c>), written atomically at
    /// the end; null writes none. Needs a run that produces camera motion (<see cref="TrackRequest.RecordCameraMotion"/>).
    /// </summary>
    public string? CameraMotionPath { get; init; }

    /// <summary>
    /// Also rewrite <see cref="SummaryPath"/> this often while the run goes on (atomically each time), so
    /// a live run's counts can be read before it ends; null writes it once, at the end.
    /// </summary>
    public TimeSpan? SummaryEvery { get; init; }

    /// <summary>The clock <see cref="SummaryEvery"/> follows (tests give a fake one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Ground truth (gt.txt) to draw the run's errors against on the video (<c>--gt</c>): the overlay of
    /// <c>render --gt</c>, found frame by frame as the tracks come (<see cref="ErrorOverlay.CreateLive"/>).
    /// Needs <see cref="VideoPath"/>.
    /// </summary>
    public string? GroundTruthPath { get; init; }

    /// <summary>The rules that decide which gt rows are scored for <see cref="GroundTruthPath"/>.</summary>
    public Evaluation.MotBenchmark Benchmark { get; init; } = Evaluation.MotBenchmark.MOT17;

    /// <summary>
    /// A PNG of where the tracks went (<c>--heatmap</c>): the density of box bottom centres over the first
    /// frame, written atomically at the end; null writes none. Needs the frames' pixels.
    /// </summary>
    public string? HeatmapPath { get; init; }

    /// <summary>Replace an existing video or summary.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Whether the run must read every frame's pixels.</summary>
    public bool NeedsFrames => VideoPath is not null || HeatmapPath is not null;

    public bool IsEmpty => VideoPath is null && HeatmapPath is null && CountLines.Count == 0 && Zones.Count == 0 && SummaryPath is null && EventsPath is null && CameraMotionPath is null;

    /// <summary>Whether anything is counted or reported as events.</summary>
    public bool Counts => CountLines.Count > 0 || Zones.Count > 0 || EventsPath is not null;

    /// <exception cref="TrackRequestException">A setting that cannot work (a summary without lines, a negative trail).</exception>
    public void Validate()
    {
        if (SummaryPath is not null && CountLines.Count == 0 && Zones.Count == 0)
            throw new TrackRequestException("summary", "the summary holds line and zone counts: give at least one --count-line or --zone");
        if (SummaryEvery is { } every && (SummaryPath is null || every <= TimeSpan.Zero))
            throw new TrackRequestException("summary-every", SummaryPath is null ? "rewrites the --summary file: give --summary FILE too" : "must be more than 0 seconds");
        if (GroundTruthPath is not null && VideoPath is null)
            throw new TrackRequestException("gt", "the ground truth's errors are drawn on the annotated video: give --save-video");
        try
        {
            Style.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new TrackRequestException(ex.ParamName, ex.Message.Split(" (Parameter")[0]);
        }
    }
}

/// <summary>
/// The observers a run's extra outputs need, in the order they must see each frame: the line counter
/// first, so the video draws counts that include the frame's own crossings. <see cref="Complete"/> after a
/// successful run writes the summary and moves the video into place; disposing without it leaves neither.
/// </summary>
public sealed class TrackOutputs : IDisposable
{
    private readonly TrackOutputSettings _settings;
    private readonly AnnotatedVideo? _video;
    private readonly List<IFrameObserver> _observers = [];
    private AtomicTextFile? _summary;
    private AtomicTextFile? _cameraMotionFile;
    private readonly AtomicTextFile? _eventsFile;

    private readonly CameraMotionRecorder? _cameraMotion;
    private readonly HeatMapOutput? _heatmap;

    private TrackOutputs(TrackOutputSettings settings, AnnotatedVideo? video, CountingSession? counting, AtomicTextFile? eventsFile)
    {
        _settings = settings;
        _video = video;
        _eventsFile = eventsFile;
        Counting = counting;
        if (counting is not null) _observers.Add(new CountingObserver(counting));
        if (counting is not null && settings is { SummaryEvery: { } every, SummaryPath: { } summaryPath })
            _observers.Add(new PeriodicSummary(counting, summaryPath, every, settings.Clock));
        // Before the video, which draws on the frame in place: the heat map keeps the clean first frame.
        if (settings.HeatmapPath is { } heatmap)
        {
            _heatmap = new HeatMapOutput(heatmap);
            _observers.Add(_heatmap);
        }
        if (video is not null) _observers.Add(video);
        if (settings.CameraMotionPath is not null)
        {
            _cameraMotion = new CameraMotionRecorder();
            _observers.Add(_cameraMotion);
        }
    }

    /// <summary>Opens the outputs for <paramref name="job"/> (the video file is started now, as a hidden temporary file).</summary>
    /// <exception cref="TrackRequestException">The settings do not fit the job (a video of a run that reads no frames).</exception>
    /// <param name="rotateFrames">
    /// Live input only: write the video in parts of this many frame numbers, each renamed into place when
    /// complete (the result file's <see cref="TrackRunOptions.RotateFrames"/>); ignored for other input.
    /// </param>
    public static TrackOutputs Open(TrackJob job, TrackOutputSettings settings, int? rotateFrames = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (settings.CameraMotionPath is not null && job.CameraMotion is CameraMotionMode.None)
            throw new TrackRequestException("save-cmc", $"{job.Name}: the run has no camera motion to save (it needs frames to estimate it from, a {Core.MotChallenge.GmcFile.FileName}, or --cmc sparse/ecc/file)");
        if (settings.CameraMotionPath is not null && job.IsLive)
            throw new TrackRequestException("save-cmc", $"{job.Name} is a live stream: the camera-motion file holds every frame's warp until the input ends, which a stream never does");
        CountingSession? counting = null;
        AtomicTextFile? eventsFile = null;
        if (settings.Counts)
        {
            if (settings is { StageEvents: true, EventsPath: { } staged } && staged != "-") eventsFile = AtomicTextFile.Create(staged);
            CountEventWriter? events = settings.EventsPath switch
            {
                null => null,
                "-" => new CountEventWriter(settings.EventsStdout ?? Console.Out, ownsWriter: false),
                _ when eventsFile is not null => new CountEventWriter(eventsFile.Writer, ownsWriter: false),
                var file => CountEventWriter.Create(file),
            };
            counting = new CountingSession(new CountingSettings
            {
                Lines = settings.CountLines,
                Zones = settings.Zones,
                Anchor = settings.Anchor,
                FrameRate = job.SourceFrameRate,
                LostFrames = job.LostFrames,
                // Endless input keeps counts and live state only; each crossing and stay is an event.
                KeepHistory = !job.IsLive,
            }, events);
        }
        if (settings.HeatmapPath is not null && (!job.ReadsFrames || job.Width <= 0 || job.Height <= 0))
        {
            counting?.Dispose();
            eventsFile?.Dispose();
            throw new TrackRequestException("heatmap", $"{job.Name}: the run reads no frames to draw the heat map on (set ReadFrames in the request)");
        }
        AnnotatedVideo? video = null;
        if (settings.VideoPath is { } path)
        {
            if (!job.ReadsFrames || job.Width <= 0 || job.Height <= 0)
            {
                counting?.Dispose();
                eventsFile?.Dispose();
                throw new TrackRequestException("save-video", $"{job.Name}: the run reads no frames to draw on (set ReadFrames in the request)");
            }
            var style = settings.Style with { ClassNames = settings.Style.ClassNames || job.MultiClass, Anchor = settings.Anchor };
            try
            {
                // Read and checked before the video file is started, so a bad gt file leaves nothing behind.
                var errors = settings.GroundTruthPath is { } gtFile
                    ? ErrorOverlay.CreateLive(settings.Benchmark, MotFileReader.Read(gtFile, MotFileKind.GroundTruth), gtFile)
                    : null;
                video = new AnnotatedVideo(path, job.Width, job.Height, job.SourceFrameRate, style, counting, settings.Overwrite, job.IsLive ? rotateFrames : null) { Errors = errors };
            }
            catch (Exception ex) when (ex is Core.MotFormatException or IOException)
            {
                counting?.Dispose();
                eventsFile?.Dispose();
                throw;
            }
            catch (ArgumentException ex)
            {
                counting?.Dispose();
                eventsFile?.Dispose();
                throw new TrackRequestException("save-video", ex.Message.Split(" (Parameter")[0]);
            }
        }
        return new TrackOutputs(settings, video, counting, eventsFile);
    }

    /// <summary>Pass these as <see cref="TrackRunOptions.Observers"/>.</summary>
    public IReadOnlyList<IFrameObserver> Observers => _observers;

    /// <summary>The running line and zone counts and events (null when nothing is counted).</summary>
    public CountingSession? Counting { get; }

    /// <summary>The running line counts (null without count lines).</summary>
    public LineCounter? Counter => _settings.CountLines.Count > 0 ? Counting?.Lines : null;

    public string? VideoPath => _video?.OutputPath;

    /// <summary>The heat map's path (null without one).</summary>
    public string? HeatmapPath => _heatmap?.Path;

    /// <summary>Video frames written so far.</summary>
    public int VideoFrames => _video?.FramesWritten ?? 0;

    /// <summary>Video files written: 0 without a video, 1, or the parts of a live video in parts.</summary>
    public int VideoFiles => _video?.Parts ?? 0;

    /// <summary>After a successful run: the summary is written (atomically) and the video moved into place.</summary>
    public void Complete()
    {
        Stage();
        Commit();
    }

    /// <summary>
    /// After a successful run, everything that can still fail: the video is finished into its hidden
    /// temporary file, and the summary and the camera-motion file are written to theirs. Nothing appears
    /// yet; <see cref="Commit"/> renames them, disposing instead deletes them. A run with a result file
    /// stages its outputs before it commits anything, so a failing output leaves no result either.
    /// </summary>
    public void Stage()
    {
        _video?.Finish();
        _heatmap?.Stage();
        if (_settings.SummaryPath is { } summary && Counting is not null)
        {
            if (Directory.Exists(summary)) throw new IOException($"summary '{summary}' is a folder");
            _summary = AtomicTextFile.Create(summary);
            _summary.Writer.Write(Counting.Summary().ToJson());
            _summary.Writer.Write('\n');
        }
        if (_settings.CameraMotionPath is { } cmc && _cameraMotion is not null)
        {
            if (Directory.Exists(cmc)) throw new IOException($"camera-motion file '{cmc}' is a folder");
            _cameraMotionFile = AtomicTextFile.Create(cmc);
            for (int i = 0; i < _cameraMotion.Warps.Count; i++) _cameraMotionFile.Writer.Write(GmcFile.FormatLine(i, _cameraMotion.Warps[i]));
        }
    }

    /// <summary>Renames what <see cref="Stage"/> wrote into place; when a rename fails, the files this call already moved are removed again.</summary>
    public void Commit()
    {
        var moved = new List<string>();
        try
        {
            if (_video is not null)
            {
                _video.Commit();
                moved.Add(_video.OutputPath);
            }
            if (_summary is not null)
            {
                _summary.Commit();
                moved.Add(_summary.Path);
            }
            if (_heatmap is not null)
            {
                _heatmap.Commit();
                moved.Add(_heatmap.Path);
            }
            if (_eventsFile is not null)
            {
                // The run is over: close the event stream (it writes nothing more) before its file is renamed.
                Counting?.Dispose();
                _eventsFile.Commit();
                moved.Add(_eventsFile.Path);
            }
            _cameraMotionFile?.Commit();
        }
        catch
        {
            foreach (string path in moved) AtomicFile.TryDelete(path);
            throw;
        }
    }

    /// <summary>Frames written to the camera-motion file (0 without one).</summary>
    public int CameraMotionFrames => _cameraMotion?.Warps.Count ?? 0;

    public void Dispose()
    {
        _cameraMotionFile?.Dispose();
        _summary?.Dispose();
        _video?.Dispose();
        _heatmap?.Dispose();
        Counting?.Dispose();
        // After the session, whose event writer flushes into it; uncommitted, its temporary file is deleted.
        _eventsFile?.Dispose();
    }

    /// <summary>
    /// Each frame's warp at its frame number (line frame-1); a frame the feed skipped gets the identity,
    /// since the next frame's warp already spans it.
    /// </summary>
    private sealed class CameraMotionRecorder : IFrameObserver
    {
        public List<Core.AffineWarp> Warps { get; } = [];

        public bool NeedsPixels => false;

        public void OnFrame(in FrameTracks frame)
        {
            while (Warps.Count < frame.FrameNumber - 1) Warps.Add(Core.AffineWarp.Identity);
            Warps.Add(frame.CameraMotion ?? Core.AffineWarp.Identity);
        }
    }

    /// <summary>
    /// Rewrites the summary (atomically) once <paramref name="every"/> has passed since the last write, after
    /// the frame's counts are in: a reader sees the counts of some recent frame, whole.
    /// </summary>
    private sealed class PeriodicSummary(CountingSession counting, string path, TimeSpan every, TimeProvider clock) : IFrameObserver
    {
        private long _last = clock.GetTimestamp();

        public bool NeedsPixels => false;

        public int Written { get; private set; }

        public void OnFrame(in FrameTracks frame)
        {
            if (clock.GetElapsedTime(_last) < every) return;
            _last = clock.GetTimestamp();
            counting.Summary().Write(path);
            Written++;
        }
    }

    private sealed class CountingObserver(CountingSession counting) : IFrameObserver
    {
        public bool NeedsPixels => false;

        public void OnFrame(in FrameTracks frame) => counting.Update(frame.FrameNumber, frame.Tracks);
    }
}
