using MotTracker.Inference.Runtime;

namespace MotTracker.Inference.Tests.Runtime;

public sealed class OrtModelTests
{
    private static readonly OrtOptions TwoThreads = new() { IntraOpThreads = 2 };

    [Fact]
    public void Yolox_nano_signature_is_images_1x3x416x416_to_output_1x3549x85()
    {
        using var model = new OrtModel(RuntimeTestFiles.YoloxNano, TwoThreads);

        model.Inputs.ShouldHaveSingleItem().Name.ShouldBe("images");
        model.Inputs[0].Shape.ShouldBe([1L, 3, 416, 416]);
        model.Outputs.ShouldHaveSingleItem().Name.ShouldBe("output");
        model.Outputs[0].Shape.ShouldBe([1L, 3549, 85]);
        model.Device.ShouldBe(ExecutionDevice.Cpu);
        OrtModel.RuntimeVersion.ShouldBe(OrtModel.IsGpuBuild ? "1.31.0" : "1.31.1");
    }

    [Fact]
    public void Osnet_signature_has_a_dynamic_batch_axis()
    {
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);

        model.Inputs.ShouldHaveSingleItem().Name.ShouldBe("images");
        model.Inputs[0].Shape.ShouldBe([-1L, 3, 256, 128]);
        model.Outputs.ShouldHaveSingleItem().Name.ShouldBe("output");
        model.Outputs[0].Shape.ShouldBe([-1L, 512]);
    }

    [Fact]
    public void Yolox_run_gives_finite_output_of_the_model_shape_with_sigmoid_scores()
    {
        using var model = new OrtModel(RuntimeTestFiles.YoloxNano, TwoThreads);
        var input = RuntimeTestFiles.PixelPattern(3 * 416 * 416);

        var result = model.Run(input, [1, 3, 416, 416]);

        result.Shape.ShouldBe([1L, 3549, 85]);
        result.Data.Length.ShouldBe(3549 * 85);
        result.Data.ShouldAllBe(v => float.IsFinite(v));
        // Columns 4..84 (objectness, class probabilities) leave the graph already through a sigmoid; raw
        // box offsets in columns 0..3 are unbounded. Reading the wrong memory would break both facts.
        for (int row = 0; row < 3549; row++)
            for (int col = 4; col < 85; col++)
                result.Data[row * 85 + col].ShouldBeInRange(0f, 1f);
        result.Data.Where((_, i) => i % 85 < 4).Distinct().Count().ShouldBeGreaterThan(1000);
    }

    [Fact]
    public void Same_input_gives_identical_output_and_a_different_input_a_different_one()
    {
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);
        long[] shape = [1, 3, 256, 128];

        var a = model.Run(RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, seed: 1), shape);
        var again = model.Run(RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, seed: 1), shape);
        var b = model.Run(RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, seed: 2), shape);

        again.Data.ShouldBe(a.Data);
        b.Data.ShouldNotBe(a.Data);
    }

    [Fact]
    public void Osnet_batch_of_four_equals_four_single_runs()
    {
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);
        const int crop = 3 * 256 * 128;
        var batch = new float[4 * crop];
        var singles = new float[4][];
        for (int i = 0; i < 4; i++)
        {
            var one = RuntimeTestFiles.NormalisedPattern(crop, seed: i + 10);
            one.CopyTo(batch, i * crop);
            singles[i] = model.Run(one, [1, 3, 256, 128]).Data;
        }

        var result = model.Run(batch, [4, 3, 256, 128]);

        result.Shape.ShouldBe([4L, 512]);
        for (int i = 0; i < 4; i++)
        {
            singles[i].Length.ShouldBe(512);
            for (int j = 0; j < 512; j++)
                result.Data[i * 512 + j].ShouldBe(singles[i][j], 1e-4);
        }
        // The four crops differ, so equal rows cannot come from reading one crop four times.
        singles[0].ShouldNotBe(singles[1]);
    }

    [Theory]
    [InlineData(GraphOptimization.Disabled, 1)]
    [InlineData(GraphOptimization.Basic, 2)]
    [InlineData(GraphOptimization.Extended, 1)]
    public void Optimisation_level_and_thread_counts_do_not_change_the_result(GraphOptimization level, int threads)
    {
        var input = RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, seed: 4);
        long[] shape = [1, 3, 256, 128];
        using var reference = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025,
            new OrtOptions { Optimization = level, IntraOpThreads = threads, InterOpThreads = threads });

        var expected = reference.Run(input, shape).Data;
        var actual = model.Run(input, shape).Data;

        for (int i = 0; i < expected.Length; i++)
            actual[i].ShouldBe(expected[i], 1e-4);
    }

    [Fact]
    public void Concurrent_runs_on_one_model_give_the_same_results_as_serial_runs()
    {
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);
        long[] shape = [1, 3, 256, 128];
        var inputs = Enumerable.Range(0, 6).Select(i => RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, seed: 20 + i)).ToArray();
        var serial = inputs.Select(input => model.Run(input, shape).Data).ToArray();

        var parallel = new float[inputs.Length][];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 },
            i => parallel[i] = model.Run(inputs[i], shape).Data);

        for (int i = 0; i < inputs.Length; i++)
            parallel[i].ShouldBe(serial[i], 1e-5);
    }

    [Fact]
    public void RunInto_fills_the_callers_buffer_with_the_same_values_as_Run()
    {
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);
        var input = RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, seed: 5);
        var buffer = new float[600];
        buffer.AsSpan().Fill(float.NaN);

        long[] shape = model.RunInto(input, [1, 3, 256, 128], buffer);

        shape.ShouldBe([1L, 512]);
        buffer.AsSpan(0, 512).ToArray().ShouldBe(model.Run(input, [1, 3, 256, 128]).Data);
        float.IsNaN(buffer[512]).ShouldBeTrue();
    }

    [Fact]
    public void RunInto_with_a_too_small_buffer_names_the_needed_size()
    {
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);
        var input = RuntimeTestFiles.NormalisedPattern(2 * 3 * 256 * 128, seed: 5);

        var ex = Should.Throw<ArgumentException>(() => model.RunInto(input, [2, 3, 256, 128], new float[512]));

        ex.Message.ShouldContain("[2,512] = 1024 floats");
    }

    [Fact]
    public void Input_shape_that_does_not_fit_the_model_is_rejected_before_reaching_the_runtime()
    {
        using var model = new OrtModel(RuntimeTestFiles.YoloxNano, TwoThreads);
        var input = new float[3 * 320 * 320];

        var ex = Should.Throw<ArgumentException>(() => model.Run(input, [1, 3, 320, 320]));

        ex.Message.ShouldContain("'images'");
        ex.Message.ShouldContain("[1,3,416,416]");
        ex.Message.ShouldContain("axis 2");
    }

    [Fact]
    public void Input_length_that_does_not_match_the_shape_is_rejected()
    {
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);

        var ex = Should.Throw<ArgumentException>(() => model.Run(new float[100], [1, 3, 256, 128]));

        ex.Message.ShouldContain("needs 98304 floats but 100 were given");
    }

    [Theory]
    [InlineData("text", "this is not a protobuf model")]
    [InlineData("empty", "")]
    public void A_file_that_is_not_an_onnx_model_is_an_InvalidModelException_naming_it(string kind, string content)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mottrack-not-a-model-{kind}-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, content);
        try
        {
            var ex = Should.Throw<InvalidModelException>(() => new OrtModel(path, TwoThreads));

            ex.Message.ShouldContain(path);
            ex.Message.ShouldContain("cannot be loaded by ONNX Runtime");
            ex.Message.ShouldNotContain("[ErrorCode:");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_model_file_is_a_FileNotFoundException_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "mottrack-no-such-model.onnx");

        var ex = Should.Throw<FileNotFoundException>(() => new OrtModel(path, TwoThreads));

        ex.Message.ShouldContain(path);
    }

    [Fact]
    public void Ort_log_line_is_shortened_to_its_reason()
    {
        const string line = "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1988 onnxruntime::Provider& "
            + "onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library x.so with error: "
            + "x.so: cannot open shared object file : No such file or directory\n";

        OrtLog.ShortenLine(line).ShouldBe(
            "Failed to load library x.so with error: x.so: cannot open shared object file : No such file or directory");
        OrtLog.ShortenLine("  plain message ").ShouldBe("plain message");
    }

    [Fact]
    public void RunInto_with_a_fixed_output_shape_writes_straight_into_the_callers_buffer()
    {
        using var model = new OrtModel(RuntimeTestFiles.YoloxNano, TwoThreads);
        var input = RuntimeTestFiles.PixelPattern(3 * 416 * 416, seed: 2);
        var buffer = new float[3549 * 85 + 1];
        buffer[^1] = -7f;

        var shape = model.RunInto(input, [1, 3, 416, 416], buffer);

        shape.ShouldBe([1L, 3549, 85]);
        buffer.AsSpan(0, 3549 * 85).ToArray().ShouldBe(model.Run(input, [1, 3, 416, 416]).Data);
        buffer[^1].ShouldBe(-7f);
        Should.Throw<ArgumentException>(() => model.RunInto(input, [1, 3, 416, 416], new float[100]))
            .Message.ShouldContain("[1,3549,85] = 301665 floats");
    }

    [Fact]
    public void Run_after_dispose_throws_ObjectDisposedException()
    {
        var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);
        model.Dispose();

        Should.Throw<ObjectDisposedException>(() => model.Run(new float[3 * 256 * 128], [1, 3, 256, 128]));
    }

    [Fact]
    public void Negative_thread_count_is_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new OrtModel(RuntimeTestFiles.OsnetX025, new OrtOptions { IntraOpThreads = -1 }));
    }
}
