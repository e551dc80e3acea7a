using System.Collections.Concurrent;
using System.Diagnostics;
using MotTracker.Engine.Batch;
using Serilog;
using Spectre.Console;

namespace MotTracker.Cli.Logging;

/// <summary>
/// What a batch shows while it runs. On a terminal a person watches: a live display with one line per
/// running sequence (frames, frames/s, time left) under an overall bar. Piped, redirected or under CI:
/// plain log lines (text or JSON, as --log-format says) when a sequence starts and ends, and a progress
/// line per running sequence every few seconds. With --quiet only failures are logged.
/// </summary>
internal sealed class BatchProgress : IBatchObserver, IDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(200);

    private readonly ILogger _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly ProgressContext? _live;
    private readonly ProgressTask? _overall;
    private readonly Task? _display;
    private readonly TaskCompletionSource _done = new();

    private sealed class Running(Stopwatch clock)
    {
        public Stopwatch Clock { get; } = clock;
        public ProgressTask? Task { get; set; }
        public TimeSpan LastReport { get; set; }
    }

    private BatchProgress(ILogger log, int total, bool interactive)
    {
        _log = log;
        if (!interactive) return;
        var ready = new TaskCompletionSource<(ProgressContext, ProgressTask)>();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        _display = console.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                ready.SetResult((ctx, ctx.AddTask($"batch: 0/{total} sequences", maxValue: Math.Max(total, 1))));
                await _done.Task.ConfigureAwait(false);
            });
        (_live, _overall) = ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>A live display only on an interactive stderr that is the real console, never under CI or --quiet.</summary>
    public static BatchProgress Start(CliContext context, ILogger log, int sequencesToRun, bool quiet)
    {
        bool interactive = !quiet
            && ReferenceEquals(context.Error, Console.Error)
            && !Console.IsErrorRedirected
            && string.IsNullOrEmpty(context.Environment("CI"));
        return new BatchProgress(log, sequencesToRun, interactive);
    }

    public void Started(BatchInput input)
    {
        var running = new Running(Stopwatch.StartNew());
        _running[input.Name] = running;
        if (_live is not null) running.Task = _live.AddTask(Markup.Escape(input.Name), maxValue: 1);
        else _log.Information("{Sequence}: started", input.Name);
    }

    public void Progress(BatchInput input, int frame, int? totalFrames)
    {
        if (!_running.TryGetValue(input.Name, out var running)) return;
        var now = running.Clock.Elapsed;
        if (now - running.LastReport < (_live is null ? PlainInterval : LiveInterval)) return;
        running.LastReport = now;
        double fps = frame / Math.Max(now.TotalSeconds, 1e-6);
        if (running.Task is { } task)
        {
            task.MaxValue = totalFrames ?? Math.Max(frame, 1);
            task.Value = frame;
            string total = totalFrames is { } t ? $"/{t}" : "";
            task.Description = Markup.Escape($"{input.Name}  {frame}{total} frames  {fps:F1} fps");
            return;
        }
        if (totalFrames is > 0)
        {
            double eta = (totalFrames.Value - frame) / Math.Max(fps, 1e-6);
            _log.Information("{Sequence}: frame {Frame}/{Total} ({Fps:F1} frames/s, {Eta:F0} s left)", input.Name, frame, totalFrames, fps, eta);
        }
        else
        {
            _log.Information("{Sequence}: frame {Frame} ({Fps:F1} frames/s)", input.Name, frame, fps);
        }
    }

    public void Finished(BatchInput input, SequenceRecord record)
    {
        _running.TryRemove(input.Name, out var running);
        if (running?.Task is { } task)
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
        if (_overall is not null)
        {
            _overall.Increment(1);
            _overall.Description = $"batch: {(int)_overall.Value}/{(int)_overall.MaxValue} sequences";
        }
        switch (record.Status)
        {
            case SequenceStatus.Done:
                if (_live is null) _log.Information("{Sequence}: done, {Frames} frames in {Seconds:F1} s ({Fps:F1} frames/s)", record.Name, record.Frames, record.Seconds, record.FramesPerSecond);
                break;
            case SequenceStatus.Failed:
                _log.Error("{Sequence}: failed: {Reason:l}", record.Name, record.Error);
                break;
            default:
                _log.Warning("{Sequence}: {Status:l}", record.Name, record.Status);
                break;
        }
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Dispose()
    {
        _done.TrySetResult();
        _display?.GetAwaiter().GetResult();
    }
}
