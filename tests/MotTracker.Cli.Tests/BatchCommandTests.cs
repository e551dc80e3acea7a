using System.Diagnostics;
using System.Text.Json;

namespace MotTracker.Cli.Tests;

/// <summary><c>mottrack batch</c> end to end on the real MOT17 public detections.</summary>
public sealed class BatchCommandTests
{
    private static string Seqmap => Path.Combine(TestData.Shared, "data", "seqmaps", "MOT17-train-FRCNN.txt");

    [Fact]
    public void A_batch_with_eval_equals_track_and_eval_run_one_by_one()
    {
        using var dir = new TempDirectory();
        var batch = CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "batch", "--seqmap", Seqmap, "--eval", "-q");
        batch.ExitCode.ShouldBe(0, batch.Error);

        foreach (string sequence in TestData.Mot17Sequences)
        {
            var track = CliRunner.Run(dir.Path, "track", TestData.Mot17Sequence(sequence), "-o", $"single/{sequence}.txt", "-q");
            track.ExitCode.ShouldBe(0, track.Error);
            File.ReadAllBytes(dir.Combine("batch", sequence + ".txt")).ShouldBe(File.ReadAllBytes(dir.Combine("single", sequence + ".txt")), sequence);
        }
        var eval = CliRunner.Run(dir.Path, "eval", "--gt", TestData.Mot17Train, "--results", "single", "--seqmap", Seqmap);
        eval.ExitCode.ShouldBe(0, eval.Error);
        string Table(string output) => output[output.IndexOf("Sequence", StringComparison.Ordinal)..];
        Table(batch.Out).ShouldBe(Table(eval.Out));
        batch.Out.ShouldContain("COMBINED        47.414  44.326  50.958  49.424");

