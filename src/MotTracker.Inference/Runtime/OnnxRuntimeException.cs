namespace MotTracker.Inference.Runtime;

/// <summary>ONNX Runtime's <c>OrtErrorCode</c>; values are fixed by the C API.</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
}

/// <summary>
/// An error status returned by ONNX Runtime. The message is ORT's own text, prefixed with what mottrack
/// was doing, so the user sees both the operation and the runtime's reason.
/// </summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode errorCode, string operation, string ortMessage)
        : base($"ONNX Runtime {operation} failed ({errorCode}): {ortMessage}")
    {
        ErrorCode = errorCode;
        Operation = operation;
        OrtMessage = ortMessage;
    }

    public OrtErrorCode ErrorCode { get; }

    /// <summary>What was being done, e.g. "CreateSession for 'model.onnx'".</summary>
    public string Operation { get; }

    /// <summary>The message exactly as ONNX Runtime reported it.</summary>
    public string OrtMessage { get; }
}

/// <summary>
/// The ONNX Runtime native library could not be found or is not usable. The message lists every place
/// that was tried and how to obtain the library.
/// </summary>
public sealed class OnnxRuntimeLoadException : Exception
{
    public OnnxRuntimeLoadException(string message, IReadOnlyList<string> triedLocations, Exception? inner = null)
        : base(message, inner)
    {
        TriedLocations = triedLocations;
    }

    /// <summary>The paths or names tried, in order.</summary>
    public IReadOnlyList<string> TriedLocations { get; }
}
