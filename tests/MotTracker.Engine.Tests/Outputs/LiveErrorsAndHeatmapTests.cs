using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Outputs;
using MotTracker.Evaluation;
using MotTracker.Media;
using OpenCvSharp;

namespace MotTracker.Engine.Tests.Outputs;

/// <summary>
/// A crafted 12-frame sequence (320x240, black frames, public detections) tracked by ByteTrack with
/// <c>--save-video --gt</c> and <c>--heatmap</c>: gt 1 stands at A for frames 1-6 and at B from frame 7
/// (detected in both places, so its track is lost and a new id picks it up: one ID switch), gt 2 is
/// never detected (missed in every frame), and a detection C stands on nothing (a false positive).
/// </summary>
public sealed class LiveErrorsAndHeatmapTests
{
    private const int Frames = 12;
    private static readonly (int X, int Y, int W, int H) A = (40, 40, 40, 80), B = (200, 120, 40, 80), C = (240, 20, 40, 60), Missed = (120, 140, 40, 80);

    internal static string CraftSequence()
    {
        string dir = Path.Combine(TestData.NewTempDirectory(), "Crafted");
        Directory.CreateDirectory(Path.Combine(dir, "det"));
        Directory.CreateDirectory(Path.Combine(dir, "gt"));
        Directory.CreateDirectory(Path.Combine(dir, "img1"));
        File.WriteAllText(Path.Combine(dir, "seqinfo.ini"),
            $"[Sequence]\nname=Crafted\nimDir=img1\nframeRate=10\nseqLength={Frames}\nimWidth=320\nimHeight=240\nimExt=.png\n");
        var det = new System.Text.StringBuilder();
        var gt = new System.Text.StringBuilder();
        for (int f = 1; f <= Frames; f++)
        {
            var walker = f <= 6 ? A : B;
            foreach (var (x, y, w, h) in new[] { walker, C })
                det.Append(CultureInfo.InvariantCulture, $"{f},-1,{x},{y},{w},{h},0.9,-1,-1,-1\n");
            gt.Append(CultureInfo.InvariantCulture, $"{f},1,{walker.X},{walker.Y},{walker.W},{walker.H},1,1,1\n");
            gt.Append(CultureInfo.InvariantCulture, $"{f},2,{Missed.X},{Missed.Y},{Missed.W},{Missed.H},1,1,1\n");
        }
        File.WriteAllText(Path.Combine(dir, "det", "det.txt"), det.ToString());
        File.WriteAllText(Path.Combine(dir, "gt", "gt.txt"), gt.ToString());
        // Loads OpenCV the way Media does before the test calls it directly.
        using (new FrameCanvas(new BgrImage(2, 2))) { }
        using var black = new Mat(240, 320, MatType.CV_8UC3, Scalar.All(0));
        for (int f = 1; f <= Frames; f++)
            Cv2.ImWrite(Path.Combine(dir, "img1", f.ToString("D6", CultureInfo.InvariantCulture) + ".png"), black);
        return dir;
    }

    /// <summary>Keeps copies of the frames as the video drew them (it runs before this observer, in place).</summary>
    private sealed class DrawnFrames : IFrameObserver
    {
        public Dictionary<int, BgrImage> Images { get; } = [];
        public bool NeedsPixels => true;
        public void OnFrame(in FrameTracks frame) =>
            Images[frame.FrameNumber] = new BgrImage(frame.Image!.Width, frame.Image.Height, (byte[])frame.Image.Pixels.Clone());
    }