        using var manifest = JsonDocument.Parse(File.ReadAllText(dir.Combine("batch", "run.json")));
        var sequences = manifest.RootElement.GetProperty("sequences");
        sequences.GetArrayLength().ShouldBe(7);
        foreach (var s in sequences.EnumerateArray())
        {
            s.GetProperty("status").GetString().ShouldBe("done");
            s.GetProperty("frames").GetInt32().ShouldBeGreaterThan(500);
            s.GetProperty("resultSha256").GetString()!.Length.ShouldBe(64);
        }
        manifest.RootElement.GetProperty("options").GetProperty("--tracker").GetString().ShouldBe("bytetrack");
    }

    [Fact]
    public void One_and_two_jobs_give_identical_files()
    {
        using var dir = new TempDirectory();
        CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "one", "--jobs", "1", "-q").ExitCode.ShouldBe(0);
        CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "two", "--jobs", "2", "-q").ExitCode.ShouldBe(0);
        foreach (string sequence in TestData.Mot17Sequences)
            File.ReadAllBytes(dir.Combine("two", sequence + ".txt")).ShouldBe(File.ReadAllBytes(dir.Combine("one", sequence + ".txt")), sequence);
    }

    [Fact]
    public void A_corrupt_sequence_fails_alone_and_is_named_with_its_reason()
    {
        using var dir = new TempDirectory();
        foreach (string sequence in new[] { "MOT17-05-FRCNN", "MOT17-09-FRCNN" })
            CopySequence(sequence, dir.Combine("split", sequence));
        CopySequence("MOT17-09-FRCNN", dir.Combine("split", "BROKEN"));
        File.AppendAllText(dir.Combine("split", "BROKEN", "det", "det.txt"), "12,-1,1,1,not-a-number,5,1\n");

        var result = CliRunner.Run(dir.Path, "batch", "split", "-o", "out", "-q");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("BROKEN: failed:");
        result.Error.ShouldContain("failed: BROKEN:");
        result.Error.ShouldContain("det.txt:3050");
        File.Exists(dir.Combine("out", "MOT17-05-FRCNN.txt")).ShouldBeTrue();
        File.Exists(dir.Combine("out", "MOT17-09-FRCNN.txt")).ShouldBeTrue();
        File.Exists(dir.Combine("out", "BROKEN.txt")).ShouldBeFalse();
        HiddenFiles(dir.Combine("out")).ShouldBeEmpty("no temporary file is left");
    }

    [Fact]
    public void Shards_cover_the_set_exactly_once()
    {
        using var dir = new TempDirectory();
        for (int i = 1; i <= 3; i++)
            CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "out", "--shard", $"{i}/3", "-q").ExitCode.ShouldBe(0);
        var done = new List<string>();
        for (int i = 1; i <= 3; i++)
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(dir.Combine("out", $"run-shard-{i}-of-3.json")));
            done.AddRange(manifest.RootElement.GetProperty("sequences").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
        }
        done.Order().ShouldBe(TestData.Mot17Sequences);
        File.Exists(dir.Combine("out", "run.json")).ShouldBeFalse();
    }

    [Fact]
    public void A_rerun_skips_what_is_complete_and_other_options_are_refused_without_overwrite()
    {
        using var dir = new TempDirectory();
        CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "out", "-q").ExitCode.ShouldBe(0);
        var before = File.GetLastWriteTimeUtc(dir.Combine("out", "MOT17-04-FRCNN.txt"));

        var again = CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "out", "-q");
        again.ExitCode.ShouldBe(0, again.Error);
        again.Out.ShouldContain("MOT17-04-FRCNN: done (already complete)");
        File.GetLastWriteTimeUtc(dir.Combine("out", "MOT17-04-FRCNN.txt")).ShouldBe(before);

        var other = CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "out", "--track-thresh", "0.6", "-q");
        other.ExitCode.ShouldBe(2);
        other.Error.ShouldContain("MOT17-04-FRCNN.txt (made with other options");
        other.Error.ShouldContain("--overwrite");
        File.GetLastWriteTimeUtc(dir.Combine("out", "MOT17-04-FRCNN.txt")).ShouldBe(before);

        CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "out", "--track-thresh", "0.6", "--overwrite", "-q").ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("--shard", "4/3")]
    [InlineData("--jobs", "0")]
    [InlineData("--fail-under", "MOTA=50")]
    public void Bad_batch_options_are_usage_errors_before_anything_runs(string option, string value)
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "out", option, value);
        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain(option);
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Fact]
    public void A_seqmap_line_that_escapes_the_results_folder_is_refused()
    {
        using var dir = new TempDirectory();
        string seqmap = dir.Write("seqmap.txt", "name\nMOT17-04-FRCNN\n../../etc/evil\n");
        var result = CliRunner.Run(dir.Path, "batch", TestData.Mot17Train, "-o", "out", "--seqmap", seqmap);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain($"{seqmap}:3");
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Fact]
    public void A_run_killed_in_the_middle_of_a_sequence_resumes_to_the_clean_result()
    {
        using var dir = new TempDirectory();
        // A sequence long enough to kill mid-way: MOT17-04's detections repeated ten times (10,500 frames).
        string long04 = dir.Combine("split", "LONG-04");
        CopySequence("MOT17-04-FRCNN", long04);
        var rows = File.ReadAllLines(Path.Combine(long04, "det", "det.txt"));
        File.WriteAllLines(Path.Combine(long04, "det", "det.txt"), Enumerable.Range(0, 10).SelectMany(k => rows.Select(r =>
        {
            int comma = r.IndexOf(',');
            return (int.Parse(r[..comma]) + 1050 * k) + r[comma..];
        })));
        File.WriteAllText(Path.Combine(long04, "seqinfo.ini"), File.ReadAllText(Path.Combine(long04, "seqinfo.ini")).Replace("seqLength=1050", "seqLength=10500"));
        CopySequence("MOT17-09-FRCNN", dir.Combine("split", "MOT17-09-FRCNN"));

        string dll = Path.Combine(AppContext.BaseDirectory, "mottrack.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir.Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { dll, "batch", "split", "-o", "killed", "--jobs", "1", "-q" }) info.ArgumentList.Add(a);
        using (var process = Process.Start(info)!)
        {
            // Kill once LONG-04 is being written (its temporary file exists), i.e. in the middle of it.
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)
                   && !(Directory.Exists(dir.Combine("killed")) && Directory.GetFiles(dir.Combine("killed"), ".LONG-04.txt.*").Length > 0))
                Thread.Sleep(5);
            process.HasExited.ShouldBeFalse("the batch must still be running when it is killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        File.Exists(dir.Combine("killed", "LONG-04.txt")).ShouldBeFalse("a killed run leaves no truncated result");

        var resumed = CliRunner.Run(dir.Path, "batch", "split", "-o", "killed", "-q");
        resumed.ExitCode.ShouldBe(0, resumed.Error);
        CliRunner.Run(dir.Path, "batch", "split", "-o", "clean", "-q").ExitCode.ShouldBe(0);
        foreach (string name in new[] { "LONG-04", "MOT17-09-FRCNN" })
            File.ReadAllBytes(dir.Combine("killed", name + ".txt")).ShouldBe(File.ReadAllBytes(dir.Combine("clean", name + ".txt")), name);
        HiddenFiles(dir.Combine("killed")).ShouldBeEmpty("leftover temporary files are cleaned up on resume");
    }

    [Fact]
    public void A_bad_first_input_fails_alone_whatever_its_position_and_the_exit_code_is_1()
    {
        using var dir = new TempDirectory();
        // "A-NODET" sorts first: a sequence folder with frames but no detections.
        dir.Write("split/A-NODET/seqinfo.ini", File.ReadAllText(Path.Combine(TestData.Mot17Sequence("MOT17-09-FRCNN"), "seqinfo.ini")).Replace("MOT17-09-FRCNN", "A-NODET"));
        Directory.CreateDirectory(dir.Combine("split", "A-NODET", "img1"));
        CopySequence("MOT17-09-FRCNN", dir.Combine("split", "MOT17-09-FRCNN"));

        var result = CliRunner.Run(dir.Path, "batch", "split", "-o", "out", "-q");

        result.ExitCode.ShouldBe(1, result.Error);
        result.Error.ShouldContain("failed: A-NODET: no detections at");
        result.Out.ShouldContain("MOT17-09-FRCNN: done:");
        File.Exists(dir.Combine("out", "MOT17-09-FRCNN.txt")).ShouldBeTrue();
        File.Exists(dir.Combine("out", "A-NODET.txt")).ShouldBeFalse();
    }

    [Fact]
    public void A_second_run_of_the_same_shard_says_so_exits_2_and_leaves_the_first_runs_files_alone()
    {
        using var dir = new TempDirectory();
        CopySequence("MOT17-09-FRCNN", dir.Combine("split", "MOT17-09-FRCNN"));
        Directory.CreateDirectory(dir.Combine("out"));
        string working = dir.Write("out/.MOT17-09-FRCNN.txt.4242.00112233445566778899aabbccddeeff.tmp", "the first run's rows\n");
        using (Engine.Batch.ShardLock.Acquire(dir.Combine("out"), new Engine.Batch.ShardSpec(2, 2)))
        {
            var second = CliRunner.Run(dir.Path, "batch", "split", "-o", "out", "--shard", "2/2", "-q");
            second.ExitCode.ShouldBe(2, second.Error);
            second.Error.ShouldContain("another mottrack run is writing shard 2/2");
            File.Exists(working).ShouldBeTrue("the running shard's temporary file is not touched");

            // Shard 1 of the same folder runs meanwhile (here it holds the only input).
            CliRunner.Run(dir.Path, "batch", "split", "-o", "out", "--shard", "1/2", "-q").ExitCode.ShouldBe(0);
        }
    }

    [Fact]
    public void A_sequence_whose_detections_changed_under_the_same_name_is_redone()
    {
        using var dir = new TempDirectory();
        CopySequence("MOT17-09-FRCNN", dir.Combine("split", "MOT17-09-FRCNN"));
        CliRunner.Run(dir.Path, "batch", "split", "-o", "out", "-q").ExitCode.ShouldBe(0);
        byte[] before = File.ReadAllBytes(dir.Combine("out", "MOT17-09-FRCNN.txt"));

        string det = dir.Combine("split", "MOT17-09-FRCNN", "det", "det.txt");
        File.WriteAllLines(det, File.ReadAllLines(det).Where(l => int.Parse(l[..l.IndexOf(',')]) <= 200));
        var rerun = CliRunner.Run(dir.Path, "batch", "split", "-o", "out", "-q");

        rerun.ExitCode.ShouldBe(0, rerun.Error);
        rerun.Out.ShouldContain("MOT17-09-FRCNN: done:");
        rerun.Out.ShouldNotContain("already complete");
        File.ReadAllBytes(dir.Combine("out", "MOT17-09-FRCNN.txt")).Length.ShouldBeLessThan(before.Length);
    }

    /// <summary>Hidden files of a results folder besides the shards' lock files (which stay: see ShardLock).</summary>
    private static string[] HiddenFiles(string folder) =>
        [.. Directory.GetFiles(folder, ".*").Where(f => !Path.GetFileName(f).StartsWith(".mottrack-shard-", StringComparison.Ordinal))];

    private static void CopySequence(string name, string to)
    {
        string from = TestData.Mot17Sequence(name);
        Directory.CreateDirectory(Path.Combine(to, "det"));
        Directory.CreateDirectory(Path.Combine(to, "gt"));
        File.Copy(Path.Combine(from, "seqinfo.ini"), Path.Combine(to, "seqinfo.ini"));
        File.Copy(Path.Combine(from, "det", "det.txt"), Path.Combine(to, "det", "det.txt"));
        File.Copy(Path.Combine(from, "gt", "gt.txt"), Path.Combine(to, "gt", "gt.txt"));
    }
}
