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

    /// <summary>The live events as JSON Lines (see <see cref="CountEvent"/>), "-" for <see cref="EventsStdout"/>; null writes none.</summary>
    public string? EventsPath { get; init; }

    /// <summary>Where events go when <see cref="EventsPath"/> is "-".</summary>
    public TextWriter? EventsStdout { get; init; }

    /// <summary>Replace an existing video or summary.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Whether the run must read every frame's pixels.</summary>
    public bool NeedsFrames => VideoPath is not null;

    public bool IsEmpty => VideoPath is null && CountLines.Count == 0 && Zones.Count == 0 && SummaryPath is null && EventsPath is null;

    /// <summary>Whether anything is counted or reported as events.</summary>
    public bool Counts => CountLines.Count > 0 || Zones.Count > 0 || EventsPath is not null;

    /// <exception cref="TrackRequestException">A setting that cannot work (a summary without lines, a negative trail).</exception>
    public void Validate()
    {
        if (SummaryPath is not null && CountLines.Count == 0 && Zones.Count == 0)
            throw new TrackRequestException("summary", "the summary holds line and zone counts: give at least one --count-line or --zone");
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

    private TrackOutputs(TrackOutputSettings settings, AnnotatedVideo? video, CountingSession? counting)
    {
        _settings = settings;
        _video = video;
        Counting = counting;
        if (counting is not null) _observers.Add(new CountingObserver(counting));
        if (video is not null) _observers.Add(video);
    }

    /// <summary>Opens the outputs for <paramref name="job"/> (the video file is started now, as a hidden temporary file).</summary>
    /// <exception cref="TrackRequestException">The settings do not fit the job (a video of a run that reads no frames).</exception>
    public static TrackOutputs Open(TrackJob job, TrackOutputSettings settings)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        CountingSession? counting = null;
        if (settings.Counts)
        {
            CountEventWriter? events = settings.EventsPath switch
            {
                null => null,
                "-" => new CountEventWriter(settings.EventsStdout ?? Console.Out, ownsWriter: false),
                var file => CountEventWriter.Create(file),
            };
            counting = new CountingSession(new CountingSettings
            {
                Lines = settings.CountLines,
                Zones = settings.Zones,
                Anchor = settings.Anchor,
                FrameRate = job.SourceFrameRate,
                LostFrames = job.LostFrames,
            }, events);
        }
        AnnotatedVideo? video = null;
        if (settings.VideoPath is { } path)
        {
            if (!job.ReadsFrames || job.Width <= 0 || job.Height <= 0)
                throw new TrackRequestException("save-video", $"{job.Name}: the run reads no frames to draw on (set ReadFrames in the request)");
            var style = settings.Style with { ClassNames = settings.Style.ClassNames || job.MultiClass, Anchor = settings.Anchor };
            try
            {
                video = new AnnotatedVideo(path, job.Width, job.Height, job.SourceFrameRate, style, counting, settings.Overwrite);
            }
            catch (ArgumentException ex)
            {
                counting?.Dispose();
                throw new TrackRequestException("save-video", ex.Message.Split(" (Parameter")[0]);
            }
        }
        return new TrackOutputs(settings, video, counting);
    }

    /// <summary>Pass these as <see cref="TrackRunOptions.Observers"/>.</summary>
    public IReadOnlyList<IFrameObserver> Observers => _observers;

    /// <summary>The running line and zone counts and events (null when nothing is counted).</summary>
    public CountingSession? Counting { get; }

    /// <summary>The running line counts (null without count lines).</summary>
    public LineCounter? Counter => _settings.CountLines.Count > 0 ? Counting?.Lines : null;

    public string? VideoPath => _video?.OutputPath;

    /// <summary>Video frames written so far.</summary>
    public int VideoFrames => _video?.FramesWritten ?? 0;

    /// <summary>After a successful run: the summary is written (atomically) and the video moved into place.</summary>
    public void Complete()
    {
        // The video first: it is the one that can still fail (an encoder that wrote nothing).
        _video?.Complete();
        if (_settings.SummaryPath is { } summary && Counting is not null)
            Counting.Summary().Write(summary);
    }

    public void Dispose()
    {
        _video?.Dispose();
        Counting?.Dispose();
    }

    private sealed class CountingObserver(CountingSession counting) : IFrameObserver
    {
        public bool NeedsPixels => false;

        public void OnFrame(in FrameTracks frame) => counting.Update(frame.FrameNumber, frame.Tracks);
    }
}
