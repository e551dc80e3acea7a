using MotTracker.Core;

namespace MotTracker.Media.Tests;

public sealed class ReconnectingFrameSourceTests
{
    /// <summary>Time moves only when told: by a frame read, or all at once to the end of a wait.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        public readonly List<double> Waits = [];

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan time) => Interlocked.Add(ref _ticks, time.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (Waits) Waits.Add(Math.Round(dueTime.TotalSeconds, 3));
            Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new DoneTimer();
        }

        private sealed class DoneTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>A stream connection that delivers <paramref name="frames"/> frames at 10 fps, then drops.</summary>
    private sealed class Connection(int frames, ManualClock clock, int width = 8) : IFrameSource
    {
        public FrameSourceInfo Info => new(width, 8, 10, 1000, "cam");

        public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
        {
            for (int f = 1; f <= frames; f++)
            {
                clock.Advance(TimeSpan.FromSeconds(0.1));
                yield return new VideoFrame(f, new BgrImage(width, 8));
            }
        }

        public void Dispose() { }
    }

    /// <summary>Opens the scripted connections in turn; a null entry is a server that refuses the connection.</summary>
    private static Func<IFrameSource> Script(ManualClock clock, params int?[] connections)
    {
        int next = 0;
        return () => connections[next++] is int frames ? new Connection(frames, clock) : throw new IOException("connection refused");
    }

    [Fact]
    public void Frame_numbers_jump_over_an_outage_by_its_length_times_the_frame_rate_and_the_stream_ends_at_the_reconnect_timeout()
    {
        var clock = new ManualClock();
        var warnings = new List<string>();
        var infos = new List<string>();
        using var source = new ReconnectingFrameSource(Script(clock, 5, null, 3, null, null, null),
            new ReconnectPolicy { Timeout = TimeSpan.FromSeconds(3) }, warnings.Add, infos.Add, clock);

        var numbers = source.ReadFrames().Select(f => f.FrameNumber).ToList();

        // Frame 5 at 0.5 s; waits 0.5 + 1 s (one refused attempt); the next frame at 2.1 s is 1.6 s later = 16 frames on.
        numbers.ShouldBe([1, 2, 3, 4, 5, 21, 22, 23]);
        // Second outage from 2.3 s: 0.5, 1, then the 2 s wait cut to the 1.5 s left of the timeout.
        clock.Waits.ShouldBe([0.5, 1, 0.5, 1, 1.5]);
        warnings.Count.ShouldBe(3);
        warnings[0].ShouldContain("stream lost after frame 5 (end of stream)");
        warnings[1].ShouldContain("stream lost after frame 23");
        warnings[2].ShouldContain("not back after 3.0 s (3 reconnect attempts");
        infos.ShouldHaveSingleItem().ShouldContain("continuing at frame 21 (15 frames without pixels)");
        source.Info.FrameCount.ShouldBeNull("a live stream has no length");
    }

    [Fact]
    public void A_stream_is_not_reopened_when_the_reconnect_timeout_is_zero()
    {
        var clock = new ManualClock();
        using var source = new ReconnectingFrameSource(Script(clock, 4, 4), new ReconnectPolicy { Timeout = TimeSpan.Zero }, clock: clock);

        source.ReadFrames().Select(f => f.FrameNumber).ShouldBe([1, 2, 3, 4]);
        clock.Waits.ShouldBeEmpty();
    }

    [Fact]
    public void Reopen_waits_start_at_half_a_second_and_double_up_to_eight()
    {
        var policy = new ReconnectPolicy();

        Enumerable.Range(1, 7).Select(a => policy.DelayBefore(a).TotalSeconds).ShouldBe([0.5, 1, 2, 4, 8, 8, 8]);
    }

    [Fact]
    public void A_stream_that_comes_back_at_another_frame_size_is_an_error()
    {
        var clock = new ManualClock();
        int opened = 0;
        using var source = new ReconnectingFrameSource(() => new Connection(2, clock, width: ++opened == 1 ? 8 : 16),
            new ReconnectPolicy(), clock: clock);

        Should.Throw<MotFormatException>(() => source.ReadFrames().ToList()).Message.ShouldContain("came back at 16x8, not the 8x8");
    }
}
