using System.Reflection;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>
/// One-time setup before the first OpenCV call: where the native library is found and how loud
/// OpenCV and its built-in FFmpeg are. Every Media class that touches OpenCV calls
/// <see cref="EnsureInitialized"/> in its constructor, so commands that never decode (eval,
/// public-detection track, --version) never load libOpenCvSharpExtern.
/// </summary>
internal static partial class OpenCvRuntime
{
    /// <summary>The name OpenCvSharp's DllImports ask for.</summary>
    private const string ExternLibrary = "OpenCvSharpExtern";

    /// <summary>
    /// FFmpeg's AV_LOG_QUIET. OpenCV reads OPENCV_FFMPEG_LOGLEVEL once, when its FFmpeg backend first
    /// registers, and then filters every FFmpeg log line below that level.
    /// </summary>
    private const string FfmpegQuiet = "-8";

    private static readonly object Gate = new();
    private static bool s_initialized;

    public static void EnsureInitialized()
    {
        if (Volatile.Read(ref s_initialized))
            return;
        lock (Gate)
        {
            if (s_initialized)
                return;
            InstallResolver(typeof(Mat).Assembly);
            QuietFfmpeg();
            // OpenCvSharp exposes no log callback, so OpenCV's own lines cannot be routed through our
            // logger; silence them and let each source report what matters through its Warning callback.
            Cv2.SetLogLevel(LogLevel.SILENT);
            s_initialized = true;
        }
    }

    private static void InstallResolver(Assembly openCvSharp)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(openCvSharp, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another component already installed a resolver for OpenCvSharp; that one decides.
        }
    }

    /// <summary>
    /// Under Native AOT (and in a published folder) the library sits beside the executable, which the
    /// default probing does not look at when mottrack is started from elsewhere: try the app's own
    /// folders first, then fall back to the default search (deps.json's runtimes/ folder in a build).
    /// </summary>
    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != ExternLibrary)
            return IntPtr.Zero;
        foreach (string? folder in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(Environment.ProcessPath) })
        {
            if (string.IsNullOrEmpty(folder))
                continue;
            string candidate = Path.Combine(folder, PlatformFileName());
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out IntPtr handle))
                return handle;
        }
        return IntPtr.Zero; // the runtime goes on with its default probing
    }

    private static string PlatformFileName() =>
        OperatingSystem.IsWindows() ? ExternLibrary + ".dll"
        : OperatingSystem.IsMacOS() ? "lib" + ExternLibrary + ".dylib"
        : "lib" + ExternLibrary + ".so";

    /// <summary>
    /// FFmpeg inside OpenCV prints decoder complaints ("ac-tex damaged", "Invalid data found") straight
    /// to stderr. OpenCV offers only an environment variable for its level, and it is read by native
    /// getenv, which .NET's Environment.SetEnvironmentVariable does not reach; so it is set through libc.
    /// A value the user set is kept (that is how FFmpeg's output is brought back for debugging).
    /// </summary>
    private static void QuietFfmpeg()
    {
        const string variable = "OPENCV_FFMPEG_LOGLEVEL";
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable(variable) is not null)
            return;
        _ = SetEnv(variable, FfmpegQuiet, 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
