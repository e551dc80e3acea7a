using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MotTracker.Inference.Runtime;

/// <summary>A float32 ONNX model with one input, run by ONNX Runtime's managed API (NuGet package).</summary>
/// <remarks>
/// ORT sessions accept concurrent Run calls, so <see cref="Run"/> may be called from several threads at
/// once; only <see cref="Dispose"/> must not overlap a Run. The input is handed to ORT in place (the
/// caller's memory is pinned for the call and wrapped by an <see cref="OrtValue"/>, never copied). When the
/// first output has a fixed shape, <see cref="RunInto"/> wraps the caller's buffer the same way and ORT
/// writes the result straight into it; otherwise ORT allocates the output and it is copied out once.
/// The object holds only managed ORT objects, which release their native handles themselves, so it needs
/// no finalizer of its own (and a finalizer that could throw is never run).
/// </remarks>
public sealed class OrtModel : ITensorModel
{
    /// <summary>Whether this build references the CUDA package (built with -p:MotTrackerGpu=true).</summary>
    public static bool IsGpuBuild { get; } =
#if MOTTRACKER_GPU
        true;
#else
        false;
#endif

    /// <summary>How to get a build that can use CUDA; part of the CPU build's fallback warning.</summary>
    public const string GpuBuildHint =
        "this mottrack is the CPU build (ONNX Runtime's CPU package has no CUDA provider); build with -p:MotTrackerGpu=true for the CUDA build";

    private readonly Action<string>? _warn;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _fixedOutput;
    private readonly long[] _fixedOutputShape = [];
    private readonly long _fixedOutputCount;
    private bool _disposed;

