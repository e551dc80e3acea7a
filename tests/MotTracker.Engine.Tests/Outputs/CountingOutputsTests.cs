using System.Globalization;
using MotTracker.Engine.Analytics;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Outputs;
using MotTracker.Media;
using OpenCvSharp;

namespace MotTracker.Engine.Tests.Outputs;

/// <summary>
/// A crafted 13-frame sequence (320x240, grey frames, public detections) tracked by the engine with a
/// count line, its summary and an annotated video: three people whose bottom centres meet the line
/// y = 120 drawn left to right (so moving down is "in").
/// </summary>
public sealed class CountingOutputsTests
{
    private const int Frames = 13;

    /// <summary>A walks straight down through the line at x 50.</summary>
    private static readonly int[] WalkerBottoms = [60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180];

    /// <summary>B goes down through the line, turns, and comes back up through it (a U-turn) at x 200.</summary>
    private static readonly int[] UTurnBottoms = [90, 100, 110, 120, 130, 140, 150, 140, 130, 120, 110, 100, 90];

    /// <summary>C stands on the line jittering a pixel either side of it, then walks on down, at x 130.</summary>
    private static readonly int[] JitterBottoms = [100, 110, 119, 121, 119, 121, 119, 121, 119, 121, 130, 140, 150];

    private static string CraftSequence(bool withFrames = true)
    {
        string dir = Path.Combine(TestData.NewTempDirectory(), "Crafted");
        Directory.CreateDirectory(Path.Combine(dir, "det"));
        File.WriteAllText(Path.Combine(dir, "seqinfo.ini"),
            $"[Sequence]\nname=Crafted\nimDir=img1\nframeRate=10\nseqLength={Frames}\nimWidth=320\nimHeight=240\nimExt=.jpg\n");
        var det = new System.Text.StringBuilder();
        for (int f = 1; f <= Frames; f++)
        {
            foreach (var (x, bottoms) in new[] { (35, WalkerBottoms), (185, UTurnBottoms), (115, JitterBottoms) })
                det.Append(CultureInfo.InvariantCulture, $"{f},-1,{x},{bottoms[f - 1] - 60},30,60,0.9,-1,-1,-1\n");
        }
        File.WriteAllText(Path.Combine(dir, "det", "det.txt"), det.ToString());
        if (withFrames)
        {
            Directory.CreateDirectory(Path.Combine(dir, "img1"));
            // Loads OpenCV the way Media does before the test calls it directly.
            using (new FrameCanvas(new Core.BgrImage(2, 2))) { }
            using var grey = new Mat(240, 320, MatType.CV_8UC3, new Scalar(90, 90, 90));
            for (int f = 1; f <= Frames; f++)
                Cv2.ImWrite(Path.Combine(dir, "img1", f.ToString("D6", CultureInfo.InvariantCulture) + ".jpg"), grey);
        }
        return dir;
    }

    private sealed record Run(CountSummary Summary, string SummaryPath, string VideoPath, IReadOnlyList<MotRow> Rows, TrackOutputs Outputs);

    private static Run TrackCrafted(string sequence, double? trackerFrameRate = null)
    {
        string outDir = TestData.NewTempDirectory();
        var engine = new TrackingEngine();
        using var job = engine.Prepare(new TrackRequest { Input = sequence, ReadFrames = true, FrameRate = trackerFrameRate });
        var settings = new TrackOutputSettings
        {
            VideoPath = Path.Combine(outDir, "crafted.mp4"),
            SummaryPath = Path.Combine(outDir, "counts.json"),
            CountLines = [CountLine.Parse("0,120,320,120,road", 1)],
        };
        var outputs = TrackOutputs.Open(job, settings);
        using (outputs)
        {
            job.Run(Path.Combine(outDir, "r.txt"), new TrackRunOptions { Observers = outputs.Observers });
            outputs.Complete();
        }
        var rows = MotFileReader.Read(Path.Combine(outDir, "r.txt"), MotFileKind.Results);
        return new Run(CountSummary.Read(settings.SummaryPath), settings.SummaryPath, settings.VideoPath, rows, outputs);
    }

