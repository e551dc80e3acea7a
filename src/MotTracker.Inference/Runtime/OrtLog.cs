using Microsoft.ML.OnnxRuntime;

namespace MotTracker.Inference.Runtime;

/// <summary>
/// Owns ONNX Runtime's process-wide environment and receives its log lines (warning level and above)
/// through the logging callback of <see cref="EnvironmentCreationOptions"/>, so they reach the
/// application's logger (text or JSON) instead of ORT's default sink, which prints to standard error.
/// </summary>
/// <remarks>
/// ORT raises a message on the thread that makes the call, so a thread-local route sends it to the warning
/// callback of the model whose call is in progress; lines raised on ORT's own worker threads go to the
/// process-wide <see cref="Sink"/>.
/// </remarks>
public static class OrtLog
{
    [ThreadStatic] private static Action<string>? t_route;
    [ThreadStatic] private static List<string>? t_capture;

    private static readonly Lock s_gate = new();
    private static OrtEnv? s_env;
    private static Action<string>? s_sink;

    // Held in a static field: ORT keeps the function pointer for the life of the process, so the delegate
    // must never be collected.
    private static readonly DOrtLoggingFunction s_callback = OnMessage;

    /// <summary>
    /// Where ORT lines go when no model call on the current thread routes them (ORT's worker threads). An
    /// application sets this to its logger once; until then such lines go to standard error.
    /// </summary>
    public static Action<string>? Sink
    {
        get => Volatile.Read(ref s_sink);
        set => Volatile.Write(ref s_sink, value);
    }

    /// <summary>The ORT environment with this class's logger; created on first use.</summary>
    internal static OrtEnv Environment
    {
        get
        {
            lock (s_gate)
            {
                if (s_env is not null)
                    return s_env;
                var options = new EnvironmentCreationOptions
                {
                    logId = "mottrack",
                    logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                    loggingFunction = s_callback,
                };
                s_env = OrtEnv.CreateInstanceWithOptions(ref options);
                return s_env;
            }
        }
    }

    /// <summary>ONNX Runtime's version string, e.g. "1.31.1".</summary>
    public static string RuntimeVersion => Environment.GetVersionString();

    /// <summary>
    /// Routes this thread's ORT log lines to <paramref name="warn"/> until disposed, or, when
    /// <paramref name="capture"/> is given, collects their message text there instead.
    /// </summary>
    internal static Scope Route(Action<string>? warn, List<string>? capture = null)
    {
        var scope = new Scope(t_route, t_capture);
        t_route = warn;
        t_capture = capture;
        return scope;
    }

    internal readonly struct Scope(Action<string>? previousRoute, List<string>? previousCapture) : IDisposable
    {
        public void Dispose()
        {
            t_route = previousRoute;
            t_capture = previousCapture;
        }
    }

    private static void OnMessage(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        // An exception must never unwind into native code: it would take the process down.
        try
        {
            if (t_capture is { } capture)
            {
                capture.Add(message);
                return;
            }
            string text = $"onnxruntime {SeverityName(severity)}: {ShortenLine(message)}";
            var route = t_route ?? Sink;
            if (route is not null)
                route(text);
            else
                Console.Error.WriteLine(text);
        }
        catch (Exception)
        {
            // Nothing sensible can be done with a failing log sink inside a native callback.
        }
    }

    private static string SeverityName(OrtLoggingLevel severity) => severity switch
    {
        OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE => "verbose",
        OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => "info",
        OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => "warning",
        OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => "error",
        _ => "fatal",
    };

    /// <summary>
    /// ORT error text often starts with the source location and function ("/onnxruntime_src/...cc:1988 ...
    /// [ONNXRuntimeError] : 1 : FAIL : reason"); only the reason is useful to a user.
    /// </summary>
    internal static string ShortenLine(string line)
    {
        const string marker = "[ONNXRuntimeError] : ";
        int at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
            return line.Trim();
        string[] parts = line[(at + marker.Length)..].Split(" : ", 3);
        return (parts.Length == 3 ? parts[2] : parts[^1]).Trim();
    }
}
