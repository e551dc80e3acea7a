namespace MotTracker.Inference.Runtime;

/// <summary>Where a model should run.</summary>
public enum ExecutionDevice
{
    Cpu,

    /// <summary>CUDA; falls back to CPU with one warning when the runtime or machine has no CUDA.</summary>
    Cuda,

    /// <summary>CUDA when available, otherwise CPU (also with one warning naming the reason).</summary>
    Auto,
}

/// <summary>ONNX Runtime graph optimisation level; values are the C API's <c>GraphOptimizationLevel</c>.</summary>
public enum GraphOptimization
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

/// <summary>How an <see cref="OrtModel"/> loads the runtime and configures its session.</summary>
public sealed record OrtOptions
{
    /// <summary>
    /// Path of the ONNX Runtime library. When null: MOTTRACK_ORT_LIBRARY, then the file next to the
    /// application, then the system's library search path.
    /// </summary>
    public string? LibraryPath { get; init; }

    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads used across independent operators; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; init; }

    public GraphOptimization Optimization { get; init; } = GraphOptimization.All;

    /// <summary>CUDA device ordinal when <see cref="Device"/> asks for CUDA.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>
    /// Receives warnings: the CUDA fallback reason and ONNX Runtime's own warning-level log lines raised
    /// while this model is created or run. When null they go to standard error.
    /// </summary>
    public Action<string>? Warn { get; init; }
}
