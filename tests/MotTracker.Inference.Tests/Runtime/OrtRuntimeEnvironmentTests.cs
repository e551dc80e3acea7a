using MotTracker.Inference.Runtime;

namespace MotTracker.Inference.Tests.Runtime;

/// <summary>These tests change a process-wide environment variable, so they run alone.</summary>
[Collection(nameof(RunsAloneCollection))]
public sealed class OrtRuntimeEnvironmentTests
{
    [Fact]
    public void Environment_variable_is_used_when_no_path_is_given_and_a_bad_one_is_reported_by_name()
    {
        string bogus = Path.Combine(Path.GetTempPath(), "mottrack-missing", "libonnxruntime.so.1");
        string? before = Environment.GetEnvironmentVariable(OrtRuntime.LibraryEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(OrtRuntime.LibraryEnvironmentVariable, bogus);

            var ex = Should.Throw<OnnxRuntimeLoadException>(() => OrtRuntime.Load());

            ex.Message.ShouldContain(bogus);
            ex.Message.ShouldContain($"given by {OrtRuntime.LibraryEnvironmentVariable}");
        }
        finally
        {
            Environment.SetEnvironmentVariable(OrtRuntime.LibraryEnvironmentVariable, before);
        }
    }

    [Fact]
    public void Explicit_path_wins_over_the_environment_variable()
    {
        string good = Path.Combine(AppContext.BaseDirectory, OrtRuntime.DefaultFileName);
        string? before = Environment.GetEnvironmentVariable(OrtRuntime.LibraryEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(OrtRuntime.LibraryEnvironmentVariable, "/nonexistent/libonnxruntime.so.1");

            OrtRuntime.Load(good).LibraryPath.ShouldBe(good);
        }
        finally
        {
            Environment.SetEnvironmentVariable(OrtRuntime.LibraryEnvironmentVariable, before);
        }
    }
}
