using System.Runtime.CompilerServices;

namespace MotTracker.Tests;

/// <summary>
/// The product looks for models only where a user would put them ($MOTTRACK_MODELS, ./models, the per-user
/// data folder), never beside a source checkout. Tests use the staged models in ../shared/models, so every
/// test assembly names that folder through $MOTTRACK_MODELS before its first test, unless the runner
/// already set it (CI sets it too). Tests that need another folder pass their own environment.
/// </summary>
internal static class TestEnvironment
{
#pragma warning disable CA2255 // A test assembly is not a library others load: set-up at load time is what is wanted here.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void NameTheSharedModels()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MOTTRACK_MODELS")))
            Environment.SetEnvironmentVariable("MOTTRACK_MODELS", TestData.Models);
    }
}
