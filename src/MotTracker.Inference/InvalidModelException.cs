namespace MotTracker.Inference;

/// <summary>
/// A model file that cannot serve the requested purpose: unreadable by ONNX Runtime (corrupt, text, empty),
/// an unsupported signature, or the wrong kind of model (a ReID model given as a detector). This is bad
/// input from the user, not a failure of the program; the message names the file when it is known.
/// </summary>
public sealed class InvalidModelException(string message, Exception? inner = null) : Exception(message, inner);
