using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Engine;

/// <summary>What a finished run produced.</summary>
/// <param name="Frames">Frames associated.</param>
/// <param name="Detections">Public detections read (null for a detector run).</param>
/// <param name="Tracks">Distinct track ids written.</param>
/// <param name="Boxes">Result rows written.</param>
public sealed record TrackOutcome(string Name, string OutputPath, int Frames, int? Detections, int Tracks, int Boxes, StageTimings Timings)
{
    /// <summary>Result files written: 1, or the parts of a rotated live result (<see cref="TrackRunOptions.RotateFrames"/>).</summary>
    public int ResultFiles { get; init; } = 1;
}

/// <summary>Offline post-processing of a job's rows before they are written.</summary>
public sealed record JobPostProcessing(PostProcessKind Kind, PostProcessOptions Options);

/// <summary>Optional parts of a run: progress, observers, detector-alone timing.</summary>
public sealed record TrackRunOptions
{
    public Action<TrackProgress>? Progress { get; init; }

    /// <summary>Watchers of every frame besides the result file (an annotated video, line counts).</summary>
    public IReadOnlyList<IFrameObserver> Observers { get; init; } = [];

    /// <summary>Time the detector alone on the first frame before the run (for --timing).</summary>
    public bool MeasureDetectorAlone { get; init; }

    /// <summary>
    /// Also receives every row written to the result file, unrounded (see <see cref="ResultStreamWriter.Copy"/>):
    /// tests and measurements score a run in process through the same path the CLI writes.
    /// </summary>
    public ICollection<MotRow>? ResultRows { get; init; }

    /// <summary>Live input only: start a new result file every this many frame numbers (see <see cref="ResultStreamWriter.RotatedPath"/>).</summary>
    public int? RotateFrames { get; init; }

    /// <summary>
    /// Stop after this many frames (<c>--max-frames</c>): the run then ends as at the end of its input, every
    /// output complete. Counts frames read, so on a live stream frame numbers skipped over an outage do not count.
    /// </summary>
    public int? MaxFrames { get; init; }

    /// <summary>
    /// Stop after this much media time (<c>--duration</c>): frames are tracked while their time, (frame number − 1)
    /// ÷ the input's frame rate, is below it. On a live stream frame numbers follow the clock across outages,
    /// so this is the time since the stream was first opened.
    /// </summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The highest frame number <see cref="Duration"/> lets through at <paramref name="frameRate"/> frames a second (null: no limit).</summary>
    public int? LastFrameNumber(double frameRate)
    {
        if (Duration is not { } d) return null;
        // Frame f starts at (f - 1) / fps: the frames that start before d are 1 .. ceil(d * fps). The small
        // margin keeps 10 s at 30 fps at 300 frames despite floating point.
        double frames = Math.Ceiling(d.TotalSeconds * frameRate - 1e-9);
        return (int)Math.Clamp(frames, 1, int.MaxValue);
    }

    /// <summary>Live input only: replace an existing result file (a file run always replaces it by a rename at the end).</summary>
    public bool ReplaceResult { get; init; }
}

/// <summary>
/// One prepared run (see <see cref="TrackingEngine.Prepare"/>): the input is open, the models are
/// loaded, the stages and the tracker are composed. <see cref="Run"/> once, then dispose.
/// </summary>
public sealed class TrackJob : IDisposable
{
    private readonly FrameFeed _feed;
    private readonly IReadOnlyList<PipelineStage> _stages;
    private readonly ITracker _tracker;
    private readonly OutputFilter _filter;
    private readonly FramePool? _pool;
    private readonly List<IDisposable> _resources;
    private readonly IDetector? _detectorForTiming;
    private readonly bool _clip;
    private readonly int? _detections;
    private bool _ran;
    private bool _abandoned;

