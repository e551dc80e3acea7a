using System.Diagnostics;

namespace MotTracker.Inference.Runtime;

/// <summary>
/// A float32 ONNX model with one input, run by ONNX Runtime through its C API.
/// </summary>
/// <remarks>
/// After construction the object holds no mutable state, and ORT sessions accept concurrent Run calls, so
/// <see cref="Run"/> may be called from several threads at once; only <see cref="Dispose"/> must not
/// overlap a Run. The input is handed to ORT in place (the caller's memory is pinned for the call, never
/// copied); the first output is copied out once, into a new array (<see cref="Run"/>) or the caller's
/// buffer (<see cref="RunInto"/>).
/// </remarks>
public sealed unsafe class OrtModel : ITensorModel
{
    private readonly OrtRuntime _runtime;
    private readonly OrtApi _api;
    private readonly Action<string>? _warn;
    private nint _env;
    private nint _session;
    private nint _memoryInfo;
    private nint _allocator;

    // ORT-allocated UTF-8 names, kept for Run (which takes name pointers) and freed on Dispose.
    private nint _inputName;
    private nint _outputName;

    public OrtModel(string modelPath, OrtOptions? options = null)
    {
        options ??= new OrtOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads, nameof(options.IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(options.InterOpThreads, nameof(options.InterOpThreads));
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"Model file '{modelPath}' does not exist.", modelPath);

        ModelPath = Path.GetFullPath(modelPath);
        _warn = options.Warn;
        _runtime = OrtRuntime.Load(options.LibraryPath);
        _api = _runtime.Api;

        var clock = Stopwatch.StartNew();
        nint sessionOptions = 0;
        using var route = OrtLog.Route(_warn);
        try
        {
            _env = _api.CreateEnv("mottrack");
            sessionOptions = _api.CreateSessionOptions();
            _api.SetIntraOpNumThreads(sessionOptions, options.IntraOpThreads);
            _api.SetInterOpNumThreads(sessionOptions, options.InterOpThreads);
            _api.SetGraphOptimizationLevel(sessionOptions, options.Optimization);
            Device = ChooseDevice(sessionOptions, options);
            _session = _api.CreateSession(_env, ModelPath, sessionOptions);
            _memoryInfo = _api.CreateCpuMemoryInfo();
            _allocator = _api.GetAllocatorWithDefaultOptions();
            (Inputs, _inputName) = ReadSpecs(input: true);
            (Outputs, _outputName) = ReadSpecs(input: false);
        }
        catch
        {
            ReleaseNative();
            GC.SuppressFinalize(this);
            throw;
        }
        finally
        {
            // The session keeps its own copy of the options.
            _api.ReleaseSessionOptions(sessionOptions);
        }
        SessionCreationTime = clock.Elapsed;
    }

    ~OrtModel() => ReleaseNative();

    public string ModelPath { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; } = [];

    public IReadOnlyList<TensorSpec> Outputs { get; } = [];

    /// <summary>The device the session really runs on, after any CUDA fallback.</summary>
    public ExecutionDevice Device { get; }

    /// <summary>Time taken to create the ORT environment and session and read the model's signature.</summary>
    public TimeSpan SessionCreationTime { get; }

    public string RuntimeVersion => _runtime.Version;

    public string LibraryPath => _runtime.LibraryPath;

    /// <summary>Runs the model and returns the first output in a new array.</summary>
    public TensorResult Run(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape)
    {
        long[] shape = RunCore(input, inputShape, Span<float>.Empty, allocate: true, out float[]? data);
        return new TensorResult(data!, shape);
    }

    /// <summary>
    /// Runs the model and copies the first output into <paramref name="output"/>, so a caller running every
    /// frame can reuse one buffer instead of allocating the output each time.
    /// </summary>
    /// <returns>The output's shape; the data fills the first (product of shape) elements of <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than the output tensor.</exception>
    public long[] RunInto(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, Span<float> output)
    {
        return RunCore(input, inputShape, output, allocate: false, out _);
    }

