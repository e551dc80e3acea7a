using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Batch;

namespace MotTracker.Engine.Tests.Batch;

public sealed class BatchRunnerTests
{
    private static readonly BatchInput[] Inputs =
    [
        new("A", "/in/A", BatchInputKind.Sequence),
        new("B", "/in/B", BatchInputKind.Sequence),
        new("C", "/in/C", BatchInputKind.Sequence),
    ];

    private static BatchRequest Request(string output, string hash = "h1", bool overwrite = false, int jobs = 1) => new()
    {
        Inputs = Inputs,
        OutputDirectory = output,
        OptionsHash = hash,
        Overwrite = overwrite,
        Jobs = jobs,
        Version = "test",
    };

    /// <summary>Writes "result of NAME" atomically; fails for names in <paramref name="failing"/>.</summary>
    private static SequenceRun Fake(List<string> ran, params string[] failing) => (input, path, progress, token) =>
    {
        lock (ran) ran.Add(input.Name);
        if (failing.Contains(input.Name)) throw new InvalidDataException($"{input.Name} is corrupt");
        progress(1, 1);
        AtomicFile.Write(path, w => w.Write($"result of {input.Name}\n"));
        return 1;
    };

    private static BatchSummary RunAll(BatchRequest request, SequenceRun run) =>
        BatchRunner.Run(request, BatchRunner.Plan(request), run, null, CancellationToken.None);

    [Fact]
    public void A_failing_sequence_fails_alone_and_is_named_with_its_reason()
    {
        using var dir = new TempDirectory();
        var ran = new List<string>();
        var summary = RunAll(Request(dir.Path), Fake(ran, "B"));
        ran.Order().ShouldBe(["A", "B", "C"]);
        summary.Failures.Select(f => (f.Name, f.Error)).ShouldBe([("B", "B is corrupt")]);
        File.Exists(dir.File("A.txt")).ShouldBeTrue();
        File.Exists(dir.File("B.txt")).ShouldBeFalse();
        File.Exists(dir.File("C.txt")).ShouldBeTrue();
        var manifest = RunManifest.TryRead(dir.File("run.json"))!;
        manifest.Sequences.Select(s => (s.Name, s.Status)).ShouldBe([("A", "done"), ("B", "failed"), ("C", "done")]);
        manifest.Find("A")!.ResultSha256.ShouldBe(FileHash.Sha256OfFile(dir.File("A.txt")));
    }

    [Fact]
    public void A_rerun_skips_complete_results_and_redoes_the_rest()
    {
        using var dir = new TempDirectory();
        RunAll(Request(dir.Path), Fake([], "B"));
        var ran = new List<string>();
        var summary = RunAll(Request(dir.Path), Fake(ran));
        ran.ShouldBe(["B"]);
        summary.Failures.ShouldBeEmpty();
    }

    [Fact]
    public void A_rerun_with_other_options_refuses_to_replace_results_without_overwrite()
    {
        using var dir = new TempDirectory();
        RunAll(Request(dir.Path), Fake([]));
        var error = Should.Throw<MotFormatException>(() => BatchRunner.Plan(Request(dir.Path, hash: "h2")));
        error.Message.ShouldContain("A.txt (made with other options or another mottrack version)");
        error.Message.ShouldContain("--overwrite");

        var ran = new List<string>();
        RunAll(Request(dir.Path, hash: "h2", overwrite: true), Fake(ran));
        ran.Order().ShouldBe(["A", "B", "C"]);
        RunManifest.TryRead(dir.File("run.json"))!.OptionsHash.ShouldBe("h2");
    }

    [Fact]
    public void A_result_file_the_batch_did_not_write_is_never_replaced_silently()
    {
        using var dir = new TempDirectory();
        dir.Write("B.txt", "someone's own file\n");
        Should.Throw<MotFormatException>(() => BatchRunner.Plan(Request(dir.Path))).Message.ShouldContain("B.txt (not made by this batch");
        File.ReadAllText(dir.File("B.txt")).ShouldBe("someone's own file\n");
    }

    [Fact]
    public void A_result_edited_after_the_run_is_not_trusted()
    {
        using var dir = new TempDirectory();
        RunAll(Request(dir.Path), Fake([]));
        File.AppendAllText(dir.File("C.txt"), "edited\n");
        Should.Throw<MotFormatException>(() => BatchRunner.Plan(Request(dir.Path))).Message.ShouldContain("C.txt (changed since it was written)");
    }

    [Fact]
    public void A_result_renamed_into_place_just_before_a_kill_is_redone_on_rerun()
    {
        using var dir = new TempDirectory();
        RunAll(Request(dir.Path), Fake([]));
        // As if killed after B.txt was renamed into place but before the manifest said "done".
        var manifest = RunManifest.TryRead(dir.File("run.json"))!;
        manifest.Find("B")!.Status = SequenceStatus.Running;
        manifest.Find("B")!.ResultSha256 = null;
        manifest.Write(dir.File("run.json"));

        var ran = new List<string>();
        RunAll(Request(dir.Path), Fake(ran));
        ran.ShouldBe(["B"]);
    }