    internal TrackJob(string name, int? frameCount, int? detections, int width, int height, double frameRate, bool clip,
        FrameFeed feed, IReadOnlyList<PipelineStage> stages, ITracker tracker, OutputFilter filter, FramePool? pool,
        IReadOnlyList<string> inputFiles, List<IDisposable> resources, IDetector? detectorForTiming)
    {
        Name = name;
        FrameCount = frameCount;
        _detections = detections;
        Width = width;
        Height = height;
        FrameRate = frameRate;
        _clip = clip;
        _feed = feed;
        _stages = stages;
        _tracker = tracker;
        _filter = filter;
        _pool = pool;
        InputFiles = inputFiles;
        _resources = resources;
        _detectorForTiming = detectorForTiming;
    }

    /// <summary>The sequence's or video's name (default result file name).</summary>
    public string Name { get; }

    /// <summary>Frames the run will process, when known (a live stream has no end).</summary>
    public int? FrameCount { get; }

    /// <summary>Frames a run with <paramref name="options"/>' limits will process, when known.</summary>
    public int? FrameCountWithin(TrackRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Frame numbers start at 1, so the last number bounds the count too.
        int? limit = (options.MaxFrames, options.LastFrameNumber(SourceFrameRate)) switch
        {
            ({ } most, { } last) => Math.Min(most, last),
            (var most, var last) => most ?? last,
        };
        return (FrameCount, limit) switch
        {
            ({ } n, { } l) => Math.Min(n, l),
            (var n, var l) => n ?? l,
        };
    }

    /// <summary>Frame size; 0 when tracking public detections without frames or seqinfo.ini.</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>The frame rate the tracker scales its frame counts by.</summary>
    public double FrameRate { get; }

    /// <summary>The input's own frame rate (seqinfo.ini, the video, or 30), whatever rate the tracker was told: an annotated video keeps it.</summary>
    public double SourceFrameRate { get; init; } = 30;

    /// <summary>
    /// Frames a track may go unreported before the tracker removes it (its track buffer or max age at
    /// this job's frame rate): when counting, a track unseen for longer has ended.
    /// </summary>
    public int LostFrames => LostFramesFor(Request, FrameRate);

    internal static int LostFramesFor(TrackRequest request, double frameRate)
    {
        var entry = TrackerFactory.Describe(request.Tracker);
        int frames = request.TrackerSettings.OptionsFor(entry) switch
        {
            MotTracker.Tracking.Trackers.ByteTrack.ByteTrackOptions o => o.TrackBuffer,
            MotTracker.Tracking.Trackers.BotSort.BotSortOptions o => o.TrackBuffer,
            MotTracker.Tracking.Trackers.DeepSort.DeepSortOptions o => o.MaxAge,
            MotTracker.Tracking.Trackers.OcSort.OcSortOptions o => o.MaxAge,
            _ => 30,
        };
        return Math.Max(1, (int)(frameRate / 30.0 * frames));
    }

    /// <summary>Whether pixels are read (a detector, ReID, camera motion or a drawing output).</summary>
    public bool ReadsFrames => _pool is not null;

    public CameraMotionMode CameraMotion { get; init; }

    /// <summary>The request this job was prepared from (for run manifests).</summary>
    public required TrackRequest Request { get; init; }

    /// <summary>
    /// Whether several classes are tracked (each on its own, ids unique across them): the result file
    /// then holds each row's COCO class id in column 8; a single-class run keeps -1 there.
    /// </summary>
    public bool MultiClass { get; init; }

    /// <summary>Whether the detections, vectors and camera motion come from a detection cache (see <see cref="Cache.CacheManifest"/>).</summary>
    public bool FromCache { get; init; }

    /// <summary>Whether a detector model finds the boxes (false: public detections).</summary>
    public bool UsesDetector => _detectorForTiming is not null;

    /// <summary>Whether any model runs (a detector or ReID).</summary>
    public bool RunsModels => UsesDetector || _stages.Any(ReidStages.IsReid);

    /// <summary>Whether ReID runs.</summary>
    public bool RunsReid => _stages.Any(ReidStages.IsReid);

    /// <summary>Local files read by the run: an output must never replace one of them.</summary>
    public IReadOnlyList<string> InputFiles { get; }