    /// <summary>The id of the track whose first box starts at <paramref name="x"/>.</summary>
    private static int IdAt(IReadOnlyList<MotRow> rows, double x) =>
        rows.Where(r => r.Frame == 1).Single(r => Math.Abs(r.Box.X - x) < 2).Id;

    [Fact]
    public void A_walker_counts_in_a_U_turn_counts_in_and_out_and_jitter_on_the_line_counts_once()
    {
        var run = TrackCrafted(CraftSequence());

        var line = run.Summary.Lines.ShouldHaveSingleItem();
        line.Name.ShouldBe("road");
        line.In.ShouldBe(3);
        line.Out.ShouldBe(1);
        var byTrack = line.Crossings.GroupBy(c => c.TrackId).ToDictionary(g => g.Key, g => g.Select(c => c.Direction).ToArray());
        byTrack[IdAt(run.Rows, 35)].ShouldBe([CrossingDirection.In]);
        byTrack[IdAt(run.Rows, 185)].ShouldBe([CrossingDirection.In, CrossingDirection.Out]);
        byTrack[IdAt(run.Rows, 115)].ShouldBe([CrossingDirection.In]);
        var person = line.Classes.ShouldHaveSingleItem();
        (person.ClassId, person.Class, person.In, person.Out).ShouldBe((0, "person", 3, 1));
        // Crossings are listed in frame order.
        line.Crossings.Select(c => c.Frame).ShouldBeInOrder();
    }

    [Fact]
    public void The_summary_file_reads_back_to_the_counters_own_summary()
    {
        var run = TrackCrafted(CraftSequence());

        string written = File.ReadAllText(run.SummaryPath);
        run.Summary.ToJson().ShouldBe(written.TrimEnd('\n'));
        run.Summary.ToJson().ShouldBe(run.Outputs.Counter!.Summary().ToJson());
        run.Summary.Anchor.ShouldBe("bottom");
        run.Summary.Lines[0].Start.ShouldBe(new PixelPoint(0, 120));
        run.Summary.Lines[0].End.ShouldBe(new PixelPoint(320, 120));
    }

    [Fact]
    public void The_annotated_video_of_a_sequence_has_every_frame_at_the_sequences_rate_whatever_rate_the_tracker_is_told()
    {
        var run = TrackCrafted(CraftSequence(), trackerFrameRate: 30);

        using var source = FrameSources.Open(run.VideoPath);
        source.Info.Fps.ShouldBe(10, 0.01);
        source.Info.Width.ShouldBe(320);
        source.ReadFrames().Count().ShouldBe(Frames);
    }

    [Fact]
    public void Drawing_public_detections_needs_every_frame_and_names_the_first_missing_one()
    {
        string sequence = CraftSequence();
        File.Delete(Path.Combine(sequence, "img1", "000005.jpg"));

        var error = Should.Throw<TrackRequestException>(() => new TrackingEngine().Prepare(new TrackRequest { Input = sequence, ReadFrames = true }));
        error.Message.ShouldContain("frame 5 of 13 is missing");
    }

    [Fact]
    public void Public_detections_are_people_so_another_class_is_refused()
    {
        string sequence = CraftSequence(withFrames: false);
        var request = new TrackRequest
        {
            Input = sequence,
            Models = new ModelSettings { DetectorOptions = new() { Classes = [0, 2] } },
        };

        var error = Should.Throw<TrackRequestException>(() => new TrackingEngine().Prepare(request));
        error.Setting.ShouldBe("classes");
        error.Message.ShouldContain("they are people");
    }

    [Fact]
    public void A_summary_without_count_lines_is_refused()
    {
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = CraftSequence(withFrames: false) });
        var settings = new TrackOutputSettings { SummaryPath = Path.Combine(TestData.NewTempDirectory(), "c.json") };

        Should.Throw<TrackRequestException>(() => TrackOutputs.Open(job, settings)).Setting.ShouldBe("summary");
    }
}
