using System.Globalization;
using System.Security.Cryptography;

namespace MotTracker.Engine.Tests;

/// <summary>ByteTrack on the public detections of all seven MOT17 training sequences, through the engine.</summary>
public sealed class PublicDetectionGoldenTests
{
    public static TheoryData<string, string> TodaysResults => new()
    {
        // sha256 of `mottrack track <seq> -o <file>` on main at 76354fb (before the engine existed),
        // with each sequence's own frame rate from seqinfo.ini.
        { "MOT17-02-FRCNN", "2179b979968ff458798ec4dbde0258c97dbc3eeb465fe70370ea03f404b4cd28" },
        { "MOT17-04-FRCNN", "44b4a474296456db5929c2ec922207e56d296478d1d78f06a25fdb9e7aa3b9a8" },
        { "MOT17-05-FRCNN", "7f8d42603e33d4aa0e50a0452a6ebb5da36f0a38b952863776656055b6cca19e" },
        { "MOT17-09-FRCNN", "02a853a2f369a56cccf8022e953a51473270bc1cebe6cbc05166e16272518dd4" },
        { "MOT17-10-FRCNN", "dd34050c2e31f48533f8c50e19427af488f099c3f29c9b552ea00777aa68e058" },
        { "MOT17-11-FRCNN", "65825cd2b31199df4e63124939f806000e8ea1180e2a2ebbbf0f74a2a4fcb147" },
        { "MOT17-13-FRCNN", "c380b200bd74663bc0c0813c5f4442ae5f90a1771f3d8d1c0b880af7a2282718" },
    };

    public static TheoryData<string> Sequences => new(TestData.Mot17Sequences);

    [Theory]
    [MemberData(nameof(TodaysResults))]
    public void Public_detections_through_the_engine_give_the_same_result_file_byte_for_byte(string sequence, string sha256)
    {
        using var temp = new TempDirectory();
        string output = temp.File("result.txt");
        using (var job = new TrackingEngine().Prepare(new TrackRequest { Input = TestData.Mot17Sequence(sequence) }))
        {
            job.ReadsFrames.ShouldBeFalse();
            job.Run(output);
        }

        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(output))).ShouldBe(sha256);
        Directory.GetFiles(temp.Path).ShouldBe([output], "no temporary file is left beside the result");
    }

    [Theory]
    [MemberData(nameof(Sequences))]
    public void At_30_fps_public_detections_give_the_official_bytetracks_rows(string sequence)
    {
        var collector = new Collector();
        using var temp = new TempDirectory();
        using (var job = new TrackingEngine().Prepare(new TrackRequest { Input = TestData.Mot17Sequence(sequence), FrameRate = 30 }))
            job.Run(temp.File("r.txt"), new TrackRunOptions { Observers = [collector] });

        var reference = File.ReadLines(Path.Combine(TestData.Shared, "data", "trackers", "MOT17-train", "ByteTrack-reference", sequence + ".txt"))
            .Select(ParseReference)
            .OrderBy(r => r.Frame).ThenBy(r => r.X).ThenBy(r => r.Y).ThenBy(r => r.Id)
            .ToList();
        var ours = collector.Rows
            .Select(r => (r.Frame, r.Id, X: Round(r.Box.X), Y: Round(r.Box.Y), W: Round(r.Box.Width), H: Round(r.Box.Height)))
            .OrderBy(r => r.Frame).ThenBy(r => r.X).ThenBy(r => r.Y).ThenBy(r => r.Id)
            .ToList();

        ours.Count.ShouldBe(reference.Count);
        var ourToTheirs = new Dictionary<int, int>();
        var theirToOurs = new Dictionary<int, int>();
        for (int i = 0; i < ours.Count; i++)
        {
            var (o, r) = (ours[i], reference[i]);
            (o.Frame, o.X, o.Y, o.W, o.H).ShouldBe((r.Frame, r.X, r.Y, r.W, r.H), $"row {i} of {sequence}");
            // Ids equal up to a one-to-one renumbering.
            ourToTheirs.TryAdd(o.Id, r.Id);
            ourToTheirs[o.Id].ShouldBe(r.Id, $"our id {o.Id} at frame {o.Frame}");
            theirToOurs.TryAdd(r.Id, o.Id);
            theirToOurs[r.Id].ShouldBe(o.Id, $"reference id {r.Id} at frame {r.Frame}");
        }
    }

    /// <summary>The reference prints Python's round(v, 1); tenths as integers avoid comparing doubles.</summary>
    private static long Round(double value) => (long)Math.Round(value * 10, MidpointRounding.ToEven);

    private static (int Frame, int Id, long X, long Y, long W, long H) ParseReference(string line)
    {
        var f = line.Split(',');
        long Tenths(string s) => (long)Math.Round(double.Parse(s, CultureInfo.InvariantCulture) * 10);
        return (int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), Tenths(f[2]), Tenths(f[3]), Tenths(f[4]), Tenths(f[5]));
    }

    private sealed class Collector : IFrameObserver
    {
        public readonly List<(int Frame, int Id, Core.BoundingBox Box)> Rows = [];
        public bool NeedsPixels => false;

        public void OnFrame(in FrameTracks frame)
        {
            foreach (var t in frame.Tracks) Rows.Add((frame.FrameNumber, t.TrackId, t.Box));
        }
    }
}