    /// <summary>
    /// A live stream (see <see cref="TrackRequest.Live"/>): reopened after outages, frame numbers jump over
    /// them, and the result file is written in place, flushed every frame (<see cref="ResultStreamWriter.Live"/>).
    /// </summary>
    public bool IsLive { get; init; }

    internal double ParseMs { get; init; }

    internal IFrameSource? Source { get; init; }

    /// <summary>Post-processing before writing; null streams rows as frames complete.</summary>
    public JobPostProcessing? PostProcessing { get; init; }

    /// <summary>The composed stages, in pipeline order (benchmarks time them alone).</summary>
    internal IReadOnlyList<PipelineStage> Stages => _stages;

    /// <summary>
    /// This job's stages, tracker and output filter over another feed, without a result file: the
    /// benchmarks run it over frames decoded beforehand, so decoding is not part of the time.
    /// </summary>
    internal TrackingPipeline PipelineOver(FrameFeed feed)
    {
        if (_ran) throw new InvalidOperationException("a job runs once");
        _ran = true;
        return new TrackingPipeline(feed, _stages, _tracker, _filter);
    }

    /// <summary>
    /// Runs to the end, streaming each frame's rows (sorted by id) to a temporary file beside
    /// <paramref name="outputPath"/>, renamed into place only when the run completes; on failure or
    /// cancellation the temporary file is deleted and no output appears. Results of a detector run are
    /// clipped to the image (Kalman-predicted boxes can reach past its edge); public-detection runs keep
    /// the reference's unclipped boxes.
    /// </summary>
    public TrackOutcome Run(string outputPath, TrackRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (outcome, writer) = RunUncommitted(outputPath, options, cancellationToken);
        using (writer) writer.Commit();
        return outcome;
    }

    /// <summary>
    /// <see cref="Run"/> up to the rename: the result is complete in its temporary file, and the caller
    /// commits it (after staging the run's other outputs, see <see cref="TrackRun"/>) or disposes it.
    /// </summary>
    internal (TrackOutcome Outcome, ResultStreamWriter Writer) RunUncommitted(string outputPath, TrackRunOptions? options, CancellationToken cancellationToken)
    {
        if (_ran) throw new InvalidOperationException("a job runs once");
        _ran = true;
        options ??= new TrackRunOptions();
        if (!ReadsFrames && options.Observers.Any(o => o.NeedsPixels))
            throw new InvalidOperationException("an observer needs pixels but this job reads no frames: set TrackRequest.ReadFrames");
        var timings = new StageTimings { ParseMs = ParseMs };
        if (options.MeasureDetectorAlone && _detectorForTiming is not null && Source is not null)
            timings.DetectorAloneMs = MeasureDetectorAlone(Source, _detectorForTiming);

        if (options.RotateFrames is not null && !IsLive)
            throw new TrackRequestException("rotate", $"{Name}: applies to live input, whose result file is written in place; a file's result is written once, atomically");
        var writer = IsLive
            ? ResultStreamWriter.Live(outputPath, MultiClass, options.RotateFrames, options.ReplaceResult)
            : new ResultStreamWriter(outputPath, classColumn: MultiClass);
        writer.Copy = options.ResultRows;
        try
        {
            var clip = _clip ? (Width, Height) : ((int, int)?)null;
            // Post-processing needs each track whole, so its rows are held to the end; otherwise they stream.
            var results = new ResultRows(PostProcessing is null ? writer : null, clip, MultiClass);
            var feed = FrameFeed.Limit(_feed, options.MaxFrames, options.LastFrameNumber(SourceFrameRate));
            var pipeline = new TrackingPipeline(feed, _stages, _tracker, _filter) { Pool = _pool, Progress = options.Progress };
            try
            {
                pipeline.Run([results, .. options.Observers], timings, cancellationToken);
            }
            finally
            {
                // A stage thread still blocked in a read (a stalled stream) may use the source after we
                // return: it is left to the process's end rather than freed under that thread.
                if (pipeline.Abandoned) _abandoned = true;
            }
            int tracks = results.TrackCount;
            if (PostProcessing is { } post)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var processed = TrackPostProcessing.Apply(results.Held, post.Kind, post.Options);
                tracks = WriteSorted(writer, processed, clip);
            }
            cancellationToken.ThrowIfCancellationRequested();
            return (new TrackOutcome(Name, writer.Path, timings.Frames, _detections, tracks, writer.Rows, timings) { ResultFiles = Math.Max(1, writer.Parts) }, writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_abandoned) return;
        TrackingEngine.DisposeAll(_resources);
    }


