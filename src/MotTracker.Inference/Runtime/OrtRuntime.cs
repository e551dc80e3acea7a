using System.Runtime.InteropServices;

namespace MotTracker.Inference.Runtime;

/// <summary>
/// A loaded ONNX Runtime native library and its C API table. Loaded once per library path and kept for the
/// life of the process: ORT owns thread pools and static state, so unloading it is never safe.
/// </summary>
public sealed unsafe class OrtRuntime
{
    /// <summary>Environment variable naming the library to use when no explicit path is given.</summary>
    public const string LibraryEnvironmentVariable = "MOTTRACK_ORT_LIBRARY";

    /// <summary>
    /// The C API version requested from OrtApiBase.GetApi. Every slot used here exists at this version;
    /// a library serves every API version up to its own, so older-than-this libraries are refused.
    /// </summary>
    public const uint ApiVersion = 23;

    private static readonly Lock s_gate = new();
    private static readonly Dictionary<string, OrtRuntime> s_loaded = new(StringComparer.Ordinal);

    private OrtRuntime(string libraryPath, string version, OrtApi api)
    {
        LibraryPath = libraryPath;
        Version = version;
        Api = api;
    }

    /// <summary>Where the library was loaded from (a full path, or the bare name found by the system search).</summary>
    public string LibraryPath { get; }

    /// <summary>ONNX Runtime's own version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    internal OrtApi Api { get; }

    /// <summary>The platform's file name of the library, as `dotnet build` places it next to the program.</summary>
    public static string DefaultFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.1.dylib"
        : "libonnxruntime.so.1";

    /// <summary>
    /// Loads the library. Order: <paramref name="explicitPath"/>, then <see cref="LibraryEnvironmentVariable"/>,
    /// then <see cref="DefaultFileName"/> in <see cref="AppContext.BaseDirectory"/>, then the system search.
    /// An explicit path or environment variable that fails is an error rather than a reason to keep looking,
    /// because silently using a different library than the one the user named would hide their mistake.
    /// </summary>
    /// <exception cref="OnnxRuntimeLoadException">No usable library was found.</exception>
    public static OrtRuntime Load(string? explicitPath = null)
    {
        lock (s_gate)
        {
            var tried = new List<string>();
            if (!string.IsNullOrWhiteSpace(explicitPath))
                return LoadNamed(Path.GetFullPath(explicitPath), "the --ort-library option", tried);
            tried.Add("--ort-library option: not given");

            string? fromEnvironment = Environment.GetEnvironmentVariable(LibraryEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
                return LoadNamed(Path.GetFullPath(fromEnvironment), LibraryEnvironmentVariable, tried);
            tried.Add($"{LibraryEnvironmentVariable}: not set");

            string besideApp = Path.Combine(AppContext.BaseDirectory, DefaultFileName);
            if (File.Exists(besideApp))
                return LoadNamed(besideApp, "the application folder", tried);
            tried.Add($"{besideApp}: no such file");

            foreach (string name in SystemSearchNames())
            {
                if (s_loaded.TryGetValue(name, out var cached))
                    return cached;
                if (NativeLibrary.TryLoad(name, out nint handle))
                    return Register(name, handle, tried);
                tried.Add($"{name} on the system library search path: not found");
            }

            throw new OnnxRuntimeLoadException(
                "The ONNX Runtime native library was not found. Looked in:" + Environment.NewLine
                + string.Join(Environment.NewLine, tried.Select(t => "  - " + t)) + Environment.NewLine
                + HowToGet,
                tried);
        }
    }

    private static string HowToGet =>
        $"'dotnet build' fetches it with npm (package onnxruntime-node@1.30.0) into .cache/onnxruntime and copies "
        + $"{DefaultFileName} next to the program. Otherwise set {LibraryEnvironmentVariable} or --ort-library to a "
        + $"{DefaultFileName} from ONNX Runtime 1.{ApiVersion} or newer (tested with 1.30.0).";

    private static IEnumerable<string> SystemSearchNames()
    {
        if (OperatingSystem.IsWindows())
            return ["onnxruntime.dll"];
        if (OperatingSystem.IsMacOS())
            return ["libonnxruntime.1.dylib", "libonnxruntime.dylib"];
        return ["libonnxruntime.so.1", "libonnxruntime.so"];
    }

    private static OrtRuntime LoadNamed(string path, string source, List<string> tried)
    {
        if (s_loaded.TryGetValue(path, out var cached))
            return cached;
        tried.Add($"{path} (from {source})");
        if (!File.Exists(path))
            throw new OnnxRuntimeLoadException(
                $"The ONNX Runtime library '{path}' given by {source} does not exist. {HowToGet}", tried);
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeLoadException(
                $"The ONNX Runtime library '{path}' given by {source} could not be loaded: {ex.Message} {HowToGet}", tried, ex);
        }
        return Register(path, handle, tried);
    }

    private static OrtRuntime Register(string path, nint handle, List<string> tried)
    {
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
            throw new OnnxRuntimeLoadException(
                $"'{path}' loaded but is not ONNX Runtime: it has no OrtGetApiBase export. {HowToGet}", tried);

        // OrtApiBase is { const OrtApi* GetApi(uint32_t version); const char* GetVersionString(void); }.
        nint* apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        string version = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)apiBase[1])()) ?? "unknown";
        nint* table = ((delegate* unmanaged<uint, nint*>)apiBase[0])(ApiVersion);
        if (table == null)
            throw new OnnxRuntimeLoadException(
                $"'{path}' is ONNX Runtime {version}, which does not provide C API version {ApiVersion}. {HowToGet}", tried);

        // CUDA is appended through this export rather than the OrtApi slot because the export exists in
        // CPU-only builds too and reports a readable error there, which becomes the fallback warning.
        NativeLibrary.TryGetExport(handle, "OrtSessionOptionsAppendExecutionProvider_CUDA", out nint appendCuda);

        var runtime = new OrtRuntime(path, version, new OrtApi(table, appendCuda));
        s_loaded[path] = runtime;
        return runtime;
    }
}
