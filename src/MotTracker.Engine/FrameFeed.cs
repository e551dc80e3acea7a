using MotTracker.Core;

namespace MotTracker.Engine;

/// <summary>Where the pipeline's frames come from: a frame source, or bare frame numbers when no pixels are needed.</summary>
public abstract class FrameFeed
{
    /// <summary>Frames the feed will produce, when known.</summary>
    public abstract int? FrameCount { get; }

    public abstract IEnumerable<FrameWork> Read(CancellationToken cancellationToken);

    /// <summary>Whether the frames carry pixels (false: bare frame numbers, nothing to decode).</summary>
    public virtual bool CarriesPixels => true;

    /// <summary>Every frame of a source, with its pixels.</summary>
    public static FrameFeed From(IFrameSource source) => new SourceFeed(source, null, null);

    /// <summary>
    /// Frames 1..<paramref name="count"/> of a source that must hold every one of them (a sequence tracked
    /// from public detections with pixel-needing options): a gap or an early end is an error naming the
    /// first missing frame's file (<paramref name="frameFile"/>).
    /// </summary>
    public static FrameFeed AllFramesOf(IFrameSource source, int count, Func<int, string> frameFile) => new SourceFeed(source, count, frameFile);

    /// <summary>Frames 1..<paramref name="count"/> without pixels (public detections only).</summary>
    public static FrameFeed Numbers(int count) => new NumberFeed(count);

    /// <summary>
    /// The frames of <paramref name="feed"/> up to a limit: at most <paramref name="maxFrames"/> frames, and
    /// none numbered past <paramref name="lastFrameNumber"/>. It stops right after the frame that reaches the
    /// limit, without waiting for another one (a live stream would make it wait for its next frame).
    /// </summary>
    public static FrameFeed Limit(FrameFeed feed, int? maxFrames, int? lastFrameNumber)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return maxFrames is null && lastFrameNumber is null ? feed : new LimitedFeed(feed, maxFrames ?? int.MaxValue, lastFrameNumber ?? int.MaxValue);
    }

    private sealed class LimitedFeed(FrameFeed feed, int maxFrames, int lastFrameNumber) : FrameFeed
    {
        // Frame numbers start at 1, so the last number also bounds the count.
        public override int? FrameCount
        {
            get
            {
                int limit = Math.Min(Math.Min(maxFrames, lastFrameNumber), feed.FrameCount ?? int.MaxValue);
                return limit == int.MaxValue ? null : limit;
            }
        }

        public override bool CarriesPixels => feed.CarriesPixels;

        public override IEnumerable<FrameWork> Read(CancellationToken cancellationToken)
        {
            int read = 0;
            foreach (var work in feed.Read(cancellationToken))
            {
                // A live stream's numbers jump over an outage: a frame past the limit is not tracked (nor are its pixels kept).
                if (work.FrameNumber > lastFrameNumber) yield break;
                yield return work;
                if (++read >= maxFrames || work.FrameNumber >= lastFrameNumber) yield break;
            }
        }
    }

    private sealed class NumberFeed(int count) : FrameFeed
    {
        public override int? FrameCount => count;

        public override bool CarriesPixels => false;

        public override IEnumerable<FrameWork> Read(CancellationToken cancellationToken)
        {
            for (int f = 1; f <= count; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new FrameWork(f, null);
            }
        }
    }

    private sealed class SourceFeed(IFrameSource source, int? required, Func<int, string>? frameFile) : FrameFeed
    {
        public override int? FrameCount => required ?? source.Info.FrameCount;

        public override IEnumerable<FrameWork> Read(CancellationToken cancellationToken)
        {
            int expected = 1;
            foreach (var frame in source.ReadFrames(cancellationToken))
            {
                if (required is { } last)
                {
                    if (frame.FrameNumber != expected) throw Missing(expected);
                    if (frame.FrameNumber > last) yield break;
                }
                expected = frame.FrameNumber + 1;
                yield return new FrameWork(frame.FrameNumber, frame.Image);
            }
            if (required is { } n && expected <= n) throw Missing(expected);
        }

        private TrackRequestException Missing(int frame) =>
            new(null, $"frame {frame} is missing: {frameFile!(frame)} does not exist (pixels are needed for every frame)");
    }
}
