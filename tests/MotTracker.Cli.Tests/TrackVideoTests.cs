using MotTracker.Core.MotChallenge;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>End to end through OpenCV decoding, ONNX Runtime and ByteTrack on real footage.</summary>
public sealed class TrackVideoTests
{
    private static readonly string Vtest = TestData.Vtest;

    private static Dictionary<string, string> ModelsEnv() => new() { ["MOTTRACK_MODELS"] = Path.Combine(TestData.Shared, "models") };

    [Fact]
    public void Tracking_the_opencv_pedestrian_video_gives_plausible_tracks_inside_the_frame()
    {

        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, ModelsEnv(), "track", Vtest, "-o", "vtest.txt", "--timing");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldStartWith("vtest: 795 frames");
        result.Error.ShouldContain("timing (795 frames, ms/frame): decode");
        var rows = MotFileReader.Read(Path.Combine(dir, "vtest.txt"), MotFileKind.Results);

        // Valid for evaluation: frames within the video, ids from 1, one box per id and frame.
        rows.ShouldAllBe(r => r.Frame >= 1 && r.Frame <= 795 && r.Id >= 1);
        rows.Select(r => (r.Frame, r.Id)).Distinct().Count().ShouldBe(rows.Count);
        // Every box inside the 768x576 frame (results carry two decimals).
        rows.ShouldAllBe(r => r.Box.X >= 0 && r.Box.Y >= 0 && r.Box.Right <= 768.01 && r.Box.Bottom <= 576.01 && r.Box.Width > 0 && r.Box.Height > 0);
        // Plausible tracks: a few dozen people crossing a square, followed for seconds, not frames.
        var lengths = rows.GroupBy(r => r.Id).Select(g => g.Count()).Order().ToList();
        lengths.Count.ShouldBeInRange(10, 150);
        lengths[lengths.Count / 2].ShouldBeGreaterThan(30);
        rows.GroupBy(r => r.Frame).Average(g => g.Count()).ShouldBeInRange(2, 15);
    }

    [Fact]
    public void A_sequence_folder_with_a_detector_tracks_its_frames_instead_of_det_txt()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, ModelsEnv(), "track", TestData.Mot17Sequence("MOT17-09-FRCNN"), "--detector", "yolox_nano", "-o", "r.txt");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("4 of 525 frames present");
        var rows = MotFileReader.Read(Path.Combine(dir, "r.txt"), MotFileKind.Results);
        rows.Select(r => r.Frame).Distinct().Order().ShouldBe([1, 2, 3, 4]);
        rows.ShouldAllBe(r => r.Box.Right <= 1920.01 && r.Box.Bottom <= 1080.01);
    }

    [Fact]
    public void A_missing_model_says_where_it_looked_and_how_to_get_it()
    {
        string dir = TestData.NewTempDirectory();
        var env = new Dictionary<string, string> { ["MOTTRACK_MODELS"] = dir };
        var result = CliRunner.Run(dir, env, "track", Vtest, "--detector", "yolov8n_int8_320", "-o", "x.txt");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("yolov8n_int8_320");
        result.Error.ShouldContain(Path.Combine(dir, "detector", "yolov8n_int8_320.onnx"));
        result.Error.ShouldContain("mottrack models pull yolov8n_int8_320");
        File.Exists(Path.Combine(dir, "x.txt")).ShouldBeFalse();
    }

    [Fact]
    public void Asking_for_cuda_without_it_warns_once_and_runs_on_the_cpu()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, ModelsEnv(), "track", TestData.Mot17Sequence("MOT17-05-FRCNN"), "--detector", "yolox_nano", "--reid", "osnet_x0_25_msmt17", "--device", "cuda", "-o", "r.txt");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.Split('\n').Count(l => l.Contains("CUDA", StringComparison.OrdinalIgnoreCase)).ShouldBe(1, result.Error);
        if (!MotTracker.Inference.Runtime.OrtModel.IsGpuBuild)
            result.Error.ShouldContain("-p:MotTrackerGpu=true");
        File.ReadAllLines(Path.Combine(dir, "r.txt")).ShouldNotBeEmpty();
    }

    [Fact]
    public void With_json_logs_the_cuda_fallback_and_every_onnx_runtime_line_are_json()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, ModelsEnv(), "track", TestData.Mot17Sequence("MOT17-05-FRCNN"), "--detector", "yolox_nano",
            "--device", "auto", "--log-format", "json", "-o", "r.txt");

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldNotBeEmpty();
        foreach (string line in lines)
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            json.RootElement.GetProperty("Level").GetString().ShouldNotBeNull();
        }
        lines.Count(l => l.Contains("CUDA", StringComparison.Ordinal)).ShouldBe(1, result.Error);
    }

    [Fact]
    public void Detector_and_public_detections_cannot_be_combined()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "track", TestData.Mot17Sequence("MOT17-05-FRCNN"), "--detector", "yolox_nano", "--detections", "x.txt");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("exclude each other");
    }

    [Fact]
    public void With_json_logs_an_input_error_is_one_json_line()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "det.txt"), "x,-1,1,2,3,4,0.9\n");
        var result = CliRunner.Run(dir, "track", TestData.Mot17Sequence("MOT17-05-FRCNN"), "--detections", "det.txt", "-o", "r.txt", "--log-format", "json");
        result.ExitCode.ShouldBe(2);
        var line = result.Error.Trim();
        line.Split('\n').Length.ShouldBe(1);
        using var json = System.Text.Json.JsonDocument.Parse(line);
        json.RootElement.GetProperty("Level").GetString().ShouldBe("Error");
        json.RootElement.GetProperty("RenderedMessage").GetString()!.ShouldContain("det.txt:1: field 'frame'");
    }

    [Fact]
    public void A_detector_threshold_the_detector_rejects_is_reported_with_the_flags_name()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, ModelsEnv(), "track", Vtest, "--conf", "1", "-o", "x.txt");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--conf must be at least 0 and below 1 (got 1)");
        File.Exists(Path.Combine(dir, "x.txt")).ShouldBeFalse();
    }
}
