using MotTracker.Inference.Runtime;

namespace MotTracker.Inference.Tests.Runtime;

/// <summary>
/// What happens when CUDA is asked for and cannot be used. In the CPU build (default) the reason is the
/// build itself; in the GPU build (-p:MotTrackerGpu=true) on a machine without the CUDA libraries, appending
/// the CUDA provider fails to load them. CI runs this class in both flavours.
/// </summary>
public sealed class CudaFallbackTests
{
    [Theory]
    [InlineData(ExecutionDevice.Cuda)]
    [InlineData(ExecutionDevice.Auto)]
    public void Cuda_that_cannot_be_used_falls_back_to_cpu_with_exactly_one_warning_naming_the_reason(ExecutionDevice device)
    {
        var warnings = new List<string>();

        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, new OrtOptions { IntraOpThreads = 2, Device = device, Warn = warnings.Add });
        var result = model.Run(RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, seed: 3), [1, 3, 256, 128]);

        model.Device.ShouldBe(ExecutionDevice.Cpu);
        string warning = warnings.ShouldHaveSingleItem();
        warning.ShouldContain($"CUDA was requested ({device.ToString().ToLowerInvariant()})");
        warning.ShouldContain("running on CPU");
        if (OrtModel.IsGpuBuild)
            warning.ShouldContain(".so"); // the CUDA library the provider could not load
        else
            warning.ShouldContain("-p:MotTrackerGpu=true");
        result.Shape.ShouldBe([1L, 512]);
    }

    [Fact]
    public void The_build_flavour_matches_the_onnx_runtime_package_it_references()
    {
        OrtModel.RuntimeVersion.ShouldBe(OrtModel.IsGpuBuild ? "1.31.0" : "1.31.1");
    }

    [Fact]
    public void Cpu_never_warns()
    {
        var warnings = new List<string>();

        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, new OrtOptions { IntraOpThreads = 2, Warn = warnings.Add });

        model.Device.ShouldBe(ExecutionDevice.Cpu);
        warnings.ShouldBeEmpty();
    }
}