    public void Dispose()
    {
        ReleaseNative();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs once; the first output goes to a new array when <paramref name="allocate"/>, else to <paramref name="destination"/>.</summary>
    private long[] RunCore(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, Span<float> destination, bool allocate,
        out float[]? allocated)
    {
        allocated = null;
        ObjectDisposedException.ThrowIf(_session == 0, this);
        ValidateInput(input, inputShape);

        using var route = OrtLog.Route(_warn);
        nint inputValue = 0;
        nint outputValue = 0;
        try
        {
            // ORT only reads the input, so the caller's memory is wrapped as a tensor without a copy.
            fixed (float* data = input)
            fixed (long* shape = inputShape)
            {
                inputValue = _api.CreateFloatTensor(_memoryInfo, data, input.Length, shape, inputShape.Length);
                nint inputName = _inputName;
                nint outputName = _outputName;
                _api.Run(_session, &inputName, &inputValue, 1, &outputName, &outputValue, 1);
            }

            var (elementType, outputShape, count) = _api.GetTensorTypeAndShape(outputValue);
            if (elementType != OrtApi.ElementTypeFloat)
                throw new NotSupportedException(
                    $"Output '{Outputs[0].Name}' of '{ModelPath}' has ONNX element type {elementType}; only float32 (1) is supported.");
            if (count > Array.MaxLength)
                throw new NotSupportedException($"Output '{Outputs[0].Name}' of '{ModelPath}' has {count} elements, too many for one array.");

            var source = new ReadOnlySpan<float>((void*)_api.GetTensorMutableData(outputValue), (int)count);
            if (allocate)
            {
                allocated = source.ToArray();
            }
            else
            {
                if (destination.Length < count)
                    throw new ArgumentException(
                        $"Output buffer holds {destination.Length} floats but output '{Outputs[0].Name}' has shape "
                        + $"{FormatShape(outputShape)} = {count} floats.", "output");
                source.CopyTo(destination);
            }
            return outputShape;
        }
        finally
        {
            _api.ReleaseValue(outputValue);
            _api.ReleaseValue(inputValue);
            // Without this the JIT may treat the object as dead once its fields are read, letting the
            // finalizer release the session while ORT is still running it.
            GC.KeepAlive(this);
        }
    }

    private void ValidateInput(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape)
    {
        var spec = Inputs[0];
        if (spec.Shape.Length != inputShape.Length)
            throw new ArgumentException(
                $"Input shape {FormatShape(inputShape)} has rank {inputShape.Length}, but input '{spec.Name}' of '{ModelPath}' "
                + $"is {FormatShape(spec.Shape)}.", nameof(inputShape));
        long product = 1;
        for (int i = 0; i < inputShape.Length; i++)
        {
            long dim = inputShape[i];
            if (dim <= 0 || (spec.Shape[i] >= 0 && spec.Shape[i] != dim))
                throw new ArgumentException(
                    $"Input shape {FormatShape(inputShape)} does not fit input '{spec.Name}' of '{ModelPath}', which is "
                    + $"{FormatShape(spec.Shape)} (-1 = any size); axis {i} is wrong.", nameof(inputShape));
            product = checked(product * dim);
        }
        if (product != input.Length)
            throw new ArgumentException(
                $"Input shape {FormatShape(inputShape)} needs {product} floats but {input.Length} were given.", nameof(input));
    }

    private ExecutionDevice ChooseDevice(nint sessionOptions, OrtOptions options)
    {
        if (options.Device == ExecutionDevice.Cpu)
            return ExecutionDevice.Cpu;

        // A CPU-only ORT also logs the failed provider load at error level. That line names the file that
        // could not be loaded, which the returned status does not, so it is captured and folded into the
        // one warning instead of being printed separately.
        var logged = new List<string>();
        string? failure;
        using (OrtLog.Route(_warn, capture: logged))
            failure = _api.TryAppendCuda(sessionOptions, options.CudaDeviceId);
        if (failure is null)
            return ExecutionDevice.Cuda;

        string message = $"CUDA was requested ({options.Device}) but is not available, running on CPU instead: {failure}";
        if (logged.Count > 0)
            message += $" ({ShortenOrtLogLine(logged[0])})";
        if (_warn is not null)
            _warn(message);
        else
            Console.Error.WriteLine("warning: " + message);
        return ExecutionDevice.Cpu;
    }

    private (TensorSpec[] Specs, nint FirstName) ReadSpecs(bool input)
    {
        string kind = input ? "input" : "output";
        int count = input ? _api.SessionGetInputCount(_session) : _api.SessionGetOutputCount(_session);
        if (count == 0 || (input && count != 1))
            throw new NotSupportedException(
                $"'{ModelPath}' has {count} {kind}s; mottrack models need exactly one float32 input and at least one output.");

        var specs = new TensorSpec[count];
        nint firstName = 0;
        for (int i = 0; i < count; i++)
        {
            nint name = _api.SessionGetName(_session, i, input, _allocator);
            string managedName = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(name) ?? "";
            if (i == 0)
            {
                firstName = name;
                // Stored now so ReleaseNative frees it even if a later check throws.
                if (input) _inputName = name; else _outputName = name;
            }
            else
            {
                _api.AllocatorFree(_allocator, name);
            }

            var (elementType, shape) = _api.SessionGetTypeAndShape(_session, i, input);
            if (i == 0 && elementType != OrtApi.ElementTypeFloat)
                throw new NotSupportedException(
                    $"First {kind} '{managedName}' of '{ModelPath}' has ONNX element type {elementType}; only float32 (1) is supported.");
            specs[i] = new TensorSpec(managedName, shape);
        }
        return (specs, firstName);
    }

    private void ReleaseNative()
    {
        if (_api is null)
            return; // the runtime failed to load; nothing native was created
        if (_inputName != 0) _api.AllocatorFree(_allocator, _inputName);
        if (_outputName != 0) _api.AllocatorFree(_allocator, _outputName);
        _inputName = _outputName = 0;
        _api.ReleaseMemoryInfo(_memoryInfo);
        _memoryInfo = 0;
        _api.ReleaseSession(_session);
        _session = 0;
        _api.ReleaseEnv(_env);
        _env = 0;
    }

    /// <summary>
    /// ORT error log lines start with the source location and function ("/onnxruntime_src/...cc:1988 ...
    /// [ONNXRuntimeError] : 1 : FAIL : reason"); only the reason is useful to a user.
    /// </summary>
    internal static string ShortenOrtLogLine(string line)
    {
        const string marker = "[ONNXRuntimeError] : ";
        int at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
            return line.Trim();
        string[] parts = line[(at + marker.Length)..].Split(" : ", 3);
        return (parts.Length == 3 ? parts[2] : parts[^1]).Trim();
    }

    private static string FormatShape(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "[" + string.Join(",", parts) + "]";
    }
}
