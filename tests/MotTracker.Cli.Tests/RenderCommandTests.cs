using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Outputs;
using MotTracker.Evaluation;
using MotTracker.Media;
using MotTracker.Tests;
using MotTracker.Tracking;

namespace MotTracker.Cli.Tests;

/// <summary>
/// A crafted scene over MOT17-02's four staged frames: gt 1 followed by track 1 in frames 1-2 and by
/// track 2 in frames 3-4 (one ID switch at frame 3), gt 2 never tracked (missed in every frame), and
/// track 9 on nothing (a false positive in every frame).
/// </summary>
public sealed class RenderCommandTests
{
    private static readonly string Frames = Path.Combine(TestData.Mot17Sequence("MOT17-02-FRCNN"), "img1");

    private const string GtText = """
        1,1,100,100,100,200,1,1,1
        2,1,100,100,100,200,1,1,1
        3,1,100,100,100,200,1,1,1
        4,1,100,100,100,200,1,1,1
        1,2,600,100,100,200,1,1,1
        2,2,600,100,100,200,1,1,1
        3,2,600,100,100,200,1,1,1
        4,2,600,100,100,200,1,1,1
        """;

    private const string ResultsText = """
        1,1,100,100,100,200,1,-1,-1,-1
        2,1,100,100,100,200,1,-1,-1,-1
        3,2,100,100,100,200,1,-1,-1,-1
        4,2,100,100,100,200,1,-1,-1,-1
        1,9,1200,500,80,160,1,-1,-1,-1
        2,9,1200,500,80,160,1,-1,-1,-1
        3,9,1200,500,80,160,1,-1,-1,-1
        4,9,1200,500,80,160,1,-1,-1,-1
        """;

    private static (string Gt, string Results) WriteScene(string dir)
    {
        string gt = Path.Combine(dir, "gt.txt"), results = Path.Combine(dir, "results.txt");
        File.WriteAllText(gt, GtText + "\n");
        File.WriteAllText(results, ResultsText + "\n");
        return (gt, results);
    }

    [Fact]
    public void The_error_overlay_draws_the_miss_dashed_the_false_positive_red_and_flags_the_switch()
    {
        var (gt, results) = WriteScene(TestData.NewTempDirectory());
        var gtRows = MotFileReader.Read(gt, MotFileKind.GroundTruth);
        var resultRows = MotFileReader.Read(results, MotFileKind.Results);
        var overlay = ErrorOverlay.Create(MotBenchmark.MOT17, "scene", 4, gtRows, gt, resultRows, results);
        overlay.Errors!.Switches.ShouldHaveSingleItem().Frame.ShouldBe(3);

        BgrImage Draw(int frame)
        {
            var image = new BgrImage(1920, 1080);
            var tracks = resultRows.Where(r => r.Frame == frame).Select(r => new TrackedObject(r.Id, r.Box, 1)).ToArray();
            using var canvas = new FrameCanvas(image);
            overlay.Draw(canvas, frame, tracks);
            return image;
        }
        (byte B, byte G, byte R) At(BgrImage image, int x, int y) => (image.Pixels[y * image.Stride + 3 * x], image.Pixels[y * image.Stride + 3 * x + 1], image.Pixels[y * image.Stride + 3 * x + 2]);

        var third = Draw(3);
        // False positive (track 9): a red outline, 3 px inwards from its left edge.
        At(third, 1200, 580).ShouldBe(((byte)0, (byte)0, (byte)255));
        At(third, 1202, 580).ShouldBe(((byte)0, (byte)0, (byte)255));
        At(third, 1203, 580).ShouldBe(((byte)0, (byte)0, (byte)0));
        // Missed gt 2: white dashes of 10 px with gaps of 6 along its top edge.
        At(third, 600, 100).ShouldBe(((byte)255, (byte)255, (byte)255));
        At(third, 609, 100).ShouldBe(((byte)255, (byte)255, (byte)255));
        At(third, 612, 100).ShouldBe(((byte)0, (byte)0, (byte)0));
        At(third, 616, 100).ShouldBe(((byte)255, (byte)255, (byte)255));
        // The switch 1 -> 2: track 2's box in magenta, a label below it.
        At(third, 100, 200).ShouldBe(((byte)255, (byte)0, (byte)255));
        At(third, 101, 310).ShouldBe(((byte)255, (byte)0, (byte)255));
        // Frame 2, before the switch: track 1 is a correct match, nothing is drawn on it.
        At(Draw(2), 100, 200).ShouldBe(((byte)0, (byte)0, (byte)0));
    }

    [Fact]
    public void Render_with_gt_writes_a_video_of_every_frame_and_reports_the_errors_it_drew()
    {
        string dir = TestData.NewTempDirectory();
        WriteScene(dir);
        var result = CliRunner.Run(dir, "render", "results.txt", "--frames", Frames, "-o", "out.avi", "--gt", "gt.txt");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("(4 frames, MJPG); errors drawn: 1 ID switches, 4 FP, 4 FN");
        using var video = FrameSources.Open(Path.Combine(dir, "out.avi"));
        (video.Info.Width, video.Info.Height).ShouldBe((1920, 1080));
        video.ReadFrames().Count().ShouldBe(4);
    }

    [Fact]
    public void Render_refuses_an_existing_output_and_a_non_video_name()
    {
        string dir = TestData.NewTempDirectory();
        WriteScene(dir);
        var wrongKind = CliRunner.Run(dir, "render", "results.txt", "--frames", Frames, "-o", "out.txt");
        wrongKind.ExitCode.ShouldBe(2);
        wrongKind.Error.ShouldContain("write .mp4");
        File.WriteAllText(Path.Combine(dir, "out.mp4"), "x");
        var exists = CliRunner.Run(dir, "render", "results.txt", "--frames", Frames, "-o", "out.mp4");
        exists.ExitCode.ShouldBe(2);
        exists.Error.ShouldContain("--overwrite");
        File.ReadAllText(Path.Combine(dir, "out.mp4")).ShouldBe("x");
    }
}
