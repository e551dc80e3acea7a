using MotTracker.Inference.Runtime;

namespace MotTracker.Inference.Tests.Runtime;

public sealed class OrtRuntimeTests
{
    [Fact]
    public void Library_fetched_by_the_build_loads_from_the_application_folder_and_reports_1_30_0()
    {
        var runtime = OrtRuntime.Load();

        runtime.Version.ShouldBe("1.30.0");
        runtime.LibraryPath.ShouldBe(Path.Combine(AppContext.BaseDirectory, OrtRuntime.DefaultFileName));
    }

    [Fact]
    public void Loading_twice_returns_the_same_runtime()
    {
        OrtRuntime.Load().ShouldBeSameAs(OrtRuntime.Load());
    }

    [Fact]
    public void Missing_library_error_says_where_it_looked_and_how_to_get_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir", "libonnxruntime.so.1");

        var ex = Should.Throw<OnnxRuntimeLoadException>(() => OrtRuntime.Load(path));

        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain("does not exist");
        ex.Message.ShouldContain("dotnet build");
        ex.Message.ShouldContain("npm");
        ex.Message.ShouldContain(OrtRuntime.LibraryEnvironmentVariable);
        ex.TriedLocations.ShouldHaveSingleItem().ShouldContain(path);
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_is_refused_by_name()
    {
        // Any shared library without OrtGetApiBase will do; the C# runtime's own native host library is
        // always present next to System.Private.CoreLib.
        string other = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(),
            OperatingSystem.IsWindows() ? "System.Native.dll" : OperatingSystem.IsMacOS() ? "libSystem.Native.dylib" : "libSystem.Native.so");

        var ex = Should.Throw<OnnxRuntimeLoadException>(() => OrtRuntime.Load(other));

        ex.Message.ShouldContain("not ONNX Runtime");
        ex.Message.ShouldContain("OrtGetApiBase");
    }
}
