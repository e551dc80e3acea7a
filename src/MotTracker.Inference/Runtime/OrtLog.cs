using System.Runtime.InteropServices;

namespace MotTracker.Inference.Runtime;

/// <summary>
/// Receives ONNX Runtime's log lines (warning level and above) through the custom logger given to
/// CreateEnvWithCustomLogger. ORT's logger is process-wide, but its messages are raised on the thread that
/// makes the call, so a thread-local route sends them to the warning callback of the model whose call is
/// in progress; lines raised elsewhere (ORT's own worker threads) go to standard error as ORT's default
/// logger would print them.
/// </summary>
internal static unsafe class OrtLog
{
    [ThreadStatic] private static Action<string>? t_route;
    [ThreadStatic] private static List<string>? t_capture;

    /// <summary>
    /// Routes this thread's ORT log lines to <paramref name="warn"/> until disposed, or, when
    /// <paramref name="capture"/> is given, collects their message text there instead.
    /// </summary>
    public static Scope Route(Action<string>? warn, List<string>? capture = null)
    {
        var scope = new Scope(t_route, t_capture);
        t_route = warn;
        t_capture = capture;
        return scope;
    }

    public readonly struct Scope(Action<string>? previousRoute, List<string>? previousCapture) : IDisposable
    {
        public void Dispose()
        {
            t_route = previousRoute;
            t_capture = previousCapture;
        }
    }

    [UnmanagedCallersOnly]
    internal static void OnMessage(nint param, int severity, nint category, nint logId, nint codeLocation, nint message)
    {
        // An exception must never unwind into native code: it would take the process down.
        try
        {
            string body = Marshal.PtrToStringUTF8(message) ?? "";
            if (t_capture is { } capture)
            {
                capture.Add(body);
                return;
            }
            string text = $"onnxruntime {SeverityName(severity)}: {body}";
            var route = t_route;
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

    private static string SeverityName(int severity) => severity switch
    {
        0 => "verbose",
        1 => "info",
        2 => "warning",
        3 => "error",
        _ => "fatal",
    };
}