    public OrtModel(string modelPath, OrtOptions? options = null)
    {
        options ??= new OrtOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads, nameof(options.IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(options.InterOpThreads, nameof(options.InterOpThreads));
        ModelPath = Path.GetFullPath(modelPath);
        if (!File.Exists(ModelPath))
            throw new FileNotFoundException($"model file '{ModelPath}' does not exist", ModelPath);

        _warn = options.Warn;
        _ = OrtLog.Environment; // the environment (with its logger) must exist before any session
        var clock = Stopwatch.StartNew();
        using (OrtLog.Route(_warn))
            (_session, Device) = CreateSession(options);

        _runOptions = new RunOptions();
        try
        {
            (Inputs, _inputNames) = ReadSpecs(_session.InputNames, _session.InputMetadata, "input");
            (Outputs, _outputNames) = ReadSpecs(_session.OutputNames, _session.OutputMetadata, "output");
            if (Inputs.Count != 1)
                throw new InvalidModelException(
                    $"model '{ModelPath}' has {Inputs.Count} inputs; mottrack models take exactly one float32 image tensor");
        }
        catch
        {
            // A model object whose construction fails gives its native objects back at once, not to the GC.
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }

        _fixedOutputShape = Outputs[0].Shape;
        _fixedOutput = _fixedOutputShape.All(d => d > 0);
        _fixedOutputCount = _fixedOutput ? _fixedOutputShape.Aggregate(1L, (a, d) => a * d) : 0;
        SessionCreationTime = clock.Elapsed;
    }

    public string ModelPath { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>The device the session really runs on, after any CUDA fallback.</summary>
    public ExecutionDevice Device { get; }

    /// <summary>Time taken to create the session and read the model's signature.</summary>
    public TimeSpan SessionCreationTime { get; }

    public static string RuntimeVersion => OrtLog.RuntimeVersion;

    /// <summary>Runs the model and returns the first output in a new array.</summary>
    public TensorResult Run(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape)
    {
        long[] shape = RunCore(input, inputShape, Span<float>.Empty, allocate: true, out float[]? data);
        return new TensorResult(data!, shape);
    }

    /// <summary>
    /// Runs the model and puts the first output into <paramref name="output"/>, so a caller running every
    /// frame reuses one buffer instead of allocating the output each time.
    /// </summary>
    /// <returns>The output's shape; the data fills the first (product of shape) elements of <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than the output tensor.</exception>
    public long[] RunInto(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, Span<float> output) =>
        RunCore(input, inputShape, output, allocate: false, out _);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _session.Dispose();
        _runOptions.Dispose();
    }

    private (InferenceSession Session, ExecutionDevice Device) CreateSession(OrtOptions options)
    {
        string? cudaFailure = null;
        if (options.Device != ExecutionDevice.Cpu)
        {
            using var cudaOptions = NewSessionOptions(options);
            cudaFailure = TryAppendCuda(cudaOptions, options.CudaDeviceId);
            if (cudaFailure is null)
            {
                try
                {
                    return (new InferenceSession(ModelPath, cudaOptions), ExecutionDevice.Cuda);
                }
                catch (OnnxRuntimeException ex)
                {
                    // No device, a driver too old, or the model failing under CUDA: the CPU session below
                    // tells which; if it works, CUDA was the problem.
                    cudaFailure = "creating the session under CUDA failed: " + OrtMessage(ex);
                }
            }
        }

        using var cpuOptions = NewSessionOptions(options);
        InferenceSession session;
        try
        {
            session = new InferenceSession(ModelPath, cpuOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            // ORT's text repeats the path ("Load model from X failed:reason"); the reason is what is new.
            string reason = OrtMessage(ex).Replace($"Load model from {ModelPath} failed:", "", StringComparison.Ordinal).Trim();
            throw new InvalidModelException($"model '{ModelPath}' cannot be loaded by ONNX Runtime: {reason}", ex);
        }

        if (cudaFailure is not null)
            Warn($"CUDA was requested ({options.Device.ToString().ToLowerInvariant()}) but cannot be used, running on CPU instead: {cudaFailure}");
        return (session, ExecutionDevice.Cpu);
    }

    private static SessionOptions NewSessionOptions(OrtOptions options) => new()
    {
        IntraOpNumThreads = options.IntraOpThreads,
        InterOpNumThreads = options.InterOpThreads,
        GraphOptimizationLevel = (GraphOptimizationLevel)options.Optimization,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
    };

    /// <summary>Appends the CUDA provider; returns null on success, else the reason it cannot be used.</summary>
    private static string? TryAppendCuda(SessionOptions sessionOptions, int deviceId)
    {
        // The CPU package lacks the provider's entry point altogether; its raw error says less than this.
        if (!IsGpuBuild)
            return GpuBuildHint;

        // ORT also logs the failed provider load at error level; that line names the file that could not
        // be loaded, which the exception may not, so it is captured and folded into the one warning.
        var logged = new List<string>();
        try
        {
            using (OrtLog.Route(null, capture: logged))
                sessionOptions.AppendExecutionProvider_CUDA(deviceId);
            return null;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            string reason = ex is OnnxRuntimeException ort ? OrtMessage(ort) : ex.Message;
            foreach (string line in logged)
            {
                string shortLine = OrtLog.ShortenLine(line);
                if (!reason.Contains(shortLine, StringComparison.Ordinal))
                {
                    reason += $" ({shortLine})";
                    break;
                }
            }
            return reason;
        }
    }

    private void Warn(string message)
    {
        var sink = _warn ?? OrtLog.Sink;
        if (sink is not null)
            sink(message);
        else
            Console.Error.WriteLine("warning: " + message);
    }

    /// <summary>ORT's managed exceptions start with "[ErrorCode:X] "; the rest is the reason.</summary>
    internal static string OrtMessage(OnnxRuntimeException ex)
    {
        string message = ex.Message;
        if (message.StartsWith("[ErrorCode:", StringComparison.Ordinal) && message.IndexOf("] ", StringComparison.Ordinal) is int end and > 0)
            message = message[(end + 2)..];
        return message.Trim();
    }

    private long[] RunCore(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, Span<float> destination, bool allocate,
        out float[]? allocated)
    {
        allocated = null;
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateInput(input, inputShape);

        using var route = OrtLog.Route(_warn);
        long[] shape = inputShape.ToArray();
        unsafe
        {
            fixed (float* data = input)
            {
                // ORT only reads the input, so the caller's (pinned) memory is wrapped without a copy.
                using var inputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                    shape, (nint)data, (long)input.Length * sizeof(float));
                if (!allocate && _fixedOutput && shape[0] == Inputs[0].Shape[0])
                {
                    if (destination.Length < _fixedOutputCount)
                        throw TooSmall(destination.Length, _fixedOutputShape, _fixedOutputCount);
                    fixed (float* target = destination)
                    {
                        using var outputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                            _fixedOutputShape, (nint)target, _fixedOutputCount * sizeof(float));
                        _session.Run(_runOptions, _inputNames, [inputValue], _outputNames, [outputValue]);
                    }
                    return (long[])_fixedOutputShape.Clone();
                }

                using var outputs = _session.Run(_runOptions, _inputNames, [inputValue], _outputNames);
                var output = outputs[0];
                var info = output.GetTensorTypeAndShape();
                if (info.ElementDataType != TensorElementType.Float)
                    throw new InvalidModelException(
                        $"output '{Outputs[0].Name}' of '{ModelPath}' is {info.ElementDataType}; only float32 outputs are supported");
                var source = output.GetTensorDataAsSpan<float>();
                if (allocate)
                {
                    allocated = source.ToArray();
                }
                else
                {
                    if (destination.Length < source.Length)
                        throw TooSmall(destination.Length, info.Shape, source.Length);
                    source.CopyTo(destination);
                }
                return info.Shape;
            }
        }
    }

    private ArgumentException TooSmall(int have, long[] shape, long need) => new(
        $"Output buffer holds {have} floats but output '{Outputs[0].Name}' has shape {FormatShape(shape)} = {need} floats.", "output");

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

    private (TensorSpec[] Specs, string[] FirstName) ReadSpecs(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata, string kind)
    {
        if (names.Count == 0)
            throw new InvalidModelException($"model '{ModelPath}' has no {kind}s");
        var specs = new TensorSpec[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            var node = metadata[names[i]];
            if (i == 0 && (!node.IsTensor || node.ElementDataType != TensorElementType.Float))
                throw new InvalidModelException(
                    $"first {kind} '{names[i]}' of model '{ModelPath}' is {(node.IsTensor ? node.ElementDataType.ToString() : node.OnnxValueType.ToString())}; only float32 tensors are supported");
            // Symbolic dimensions ("batch", "height") come back as -1, like unnamed dynamic ones.
            specs[i] = new TensorSpec(names[i], node.IsTensor ? node.Dimensions.Select(d => d > 0 ? (long)d : -1L).ToArray() : []);
        }
        return (specs, [names[0]]);
    }

    internal static string FormatShape(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        return "[" + string.Join(",", parts) + "]";
    }
}
