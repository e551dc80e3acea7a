using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MotTracker.Cli.Tests;

/// <summary>
/// The cluster samples in samples/ (Kubernetes Indexed Job, Slurm array, GitHub Actions matrix) run their
/// exact mottrack command lines here, every shard into one folder, through a shell and a `mottrack` on
/// PATH; the merged evaluation must equal a one-machine batch.
/// </summary>
public sealed partial class ShardSamplesTests
{
    private const int Shards = 3;
    private static string Samples => Path.Combine(TestData.RepoRoot, "samples");
    private static string Seqmap => Path.Combine(TestData.Shared, "data", "seqmaps", "MOT17-train-FRCNN.txt");

    [Fact]
    public void Kubernetes_shards_merge_to_the_one_machine_result()
    {
        using var dir = new TempDirectory();
        string results = dir.Combine("results");
        string shardLine = MottrackLines(Path.Combine(Samples, "kubernetes", "mottrack-shards.yaml")).Single();
        string evalLine = MottrackLines(Path.Combine(Samples, "kubernetes", "mottrack-eval.yaml")).Single();
        for (int index = 0; index < Shards; index++)
            Shell(dir.Path, shardLine, Env(results, ("JOB_COMPLETION_INDEX", index.ToString()), ("SHARDS", Shards.ToString())));
        Shell(dir.Path, evalLine, Env(results));
        AssertEqualsOneMachineRun(dir, results, Path.Combine(results, "eval.json"));
        Directory.GetFiles(results, "run-shard-*.json").Select(Path.GetFileName).Order()
            .ShouldBe(["run-shard-1-of-3.json", "run-shard-2-of-3.json", "run-shard-3-of-3.json"]);
    }

    [Fact]
    public void Slurm_array_tasks_merge_to_the_one_machine_result()
    {
        using var dir = new TempDirectory();
        string results = dir.Combine("results");
        // The job scripts are plain bash: run them whole, as sbatch would, once per array task.
        for (int task = 1; task <= Shards; task++)
            Shell(dir.Path, $"bash '{Path.Combine(Samples, "slurm", "mottrack-shards.sbatch")}'", Env(results, ("SLURM_ARRAY_TASK_ID", task.ToString()), ("SLURM_CPUS_PER_TASK", "2")));
        Shell(dir.Path, $"bash '{Path.Combine(Samples, "slurm", "mottrack-eval.sbatch")}'", Env(results));
        AssertEqualsOneMachineRun(dir, results, Path.Combine(results, "eval.json"));
    }

    [Fact]
    public void GitHub_matrix_shards_merge_to_the_one_machine_result()
    {
        using var dir = new TempDirectory();
        var lines = MottrackLines(Path.Combine(Samples, "github-actions", "mottrack-benchmark.yml"));
        string shardLine = lines.Single(l => l.StartsWith("mottrack batch", StringComparison.Ordinal));
        string evalLine = lines.Single(l => l.StartsWith("mottrack eval", StringComparison.Ordinal));
        // Each matrix job writes "results" in its own checkout; the final job downloads every artifact into one "results".
        for (int shard = 1; shard <= Shards; shard++)
        {
            string job = dir.Combine($"job{shard}");
            Directory.CreateDirectory(job);
            Shell(job, shardLine.Replace("${{ matrix.shard }}", shard.ToString(), StringComparison.Ordinal), Env(null, ("SHARDS", Shards.ToString())));
            CopyFolder(Path.Combine(job, "results"), dir.Combine("final", "results"));
        }
        Shell(dir.Combine("final"), evalLine, Env(null));
        AssertEqualsOneMachineRun(dir, dir.Combine("final", "results"), dir.Combine("final", "results", "eval.json"));
    }

    private static void AssertEqualsOneMachineRun(TempDirectory dir, string mergedResults, string mergedEval)
    {
        string single = dir.Combine("single");
        var run = CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", single, "--seqmap", Seqmap, "--jobs", "2", "-q");
        run.ExitCode.ShouldBe(0, run.Error);
        foreach (string sequence in TestData.Mot17Sequences)
            File.ReadAllBytes(Path.Combine(mergedResults, sequence + ".txt")).ShouldBe(File.ReadAllBytes(Path.Combine(single, sequence + ".txt")), sequence);
        var eval = CliRunner.Run(dir.Path, "eval", "--gt", TestData.Mot17Train, "--results", single, "--seqmap", Seqmap, "--format", "json");
        eval.ExitCode.ShouldBe(0, eval.Error);
        using var expected = JsonDocument.Parse(eval.Out);
        using var actual = JsonDocument.Parse(File.ReadAllText(mergedEval));
        actual.RootElement.GetProperty("combined").GetRawText().ShouldBe(expected.RootElement.GetProperty("combined").GetRawText());
    }

    /// <summary>The command lines of a sample that call mottrack, as written (YAML list/run prefixes removed).</summary>
    private static List<string> MottrackLines(string file) =>
        File.ReadAllLines(file)
            .Select(l => CommandPrefix().Replace(l, ""))
            .Where(l => l.StartsWith("mottrack ", StringComparison.Ordinal))
            .ToList();

    [GeneratedRegex(@"^\s*(-\s+|run:\s+)?")]
    private static partial Regex CommandPrefix();

    private static Dictionary<string, string> Env(string? results, params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["MOT_DATA"] = TestData.Mot17Train,
            ["MOT_SEQMAP"] = Seqmap,
            ["CI"] = "true",
        };
        if (results is not null) env["MOT_RESULTS"] = results;
        foreach (var (name, value) in extra) env[name] = value;
        return env;
    }

    /// <summary>Runs a command line through /bin/sh with a `mottrack` on PATH that runs this build.</summary>
    private static void Shell(string workingDirectory, string commandLine, Dictionary<string, string> environment)
    {
        string bin = MottrackShim();
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{commandLine}\n{stdout.Result}\n{stderr}");
    }

    private static readonly Lazy<string> Shim = new(() =>
    {
        string bin = TestData.NewTempDirectory();
        string dll = Path.Combine(AppContext.BaseDirectory, "mottrack.dll");
        File.Exists(dll).ShouldBeTrue(dll);
        string script = Path.Combine(bin, "mottrack");
        File.WriteAllText(script, $"#!/bin/sh\nexec dotnet '{dll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    });

    private static string MottrackShim() => Shim.Value;

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: false);
    }
}