    /// <summary>
    /// The detector run by itself on the first frame (after warm-up), measured right before the run so
    /// the end-to-end rate can be compared with the limit the detector sets on this machine now.
    /// </summary>
    private static double? MeasureDetectorAlone(IFrameSource source, IDetector detector)
    {
        var first = source.ReadFrames().FirstOrDefault();
        if (first is null) return null;
        for (int i = 0; i < 3; i++) detector.Detect(first.Image);
        const int runs = 30;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < runs; i++) detector.Detect(first.Image);
        return clock.Elapsed.TotalMilliseconds / runs;
    }

    /// <summary>Writes rows sorted by frame (then id), clipped to the image when asked; returns the number of distinct ids written.</summary>
    private static int WriteSorted(ResultStreamWriter writer, List<MotRow> rows, (int Width, int Height)? clip)
    {
        var ids = new HashSet<int>();
        var frame = new List<MotRow>();
        for (int i = 0; i < rows.Count;)
        {
            int number = rows[i].Frame;
            frame.Clear();
            for (; i < rows.Count && rows[i].Frame == number; i++)
            {
                var row = rows[i];
                if (clip is var (w, h) && !MotRows.TryClipToImage(row, w, h, out row)) continue;
                frame.Add(row);
                ids.Add(row.Id);
            }
            writer.WriteFrame(number, frame);
        }
        return ids.Count;
    }

    /// <summary>
    /// The result file as an observer: each frame's kept tracks become rows, written as the frame
    /// completes, or held unclipped for post-processing when there is no writer.
    /// </summary>
    private sealed class ResultRows(ResultStreamWriter? writer, (int Width, int Height)? clip, bool classColumn) : IFrameObserver
    {
        private readonly List<MotRow> _rows = [];
        private readonly TrackIdSet _ids = new();

        public bool NeedsPixels => false;

        public int TrackCount => _ids.Count;

        /// <summary>Every row, unclipped, when held for post-processing.</summary>
        public List<MotRow> Held { get; } = [];

        public void OnFrame(in FrameTracks frame)
        {
            if (writer is null)
            {
                foreach (var t in frame.Tracks) Held.Add(new MotRow(frame.FrameNumber, t.TrackId, t.Box, t.Score, classColumn ? t.ClassId : -1, -1));
                return;
            }
            _rows.Clear();
            foreach (var t in frame.Tracks)
            {
                var row = new MotRow(frame.FrameNumber, t.TrackId, t.Box, t.Score, classColumn ? t.ClassId : -1, -1);
                if (clip is var (w, h) && !MotRows.TryClipToImage(row, w, h, out row)) continue;
                _rows.Add(row);
                _ids.Add(t.TrackId);
            }
            writer.WriteFrame(frame.FrameNumber, _rows);
        }
    }
}

/// <summary>
/// The distinct track ids of a run, for its track count. Ids are numbered from 1 upwards, so one bit per
/// id (a million tracks in 125 KB) keeps the count exact on endless input where a set of every id
/// would keep growing by dozens of bytes per track.
/// </summary>
internal sealed class TrackIdSet
{
    private ulong[] _bits = new ulong[16];
    private HashSet<int>? _negative;

    public int Count { get; private set; }

    public void Add(int id)
    {
        if (id < 0)
        {
            _negative ??= [];
            if (_negative.Add(id)) Count++;
            return;
        }
        int word = id >> 6;
        if (word >= _bits.Length) Array.Resize(ref _bits, Math.Max(word + 1, _bits.Length * 2));
        ulong mask = 1UL << (id & 63);
        if ((_bits[word] & mask) != 0) return;
        _bits[word] |= mask;
        Count++;
    }
}
