using MotTracker.Inference.Runtime;

namespace MotTracker.Inference.Tests.Runtime;

/// <summary>OrtModel on hand-written Identity models whose shapes the shared models do not have.</summary>
public sealed class TinyModelTests
{
    private static readonly OrtOptions OneThread = new() { IntraOpThreads = 1 };

    [Fact]
    public void Symbolic_height_and_width_read_as_dynamic_axes_and_any_size_runs()
    {
        string dir = TestData.NewTempDirectory();
        string path = TinyOnnx.Write(dir, TinyOnnx.Float, ("images", [1, 3, "height", "width"]));
        using var model = new OrtModel(path, OneThread);

        model.Inputs.ShouldHaveSingleItem().Shape.ShouldBe([1L, 3, -1, -1]);
        model.Outputs.ShouldHaveSingleItem().Name.ShouldBe("images_out");
        var input = Enumerable.Range(0, 3 * 2 * 5).Select(i => i * 0.5f).ToArray();

        var result = model.Run(input, [1, 3, 2, 5]);
        var buffer = new float[64];
        var shape = model.RunInto(input, [1, 3, 2, 5], buffer);

        result.Shape.ShouldBe([1L, 3, 2, 5]);
        result.Data.ShouldBe(input);
        shape.ShouldBe([1L, 3, 2, 5]);
        buffer.AsSpan(0, 30).ToArray().ShouldBe(input);
    }

    [Fact]
    public void A_model_with_two_inputs_is_refused_naming_the_file()
    {
        string dir = TestData.NewTempDirectory();
        string path = TinyOnnx.Write(dir, TinyOnnx.Float, ("a", [1, 3]), ("b", [1, 3]));

        var ex = Should.Throw<InvalidModelException>(() => new OrtModel(path, OneThread));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("2 inputs");
    }

    [Fact]
    public void A_model_with_an_int64_input_is_refused_naming_the_file_and_the_type()
    {
        string dir = TestData.NewTempDirectory();
        string path = TinyOnnx.Write(dir, TinyOnnx.Int64, ("ids", [1, 4]));

        var ex = Should.Throw<InvalidModelException>(() => new OrtModel(path, OneThread));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("Int64");
    }
}
