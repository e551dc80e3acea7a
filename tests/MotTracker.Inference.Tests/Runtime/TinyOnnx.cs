using System.Text;

namespace MotTracker.Inference.Tests.Runtime;

/// <summary>
/// Writes tiny ONNX models (one Identity node) as protobuf bytes, so runtime tests can use shapes no model
/// in ../shared has: symbolic dimensions, other element types, several inputs. Field numbers are those of
/// onnx.proto (ModelProto, GraphProto, NodeProto, ValueInfoProto, TypeProto, TensorShapeProto).
/// </summary>
internal static class TinyOnnx
{
    /// <summary>A dimension: a number, or a symbolic name such as "height".</summary>
    public readonly record struct Dim(long Value, string? Name = null)
    {
        public static implicit operator Dim(long value) => new(value);
        public static implicit operator Dim(string name) => new(0, name);
    }

    public const int Float = 1, Int64 = 7;

    /// <summary>An Identity model y = x per input; every input is also an output named "&lt;name&gt;_out".</summary>
    public static string Write(string directory, int elementType, params (string Name, Dim[] Shape)[] inputs)
    {
        var graph = new List<byte>();
        foreach (var (name, _) in inputs)
        {
            var node = new List<byte>();
            String(node, 1, name);
            String(node, 2, name + "_out");
            String(node, 4, "Identity");
            Message(graph, 1, node);
        }
        String(graph, 2, "tiny");
        foreach (var (name, shape) in inputs)
            Message(graph, 11, ValueInfo(name, elementType, shape));
        foreach (var (name, shape) in inputs)
            Message(graph, 12, ValueInfo(name + "_out", elementType, shape));

        var opset = new List<byte>();
        String(opset, 1, "");
        Varint(opset, 2, 13);
        var model = new List<byte>();
        Varint(model, 1, 7); // IR version 7 (ONNX 1.8), read by every ORT 1.x still in use
        Message(model, 8, opset);
        Message(model, 7, graph);

        string path = Path.Combine(directory, $"tiny-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model.ToArray());
        return path;
    }

    private static List<byte> ValueInfo(string name, int elementType, Dim[] shape)
    {
        var dims = new List<byte>();
        foreach (var d in shape)
        {
            var dim = new List<byte>();
            if (d.Name is { } symbol) String(dim, 2, symbol); else Varint(dim, 1, d.Value);
            Message(dims, 1, dim);
        }
        var tensor = new List<byte>();
        Varint(tensor, 1, elementType);
        Message(tensor, 2, dims);
        var type = new List<byte>();
        Message(type, 1, tensor);
        var info = new List<byte>();
        String(info, 1, name);
        Message(info, 2, type);
        return info;
    }

    private static void Key(List<byte> to, int field, int wireType) => RawVarint(to, (ulong)((field << 3) | wireType));

    private static void Varint(List<byte> to, int field, long value)
    {
        Key(to, field, 0);
        RawVarint(to, (ulong)value);
    }

    private static void String(List<byte> to, int field, string value) => Bytes(to, field, Encoding.UTF8.GetBytes(value));

    private static void Message(List<byte> to, int field, List<byte> message) => Bytes(to, field, message.ToArray());

    private static void Bytes(List<byte> to, int field, byte[] bytes)
    {
        Key(to, field, 2);
        RawVarint(to, (ulong)bytes.Length);
        to.AddRange(bytes);
    }

    private static void RawVarint(List<byte> to, ulong value)
    {
        while (value >= 0x80)
        {
            to.Add((byte)(value | 0x80));
            value >>= 7;
        }
        to.Add((byte)value);
    }
}
