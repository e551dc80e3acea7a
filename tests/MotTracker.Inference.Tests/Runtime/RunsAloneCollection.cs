namespace MotTracker.Inference.Tests.Runtime;

/// <summary>
/// Tests that change process-wide state (environment variables) or measure it (resident memory) run in
/// this collection, which xunit runs after all parallel tests and never alongside them.
/// </summary>
[CollectionDefinition(nameof(RunsAloneCollection), DisableParallelization = true)]
public sealed class RunsAloneCollection;

/// <summary>A fact that runs only when MOTTRACK_LONG_TESTS=1, for measurements too slow for every build.</summary>
public sealed class LongFactAttribute : FactAttribute
{
    public const string Variable = "MOTTRACK_LONG_TESTS";

    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"Long-running measurement; set {Variable}=1 to run it.";
    }
}

/// <summary>Reads this process's resident set size from /proc (Linux).</summary>
internal static class ResidentMemory
{
    public static bool IsAvailable => File.Exists("/proc/self/status");

    public static long ReadKiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        throw new InvalidOperationException("/proc/self/status has no VmRSS line.");
    }
}
