using System.Runtime.CompilerServices;

namespace MotTracker.Tests;

/// <summary>
/// Set once per test assembly, before its first test. The product looks for models only where a user
/// would put them ($MOTTRACK_MODELS, ./models, the per-user data folder), never beside a source checkout,
/// so tests name the staged ../shared/models through $MOTTRACK_MODELS (unless the runner already set it;
/// CI does). The per-user data and cache folders point into the temp folder, so a test never reads a
/// developer's own models or checksum cache, nor writes into their home folder. Tests that need other
/// folders pass their own environment.
/// </summary>
internal static class TestEnvironment
{
#pragma warning disable CA2255 // A test assembly is not a library others load: set-up at load time is what is wanted here.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Configure()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MOTTRACK_MODELS")))
            Environment.SetEnvironmentVariable("MOTTRACK_MODELS", TestData.Models);
        string root = Path.Combine(Path.GetTempPath(), "mottrack-tests");
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(root, "xdg-data"));
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Path.Combine(root, "xdg-cache"));
    }
}
