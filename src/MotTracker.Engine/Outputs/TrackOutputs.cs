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

    public CountAnchor Anchor { get; init; } = CountAnchor.Bottom;

    /// <summary>The counts as JSON (see <see cref="CountSummary"/>); null writes none. Needs count lines.</summary>
    public string? SummaryPath { get; init; }

    /// <summary>Replace an existing video or summary.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Whether the run must read every frame's pixels.</summary>
    public bool NeedsFrames => VideoPath is not null;

    public bool IsEmpty => VideoPath is null && CountLines.Count == 0 && SummaryPath is null;

    /// <exception cref="TrackRequestException">A setting that cannot work (a summary without lines, a negative trail).</exception>
    public void Validate()
    {
        if (SummaryPath is not null && CountLines.Count == 0)
            throw new TrackRequestException("summary", "the summary holds line counts: give at least one --count-line");
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

    private TrackOutputs(TrackOutputSettings settings, AnnotatedVideo? video, LineCounter? counter)
    {
        _settings = settings;
        _video = video;
        Counter = counter;
        if (counter is not null) _observers.Add(new CountingObserver(counter));
        if (video is not null) _observers.Add(video);
    }

    /// <summary>Opens the outputs for <paramref name="job"/> (the video file is started now, as a hidden temporary file).</summary>
    /// <exception cref="TrackRequestException">The settings do not fit the job (a video of a run that reads no frames).</exception>
    public static TrackOutputs Open(TrackJob job, TrackOutputSettings settings)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var counter = settings.CountLines.Count > 0 ? new LineCounter(settings.CountLines, settings.Anchor) : null;
        AnnotatedVideo? video = null;
        if (settings.VideoPath is { } path)
        {
            if (!job.ReadsFrames || job.Width <= 0 || job.Height <= 0)
                throw new TrackRequestException("save-video", $"{job.Name}: the run reads no frames to draw on (set ReadFrames in the request)");
            var style = settings.Style with { ClassNames = settings.Style.ClassNames || job.MultiClass, Anchor = settings.Anchor };
            try
            {
                video = new AnnotatedVideo(path, job.Width, job.Height, job.SourceFrameRate, style, counter, settings.Overwrite);
            }
            catch (ArgumentException ex)
            {
                throw new TrackRequestException("save-video", ex.Message.Split(" (Parameter")[0]);
            }
        }
        return new TrackOutputs(settings, video, counter);
    }

    /// <summary>Pass these as <see cref="TrackRunOptions.Observers"/>.</summary>
    public IReadOnlyList<IFrameObserver> Observers => _observers;

    /// <summary>The running counts (null without count lines).</summary>
    public LineCounter? Counter { get; }

    public string? VideoPath => _video?.OutputPath;

    /// <summary>Video frames written so far.</summary>
    public int VideoFrames => _video?.FramesWritten ?? 0;

    /// <summary>After a successful run: the summary is written (atomically) and the video moved into place.</summary>
    public void Complete()
    {
        Stage();
        Commit();
    }

    /// <summary>
    /// After a successful run, everything that can still fail: the video is finished into its hidden
    /// temporary file and the summary written to one. Nothing appears yet; <see cref="Commit"/> renames
    /// both, disposing instead deletes both. A run with a result file stages its outputs before it
    /// commits anything, so a failing output leaves no result either.
    /// </summary>
    public void Stage()
    {
        _video?.Finish();
        if (_settings.SummaryPath is { } summary && Counter is not null)
        {
            if (Directory.Exists(summary)) throw new IOException($"summary '{summary}' is a folder");
            _summary = AtomicTextFile.Create(summary);
            _summary.Writer.Write(Counter.Summary().ToJson());
            _summary.Writer.Write('\n');
        }
    }

    /// <summary>Renames what <see cref="Stage"/> wrote into place; when the summary cannot be renamed, the video just moved is removed again.</summary>
    public void Commit()
    {
        _video?.Commit();
        try
        {
            _summary?.Commit();
        }
        catch
        {
            if (_video is not null) AtomicFile.TryDelete(_video.OutputPath);
            throw;
        }
    }

    public void Dispose()
    {
        _summary?.Dispose();
        _video?.Dispose();
    }

    private sealed class CountingObserver(LineCounter counter) : IFrameObserver
    {
        public bool NeedsPixels => false;

        public void OnFrame(in FrameTracks frame) => counter.Update(frame.FrameNumber, frame.Tracks);
    }
}