    [Fact]
    public void Cancelling_stops_before_the_next_sequence_and_leaves_only_complete_files()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        SequenceRun run = (input, path, progress, token) =>
        {
            if (input.Name == "B")
            {
                cancel.Cancel();
                token.ThrowIfCancellationRequested();
            }
            AtomicFile.Write(path, w => w.Write("ok\n"));
            return 1;
        };
        var request = Request(dir.Path);
        var summary = BatchRunner.Run(request, BatchRunner.Plan(request), run, null, cancel.Token);
        summary.Cancelled.ShouldBeTrue();
        summary.Records.Select(r => (r.Name, r.Status)).ShouldBe([("A", "done"), ("B", "cancelled")]);
        Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order().ShouldBe([".mottrack-shard-1-of-1.lock", "A.txt", "run.json"]);
    }

    [Fact]
    public void Parallel_jobs_run_every_sequence_once()
    {
        using var dir = new TempDirectory();
        var ran = new List<string>();
        var summary = RunAll(Request(dir.Path, jobs: 3), Fake(ran));
        ran.Order().ShouldBe(["A", "B", "C"]);
        summary.Records.Select(r => r.Name).ShouldBe(["A", "B", "C"]);
    }

    [Fact]
    public void A_second_run_of_a_shard_is_refused_while_the_first_holds_its_lock_and_leaves_its_temporary_files_alone()
    {
        using var dir = new TempDirectory();
        string working = dir.Write(".A.txt.1234.0123456789abcdef.tmp", "rows being written by the first run\n");
        using (ShardLock.Acquire(dir.Path, ShardSpec.Whole))
        {
            var request = Request(dir.Path);
            var error = Should.Throw<TrackRequestException>(() => BatchRunner.Run(request, BatchRunner.Plan(request), Fake([]), null, CancellationToken.None));
            error.Message.ShouldContain("another mottrack run is writing this batch");
            error.Message.ShouldContain(".mottrack-shard-1-of-1.lock");
            File.Exists(working).ShouldBeTrue();
            File.Exists(dir.File("A.txt")).ShouldBeFalse();

            // Another shard of the same folder is not held back.
            using var other = ShardLock.Acquire(dir.Path, new ShardSpec(2, 3));
            other.Path.ShouldBe(dir.File(".mottrack-shard-2-of-3.lock"));
        }
        // Released with the first run: the next one goes ahead.
        RunAll(Request(dir.Path), Fake([])).Failures.ShouldBeEmpty();
    }

    [Fact]
    public void Concurrent_shards_with_parallel_jobs_keep_every_record_of_their_manifests()
    {
        using var dir = new TempDirectory();
        var inputs = Enumerable.Range(0, 24).Select(i => new BatchInput($"S{i:D2}", $"/in/S{i:D2}", BatchInputKind.Sequence)).ToList();
        SequenceRun slow = (input, path, progress, token) =>
        {
            Thread.Sleep(input.Name.GetHashCode(StringComparison.Ordinal) & 7);
            AtomicFile.Write(path, w => w.Write($"result of {input.Name}\n"));
            return 1;
        };
        var shards = new[] { new ShardSpec(1, 2), new ShardSpec(2, 2) };
        // Two processes' worth of writers: one thread per shard, each running four sequences at once.
        var threads = shards.Select(shard => new Thread(() =>
        {
            var request = new BatchRequest { Inputs = shard.Select(inputs), OutputDirectory = dir.Path, Shard = shard, OptionsHash = "h", Jobs = 4 };
            BatchRunner.Run(request, BatchRunner.Plan(request), slow, null, CancellationToken.None);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        foreach (var shard in shards)
        {
            var manifest = RunManifest.TryRead(dir.File(shard.ManifestFileName))!;
            manifest.Sequences.Select(s => s.Name).ShouldBe(shard.Select(inputs).Select(i => i.Name));
            manifest.Sequences.ShouldAllBe(s => s.Status == SequenceStatus.Done && s.ResultSha256 != null);
        }
    }

    [Fact]
    public void A_changed_input_under_the_same_name_is_redone_and_an_unchanged_one_is_skipped()
    {
        using var dir = new TempDirectory();
        var template = new TrackRequest { Input = "unused", DetectionSource = DetectionSource.PublicDetections };
        var inputs = new[] { "A", "B" }.Select(name =>
        {
            dir.Write($"in/{name}/seqinfo.ini", $"[Sequence]\nname={name}\n");
            dir.Write($"in/{name}/det/det.txt", "1,-1,10,10,20,40,0.9\n");
            return new BatchInput(name, dir.Combine("in", name), BatchInputKind.Sequence);
        }).ToList();
        BatchRequest Request() => new()
        {
            Inputs = inputs,
            OutputDirectory = dir.Combine("out"),
            OptionsHash = "h",
            InputFingerprints = inputs.ToDictionary(i => i.Name, i => InputFingerprint.Of(i, template)),
        };
        RunAll(Request(), Fake([]));

        var ran = new List<string>();
        RunAll(Request(), Fake(ran));
        ran.ShouldBeEmpty("nothing changed");

        // Same size, same name: only the content differs.
        dir.Write("in/B/det/det.txt", "1,-1,10,10,20,40,0.8\n");
        BatchRunner.Plan(Request()).Single(p => p.Run).ShouldSatisfyAllConditions(p => p.Input.Name.ShouldBe("B"), p => p.Reason.ShouldBe("input changed"));
        RunAll(Request(), Fake(ran));
        ran.ShouldBe(["B"]);
        RunManifest.TryRead(dir.Combine("out", "run.json"))!.Find("B")!.InputFingerprint.ShouldBe(InputFingerprint.Of(inputs[1], template));
    }
}
