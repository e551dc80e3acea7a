using System.Diagnostics;
using Serilog;
using Spectre.Console;

namespace MotTracker.Cli.Logging;

/// <summary>
/// Frame progress: a live bar when a person watches a terminal, a plain log line every few seconds
/// otherwise (piped, redirected, CI), so logs stay readable and small.
/// </summary>
internal sealed class FrameProgress : IDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly ILogger _log;
    private readonly string _name;
    private readonly int? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ProgressTask? _task;
    private readonly Task? _display;
    private readonly TaskCompletionSource _done = new();
    private TimeSpan _lastLine;

    private FrameProgress(ILogger log, string name, int? total, bool interactive)
    {
        _log = log;
        _name = name;
        _total = total;
        if (!interactive) return;
        var ready = new TaskCompletionSource<ProgressTask>();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        _display = console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                ready.SetResult(ctx.AddTask(name, maxValue: total ?? 1));
                await _done.Task.ConfigureAwait(false);
            });
        _task = ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>A live bar only on an interactive stderr that is the real console, never under CI.</summary>
    public static FrameProgress Start(CliContext context, ILogger log, string name, int? totalFrames, bool quiet)
    {
        bool interactive = !quiet
            && ReferenceEquals(context.Error, Console.Error)
            && !Console.IsErrorRedirected
            && string.IsNullOrEmpty(context.Environment("CI"))
            && totalFrames is > 0;
        return new FrameProgress(log, name, totalFrames, interactive);
    }

    public void FrameDone(int frame)
    {
        if (_task is not null)
        {
            _task.Value = Math.Min(frame, _task.MaxValue);
            return;
        }
        var now = _clock.Elapsed;
        if (now - _lastLine < PlainInterval) return;
        _lastLine = now;
        double fps = frame / Math.Max(now.TotalSeconds, 1e-6);
        if (_total is > 0) _log.Information("{Sequence}: frame {Frame}/{Total} ({Fps:F1} frames/s)", _name, frame, _total, fps);
        else _log.Information("{Sequence}: frame {Frame} ({Fps:F1} frames/s)", _name, frame, fps);
    }

    public void Dispose()
    {
        _done.TrySetResult();
        _display?.GetAwaiter().GetResult();
    }
}
