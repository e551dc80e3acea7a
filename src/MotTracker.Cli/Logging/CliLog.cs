using System.CommandLine;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace MotTracker.Cli.Logging;

/// <summary>
/// Logging for every command: human-readable lines or one JSON object per line (for log collectors),
/// always on standard error so standard output stays clean for results and summaries.
/// </summary>
internal static class CliLog
{
    public static Option<string> Format { get; } = new Option<string>("--log-format")
    {
        Description = "Log lines on stderr as 'text' or 'json' (one JSON object a line, for log collectors).",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    }.AcceptOnlyFromAmong("text", "json");

    public static Option<bool> Verbose { get; } = new("--verbose") { Description = "Also log debug details.", Recursive = true };

    public static Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Log errors only (no warnings, no progress).", Recursive = true };

    public static void AddTo(Command root)
    {
        root.Add(Format);
        root.Add(Verbose);
        root.Add(Quiet);
    }

    public static ILogger Create(ParseResult parse, CliContext context)
    {
        var level = parse.GetValue(Quiet) ? LogEventLevel.Error : parse.GetValue(Verbose) ? LogEventLevel.Debug : LogEventLevel.Information;
        ITextFormatter formatter = parse.GetValue(Format) == "json"
            ? new JsonFormatter(renderMessage: true)
            : new MessageTemplateTextFormatter("{Level:w}: {Message:lj}{NewLine}{Exception}");
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Sink(new TextWriterSink(context.Error, formatter))
            .CreateLogger();
    }

    /// <summary>Writes formatted events to an injected writer (the console's stderr, or a test's StringWriter).</summary>
    private sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
    {
        private readonly object _gate = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_gate)
            {
                formatter.Format(logEvent, writer);
                writer.Flush();
            }
        }
    }
}
