using MotTracker.Engine.Batch;

namespace MotTracker.Engine.Tests.Batch;

/// <summary>The Engine's whole batch (what <c>mottrack batch</c> calls) on copies of MOT17-09's public detections.</summary>
public sealed class BatchRunTests
{
    private static void CopySequence(string to)
    {
        string from = TestData.Mot17Sequence("MOT17-09-FRCNN");
        Directory.CreateDirectory(Path.Combine(to, "det"));
        File.Copy(Path.Combine(from, "seqinfo.ini"), Path.Combine(to, "seqinfo.ini"));
        File.Copy(Path.Combine(from, "det", "det.txt"), Path.Combine(to, "det", "det.txt"));
    }

    private static BatchSettings Settings(TempDirectory dir) => new()
    {
        InputDirectory = dir.Combine("split"),
        OutputDirectory = dir.Combine("out"),
        Template = new TrackRequest { Input = dir.Combine("split") },
        Version = "test",
    };

    [Fact]
    public void A_bad_first_input_fails_alone_and_the_next_one_is_done()
    {
        using var dir = new TempDirectory();
        // "A-NODET" sorts first: a sequence folder with frames but no detections.
        dir.Write("split/A-NODET/seqinfo.ini", File.ReadAllText(Path.Combine(TestData.Mot17Sequence("MOT17-09-FRCNN"), "seqinfo.ini")).Replace("MOT17-09-FRCNN", "A-NODET"));
        Directory.CreateDirectory(dir.Combine("split", "A-NODET", "img1"));
        CopySequence(dir.Combine("split", "B"));

        using var batch = BatchRun.Prepare(Settings(dir), new EngineEnvironment());
        batch.Plan.Select(p => p.Input.Name).ShouldBe(["A-NODET", "B"]);
        var outcome = batch.Run(null, CancellationToken.None);

        outcome.Summary.Records.Select(r => (r.Name, r.Status)).ShouldBe([("A-NODET", SequenceStatus.Failed), ("B", SequenceStatus.Done)]);
        outcome.Summary.Failures.Single().Error!.ShouldContain("no detections at");
        File.Exists(dir.Combine("out", "B.txt")).ShouldBeTrue();
        File.Exists(dir.Combine("out", "A-NODET.txt")).ShouldBeFalse();
    }

    [Fact]
    public void A_sequence_whose_detections_changed_is_redone_on_rerun()
    {
        using var dir = new TempDirectory();
        CopySequence(dir.Combine("split", "S"));
        using (var first = BatchRun.Prepare(Settings(dir), new EngineEnvironment()))
            first.Run(null, CancellationToken.None).Summary.Failures.ShouldBeEmpty();
        byte[] before = File.ReadAllBytes(dir.Combine("out", "S.txt"));

        using (var same = BatchRun.Prepare(Settings(dir), new EngineEnvironment()))
            same.ToRun.ShouldBe(0);

        // Frames after 200 lose their detections: same name, other content.
        string det = dir.Combine("split", "S", "det", "det.txt");
        File.WriteAllLines(det, File.ReadAllLines(det).Where(l => int.Parse(l[..l.IndexOf(',')], System.Globalization.CultureInfo.InvariantCulture) <= 200));
        using (var changed = BatchRun.Prepare(Settings(dir), new EngineEnvironment()))
        {
            changed.Plan.Single().Reason.ShouldBe("input changed");
            changed.Run(null, CancellationToken.None).Summary.Failures.ShouldBeEmpty();
        }
        byte[] after = File.ReadAllBytes(dir.Combine("out", "S.txt"));
        after.Length.ShouldBeLessThan(before.Length);
    }

    [Fact]
    public void A_second_batch_of_the_same_shard_is_refused_while_the_first_is_prepared()
    {
        using var dir = new TempDirectory();
        CopySequence(dir.Combine("split", "S"));
        using var first = BatchRun.Prepare(Settings(dir), new EngineEnvironment());
        var error = Should.Throw<TrackRequestException>(() => BatchRun.Prepare(Settings(dir), new EngineEnvironment()));
        error.Setting.ShouldBe("output");
        error.Message.ShouldContain("another mottrack run");
        // A different shard into the same folder is fine.
        using var other = BatchRun.Prepare(Settings(dir) with { Shard = "1/2" }, new EngineEnvironment());
    }
}
