using System.Globalization;
using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>
/// How a live stream is reopened after it fails: the waits between attempts (<see cref="FirstDelay"/>,
/// doubling up to <see cref="MaxDelay"/>) and how long an outage may last before the run gives up.
/// </summary>
public sealed record ReconnectPolicy
{
    /// <summary>The wait before the first reopen attempt of an outage.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Waits double after each failed attempt up to this.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Longest outage (from the last frame received) before the stream is treated as ended; null retries
    /// forever, zero never reopens.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The wait before attempt <paramref name="attempt"/> (1-based) of an outage.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        double seconds = FirstDelay.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelay.TotalSeconds));
    }
}

/// <summary>
/// A live stream that survives outages: when a read fails or the stream ends, the source is reopened
/// (waits per <see cref="ReconnectPolicy"/>) until it delivers frames again or the policy's timeout
/// passes, which ends the stream. Frame numbers keep the stream's timeline: the first frame after an
/// outage is numbered as many frames after the last one as the outage lasted (elapsed time × frame rate,
/// at least one), so a tracker ages its tracks by the time that really passed. One warning is given
/// when an outage starts, one line when it ends.
/// </summary>
public sealed class ReconnectingFrameSource : IFrameSource
{
    private readonly Func<IFrameSource> _open;
    private readonly ReconnectPolicy _policy;
    private readonly Action<string>? _warning;
    private readonly Action<string>? _info;
    private readonly TimeProvider _clock;
    private IFrameSource? _current;
    private volatile bool _disposed;

    /// <param name="open">Opens the stream (the first call here, so a stream that cannot be opened at all fails now).</param>
    /// <param name="warning">Receives the outage warnings.</param>
    /// <param name="info">Receives the recovery lines.</param>
    public ReconnectingFrameSource(Func<IFrameSource> open, ReconnectPolicy policy, Action<string>? warning = null, Action<string>? info = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(policy);
        _open = open;
        _policy = policy;
        _warning = warning;
        _info = info;
        _clock = clock ?? TimeProvider.System;
        _current = open();
        // A live stream has no length, whatever the first connection announced.
        Info = _current.Info with { FrameCount = null };
    }

    public FrameSourceInfo Info { get; }

    /// <summary>Outages that ended with the stream back.</summary>
    public int Recoveries { get; private set; }

    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ReadIterator(cancellationToken);
    }

    private IEnumerable<VideoFrame> ReadIterator(CancellationToken cancellationToken)
    {
        int last = 0;
        long lastFrameTime = _clock.GetTimestamp();
        Outage? outage = null;
        while (!_disposed)
        {
            var source = _current ?? (_current = Reopen(outage!, last, lastFrameTime, cancellationToken));
            if (source is null) yield break; // gave up
            using var frames = source.ReadFrames(cancellationToken).GetEnumerator();
            string reason = "end of stream";
            while (!_disposed)
            {
                bool more;
                try
                {
                    more = frames.MoveNext();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    reason = ex.Message;
                    more = false;
                }
                if (!more) break;
                int number = last + 1;
                if (outage is { } o)
                {
                    number = last + Math.Max(1, (int)Math.Round(_clock.GetElapsedTime(lastFrameTime).TotalSeconds * Info.Fps));
                    Recoveries++;
                    _info?.Invoke(string.Create(CultureInfo.InvariantCulture,
                        $"{Info.Name}: stream back after {_clock.GetElapsedTime(lastFrameTime).TotalSeconds:0.0} s ({o.Attempts} reconnect attempt{(o.Attempts == 1 ? "" : "s")}); continuing at frame {number} ({number - last - 1} frames without pixels)"));
                    outage = null;
                }
                last = number;
                lastFrameTime = _clock.GetTimestamp();
                yield return frames.Current with { FrameNumber = number };
            }
            cancellationToken.ThrowIfCancellationRequested();
            source.Dispose();
            _current = null;
            if (_disposed) yield break;
            if (outage is null)
            {
                outage = new Outage();
                string until = _policy.Timeout is { } t ? string.Create(CultureInfo.InvariantCulture, $"for up to {t.TotalSeconds:0.###} s") : "until it is back";
                _warning?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"{Info.Name}: stream lost after frame {last} ({reason}); reconnecting {until} (waits {_policy.FirstDelay.TotalSeconds:0.###} s doubling to {_policy.MaxDelay.TotalSeconds:0.###} s)"));
            }
        }
    }

    /// <summary>Waits and reopens until the stream opens (returned) or the timeout passes (null).</summary>
    private IFrameSource? Reopen(Outage outage, int last, long lastFrameTime, CancellationToken cancellationToken)
    {
        while (!_disposed)
        {
            TimeSpan elapsed = _clock.GetElapsedTime(lastFrameTime);
            TimeSpan delay = _policy.DelayBefore(outage.Attempts + 1);
            if (_policy.Timeout is { } timeout)
            {
                if (elapsed >= timeout)
                {
                    _warning?.Invoke(string.Create(CultureInfo.InvariantCulture,
                        $"{Info.Name}: stream not back after {elapsed.TotalSeconds:0.0} s ({outage.Attempts} reconnect attempt{(outage.Attempts == 1 ? "" : "s")}, --reconnect-timeout {timeout.TotalSeconds:0.###} s); ending at frame {last}"));
                    return null;
                }
                if (elapsed + delay > timeout) delay = timeout - elapsed;
            }
            Task.Delay(delay, _clock, cancellationToken).GetAwaiter().GetResult();
            outage.Attempts++;
            IFrameSource source;
            try
            {
                source = _open();
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                continue;
            }
            if (source.Info.Width != Info.Width || source.Info.Height != Info.Height)
            {
                source.Dispose();
                // The tracker's coordinates assume one frame size throughout.
                throw new MotFormatException(Info.Name, 0, null, string.Create(CultureInfo.InvariantCulture,
                    $"the stream came back at {source.Info.Width}x{source.Info.Height}, not the {Info.Width}x{Info.Height} it started with"));
            }
            return source;
        }
        return null;
    }

    /// <summary>Stops a read in progress (after its current frame or wait); the stream is closed.</summary>
    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _current, null)?.Dispose();
    }

    private sealed class Outage
    {
        public int Attempts;
    }
}