    private static (IReadOnlyList<MotRow> Rows, DrawnFrames Drawn, TrackOutputs Outputs, string Dir) Track(string sequence, TrackOutputSettings settings)
    {
        string outDir = TestData.NewTempDirectory();
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = sequence, ReadFrames = true });
        var drawn = new DrawnFrames();
        var outputs = TrackOutputs.Open(job, settings);
        using (outputs)
        {
            job.Run(Path.Combine(outDir, "r.txt"), new TrackRunOptions { Observers = [.. outputs.Observers, drawn] });
            outputs.Complete();
        }
        return (MotFileReader.Read(Path.Combine(outDir, "r.txt"), MotFileKind.Results), drawn, outputs, outDir);
    }

    private static (byte B, byte G, byte R) At(BgrImage image, int x, int y) =>
        (image.Pixels[y * image.Stride + 3 * x], image.Pixels[y * image.Stride + 3 * x + 1], image.Pixels[y * image.Stride + 3 * x + 2]);

    [Fact]
    public void Track_with_gt_draws_the_miss_dashed_the_false_positive_red_and_flags_the_switch_where_eval_finds_them()
    {
        string sequence = CraftSequence();
        string gtFile = Path.Combine(sequence, "gt", "gt.txt");
        string video = Path.Combine(TestData.NewTempDirectory(), "live.avi");
        var (rows, drawn, _, _) = Track(sequence, new TrackOutputSettings { VideoPath = video, GroundTruthPath = gtFile });

        // What eval --errors finds in the written rows is what the video drew.
        var offline = ErrorOverlay.Create(MotBenchmark.MOT17, "Crafted", Frames, MotFileReader.Read(gtFile, MotFileKind.GroundTruth), gtFile, rows, "r.txt").Errors!;
        var s = offline.Switches.ShouldHaveSingleItem();
        s.GtId.ShouldBe(1);
        int fp = rows.First(r => r.Frame == 1 && r.Box.X == C.X).Id;
        s.FromTrackerId.ShouldBe(rows.First(r => r.Frame == 1 && r.Box.X == A.X).Id);
        var frame = drawn.Images[s.Frame];
        var to = rows.Single(r => r.Frame == s.Frame && r.Id == s.ToTrackerId).Box;
        var magenta = ((byte)255, (byte)0, (byte)255);
        var red = ((byte)0, (byte)0, (byte)255);
        var white = ((byte)255, (byte)255, (byte)255);
        var black = ((byte)0, (byte)0, (byte)0);

        // The switch: the new id's box in magenta (mid left edge), with its "old -> new" label below it.
        At(frame, (int)Math.Round(to.X) + 1, (int)Math.Round(to.Y + to.Height / 2)).ShouldBe(magenta);
        // The false positive C: a red outline 3 px wide, inwards from its left edge.
        At(frame, C.X, C.Y + 30).ShouldBe(red);
        At(frame, C.X + 2, C.Y + 30).ShouldBe(red);
        // The missed gt 2: white dashes of 10 px with gaps of 6 along its top edge.
        At(frame, Missed.X, Missed.Y).ShouldBe(white);
        At(frame, Missed.X + 9, Missed.Y).ShouldBe(white);
        At(frame, Missed.X + 12, Missed.Y).ShouldBe(black);
        // A few frames later the switch is no longer flagged; the miss and the false positive still are.
        var later = drawn.Images[s.Frame + ErrorOverlay.DefaultSwitchFrames > Frames ? Frames : s.Frame + ErrorOverlay.DefaultSwitchFrames];
        At(later, C.X + 1, C.Y + 30).ShouldBe(red);
        At(later, Missed.X, Missed.Y).ShouldBe(white);
        // Before the switch, the walker's track at A is a correct match: its box keeps its id colour.
        At(drawn.Images[3], A.X + 1, A.Y + 40).ShouldBe(BgrColorTuple(BgrColor.ForId(s.FromTrackerId)));
        fp.ShouldNotBe(s.ToTrackerId);
        File.Exists(video).ShouldBeTrue();
    }

    private static (byte, byte, byte) BgrColorTuple(BgrColor c) => (c.B, c.G, c.R);

    [Fact]
    public void A_gt_file_with_a_bad_line_is_refused_before_anything_is_written()
    {
        string sequence = CraftSequence();
        string bad = Path.Combine(TestData.NewTempDirectory(), "gt.txt");
        File.WriteAllText(bad, "1,1,40,40,40,80,1,1,1\n1,2,40,forty,40,80,1,1,1\n");
        string video = Path.Combine(TestData.NewTempDirectory(), "live.avi");
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = sequence, ReadFrames = true });
        var ex = Should.Throw<MotFormatException>(() => TrackOutputs.Open(job, new TrackOutputSettings { VideoPath = video, GroundTruthPath = bad }));
        ex.Message.ShouldContain(bad);
        ex.Line.ShouldBe(2);
        Directory.GetFiles(Path.GetDirectoryName(video)!).ShouldBeEmpty();
    }

    [Fact]
    public void The_heat_map_is_hottest_where_the_tracks_stood_and_leaves_the_frame_untouched_where_none_went()
    {
        string sequence = CraftSequence();
        string png = Path.Combine(TestData.NewTempDirectory(), "heat.png");
        var (rows, _, outputs, _) = Track(sequence, new TrackOutputSettings { HeatmapPath = png });
        outputs.HeatmapPath.ShouldBe(png);

        using var heat = Cv2.ImRead(png, ImreadModes.Color);
        (heat.Width, heat.Height).ShouldBe((320, 240));
        // The hottest pixel: the foot (bottom centre) of C, the track seen in every frame.
        int FootX((int X, int Y, int W, int H) b) => b.X + b.W / 2;
        int FootY((int X, int Y, int W, int H) b) => b.Y + b.H;
        using var red = heat.ExtractChannel(2);
        Cv2.MinMaxLoc(red, out _, out double _, out _, out Point hottest);
        hottest.X.ShouldBeInRange(FootX(C) - 2, FootX(C) + 2);
        hottest.Y.ShouldBeInRange(FootY(C) - 2, FootY(C) + 2);
        // Where the walker stood (A, then B) is coloured too; far from every track the frame is unchanged.
        var a = heat.At<Vec3b>(FootY(A), FootX(A));
        var b = heat.At<Vec3b>(FootY(B), FootX(B));
        (a.Item0 + a.Item1 + a.Item2).ShouldBeGreaterThan(60);
        (b.Item0 + b.Item1 + b.Item2).ShouldBeGreaterThan(60);
        heat.At<Vec3b>(230, 10).ShouldBe(new Vec3b(0, 0, 0));
        heat.At<Vec3b>(5, 160).ShouldBe(new Vec3b(0, 0, 0));
        // Nothing but the picture was left beside it.
        Directory.GetFiles(Path.GetDirectoryName(png)!).ShouldBe([png]);
        rows.Count.ShouldBeGreaterThan(0);
    }
}
