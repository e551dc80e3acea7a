using System.Text.RegularExpressions;
using MotTracker.Engine.Analytics;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>Count lines, zones and events in <c>batch</c>: per input, beside its result, as <c>track</c> writes them.</summary>
public sealed partial class BatchCountingTests
{
    private static readonly string[] Sequences = ["MOT17-05-FRCNN", "MOT17-09-FRCNN"];

    private static readonly string[] Counting = ["--count-line", "320,0,320,1080,mid", "--zone", "0,0,640,0,640,1080,0,1080,hall"];

    [Fact]
    public void Batch_writes_each_inputs_summary_and_events_as_track_does_and_a_rerun_keeps_them()
    {
        string dir = TestData.NewTempDirectory();
        string seqmap = Path.Combine(dir, "seqmap.txt");
        File.WriteAllText(seqmap, "name\n" + string.Join("\n", Sequences) + "\n");

        var batch = CliRunner.Run(dir, ["batch", TestData.Mot17Train, "-o", "b", "--seqmap", seqmap, .. Counting, "--events", "-q"]);

        batch.ExitCode.ShouldBe(0, batch.Out + batch.Error);
        Directory.CreateDirectory(Path.Combine(dir, "t"));
        foreach (string name in Sequences)
        {
            var track = CliRunner.Run(dir, ["track", TestData.Mot17Sequence(name), "-o", $"t/{name}.txt", .. Counting,
                "--summary", $"t/{name}.counts.json", "--events", $"t/{name}.events.jsonl", "-q"]);
            track.ExitCode.ShouldBe(0, track.Out + track.Error);
            File.ReadAllBytes(Path.Combine(dir, "b", name + ".txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "t", name + ".txt")), name);
            File.ReadAllBytes(Path.Combine(dir, "b", name + ".counts.json")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "t", name + ".counts.json")), name);
            // Every byte but each event's wall-clock time, which says when it was written.
            var batchEvents = WithoutWall(Path.Combine(dir, "b", name + ".events.jsonl"));
            batchEvents.ShouldBe(WithoutWall(Path.Combine(dir, "t", name + ".events.jsonl")), name);
            batchEvents.ShouldContain(e => e.Contains("\"type\":\"zone_entered\"", StringComparison.Ordinal), name);
            CountSummary.Read(Path.Combine(dir, "b", name + ".counts.json")).Zones.Single().Name.ShouldBe("hall");
        }
        Directory.GetFiles(Path.Combine(dir, "b"), ".*.tmp").ShouldBeEmpty();

        var events = Sequences.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(dir, "b", n + ".events.jsonl")));
        var rerun = CliRunner.Run(dir, ["batch", TestData.Mot17Train, "-o", "b", "--seqmap", seqmap, .. Counting, "--events"]);

        rerun.ExitCode.ShouldBe(0, rerun.Out + rerun.Error);
        foreach (string name in Sequences)
        {
            rerun.Out.ShouldContain($"{name}: done (already complete)");
            File.ReadAllBytes(Path.Combine(dir, "b", name + ".events.jsonl")).ShouldBe(events[name], "a complete input is not run again");
        }
    }

    [Fact]
    public void A_batch_with_other_zones_or_without_events_is_other_options_and_asks_for_overwrite()
    {
        string dir = TestData.NewTempDirectory();
        string seqmap = Path.Combine(dir, "seqmap.txt");
        File.WriteAllText(seqmap, "name\nMOT17-09-FRCNN\n");
        CliRunner.Run(dir, ["batch", TestData.Mot17Train, "-o", "b", "--seqmap", seqmap, .. Counting, "--events", "-q"]).ExitCode.ShouldBe(0);

        var otherZone = CliRunner.Run(dir, ["batch", TestData.Mot17Train, "-o", "b", "--seqmap", seqmap, "--count-line", "320,0,320,1080,mid",
            "--zone", "0,0,10,0,10,10,tiny", "--events", "-q"]);

        otherZone.ExitCode.ShouldBe(2, otherZone.Out + otherZone.Error);
        otherZone.Error.ShouldContain("made with other options");
    }

    [Fact]
    public void A_rerun_after_a_killed_run_removes_the_summary_and_events_temporaries_it_left_but_not_a_users_look_alike()
    {
        string dir = TestData.NewTempDirectory();
        string seqmap = Path.Combine(dir, "seqmap.txt");
        File.WriteAllText(seqmap, "name\nMOT17-09-FRCNN\n");
        string[] args = ["batch", TestData.Mot17Train, "-o", "b", "--seqmap", seqmap, .. Counting, "--events", "-q"];
        CliRunner.Run(dir, args).ExitCode.ShouldBe(0);
        string b = Path.Combine(dir, "b");
        string[] outputs = ["MOT17-09-FRCNN.txt", "MOT17-09-FRCNN.counts.json", "MOT17-09-FRCNN.events.jsonl"];
        byte[] result = File.ReadAllBytes(Path.Combine(b, outputs[0]));
        byte[] counts = File.ReadAllBytes(Path.Combine(b, outputs[1]));
        var events = WithoutWall(Path.Combine(b, outputs[2]));
        // What a kill -9 mid-input leaves: no outputs yet, a hidden temporary of each (AtomicFile.TempPathFor's names).
        string[] killed = [.. outputs.Select(o => Path.Combine(b, $".{o}.4242.00112233445566778899aabbccddeeff.tmp"))];
        foreach (string o in outputs) File.Delete(Path.Combine(b, o));
        foreach (string t in killed) File.WriteAllText(t, "half written\n");
        string usersOwn = Path.Combine(b, ".MOT17-09-FRCNN.counts.json.mine.tmp");
        File.WriteAllText(usersOwn, "a user's file\n");

        var rerun = CliRunner.Run(dir, args);

        rerun.ExitCode.ShouldBe(0, rerun.Out + rerun.Error);
        foreach (string t in killed) File.Exists(t).ShouldBeFalse(t);
        File.ReadAllText(usersOwn).ShouldBe("a user's file\n", "not our naming pattern: never deleted");
        Directory.GetFiles(b, ".*.tmp").ShouldBe([usersOwn]);
        File.ReadAllBytes(Path.Combine(b, outputs[0])).ShouldBe(result);
        File.ReadAllBytes(Path.Combine(b, outputs[1])).ShouldBe(counts);
        WithoutWall(Path.Combine(b, outputs[2])).ShouldBe(events);
    }

    private static List<string> WithoutWall(string path) =>
        File.ReadAllLines(path).Select(l => WallField().Replace(l, "")).ToList();

    [GeneratedRegex("\"wall\":\"[^\"]*\",")]
    private static partial Regex WallField();
}
