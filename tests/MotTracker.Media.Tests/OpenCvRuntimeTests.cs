namespace MotTracker.Media.Tests;

public sealed class OpenCvRuntimeTests
{
    [Fact]
    public void The_opencv_library_beside_the_executable_is_loaded_before_the_default_search()
    {
        using var beside = new TempDirectory();
        using var empty = new TempDirectory();
        // The build puts the library under runtimes/<rid>/native; a published (AOT) mottrack has it beside itself.
        string built = Directory.GetFiles(AppContext.BaseDirectory, "libOpenCvSharpExtern.so", SearchOption.AllDirectories).First();
        File.CreateSymbolicLink(beside.File("libOpenCvSharpExtern.so"), built);

        OpenCvRuntime.ResolveFrom([null, empty.Path, beside.Path], "OpenCvSharpExtern").ShouldNotBe(IntPtr.Zero);
        // Not there, or another library: zero hands the search back to the runtime's default probing.
        OpenCvRuntime.ResolveFrom([empty.Path], "OpenCvSharpExtern").ShouldBe(IntPtr.Zero);
        OpenCvRuntime.ResolveFrom([beside.Path], "onnxruntime").ShouldBe(IntPtr.Zero);
    }
}
