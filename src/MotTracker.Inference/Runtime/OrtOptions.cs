using Microsoft.ML.OnnxRuntime;

namespace MotTracker.Inference.Runtime;

/// <summary>Where a model should run.</summary>
public enum ExecutionDevice
{
    Cpu,

    /// <summary>CUDA; falls back to CPU with one warning when the build, libraries or machine have no CUDA.</summary>
    Cuda,

    /// <summary>CUDA when available, otherwise CPU (also with one warning naming the reason).</summary>
    Auto,
}

/// <summary>ONNX Runtime graph optimisation level; values are ORT's <see cref="GraphOptimizationLevel"/>.</summary>
public enum GraphOptimization
{
    Disabled = GraphOptimizationLevel.ORT_DISABLE_ALL,
    Basic = GraphOptimizationLevel.ORT_ENABLE_BASIC,
    Extended = GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    All = GraphOptimizationLevel.ORT_ENABLE_ALL,
}

/// <summary>How an <see cref="OrtModel"/> configures its session.</summary>
public sealed record OrtOptions
{
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads used across independent operators; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; init; }

    public GraphOptimization Optimization { get; init; } = GraphOptimization.All;

    /// <summary>CUDA device ordinal when <see cref="Device"/> asks for CUDA.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>
    /// Receives warnings: the CUDA fallback reason and ONNX Runtime's own warning-level log lines. When
    /// null they go to the process-wide sink of <see cref="OrtLog"/> (standard error unless the
    /// application installed its logger there).
    /// </summary>
    public Action<string>? Warn { get; init; }
}
