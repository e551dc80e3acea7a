using System.Text.Json;
using MotTracker.Core.MotChallenge;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>
/// One detect run of a short clip (the eight MOT17-04 frames staged as an image folder, ReID on every box), shared by
/// the tests: a replay must equal tracking the frames themselves, byte for byte.
/// </summary>
public sealed class DetectCacheFixture
{
    public DetectCacheFixture()
    {
        Root = TestData.NewTempDirectory();
        Clip = Path.Combine(Root, "clip");
        Directory.CreateDirectory(Clip);
        string frames = Path.Combine(TestData.Mot17Sequence("MOT17-04-FRCNN"), "img1");
        foreach (string frame in Directory.GetFiles(frames, "*.jpg").Order(StringComparer.Ordinal).Take(8))
            File.Copy(frame, Path.Combine(Clip, Path.GetFileName(frame)));
        Detect = CliRunner.Run(Root, Env, "detect", Clip, "--reid", Reid, "-o", "cache");
    }

    public static string Reid => Path.Combine(TestData.Models, "reid", "osnet_x0_25_msmt17.onnx");

    public static Dictionary<string, string> Env => new() { ["MOTTRACK_MODELS"] = TestData.Models };

    public string Root { get; }

    public string Clip { get; }

    public string CacheFolder => Path.Combine(Root, "cache", "clip");

    internal CliRunner.Result Detect { get; }

    /// <summary>A copy of the cache to damage.</summary>
    public string CopyCache()
    {
        string copy = Path.Combine(TestData.NewTempDirectory(), "clip");
        foreach (string file in Directory.GetFiles(CacheFolder, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(CacheFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }
}

public sealed class DetectCacheTests(DetectCacheFixture cache) : IClassFixture<DetectCacheFixture>
{
    [Fact]
    public void Detect_writes_a_sequence_folder_with_classes_vectors_camera_motion_and_its_manifest()
    {
        cache.Detect.ExitCode.ShouldBe(0, cache.Detect.Error);
        cache.Detect.Out.ShouldContain("clip: done: 8 frames");
        var info = SeqInfo.ReadFromDirectory(cache.CacheFolder);
        (info.SequenceLength, info.ImageWidth, info.ImageHeight).ShouldBe((8, 1920, 1080));
        var lines = File.ReadAllLines(Path.Combine(cache.CacheFolder, "det", "det.txt"));
        lines.Length.ShouldBeGreaterThan(20);
        lines.ShouldAllBe(l => l.Split(',').Length == 10 && l.Split(',')[7] == "0");
        using var npy = NpyFloat32.Reader.Open(Path.Combine(cache.CacheFolder, "embeddings.npy"));
        (npy.Rows, npy.Columns).ShouldBe((lines.Length, 512));
        GmcFile.Read(Path.Combine(cache.CacheFolder, "gmc.txt")).FrameCount.ShouldBe(8);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(cache.CacheFolder, "cache.json")));
        var root = json.RootElement;
        root.GetProperty("input").GetProperty("kind").GetString().ShouldBe("images");
        root.GetProperty("input").GetProperty("sha256").GetString()!.Length.ShouldBe(64);
        root.GetProperty("detector").GetProperty("sha256").GetString()!.Length.ShouldBe(64);
        root.GetProperty("reid").GetProperty("sha256").GetString()!.Length.ShouldBe(64);
        root.GetProperty("detections").GetInt32().ShouldBe(lines.Length);
        root.GetProperty("conf").GetDouble().ShouldBe(0.1);
        root.GetProperty("cameraMotion").GetString().ShouldBe("sparse");
        root.GetProperty("options").GetProperty("--imgsz").GetString().ShouldBe("");
    }

    [Fact]
    public void Tracking_the_cache_gives_byte_identical_results_to_tracking_the_frames_with_the_models()
    {
        cache.Detect.ExitCode.ShouldBe(0, cache.Detect.Error);
        string dir = TestData.NewTempDirectory();
        var live = CliRunner.Run(dir, DetectCacheFixture.Env, "track", cache.Clip, "--tracker", "botsort", "--reid", DetectCacheFixture.Reid, "-o", "live.txt");
        live.ExitCode.ShouldBe(0, live.Error);
        var replay = CliRunner.Run(dir, DetectCacheFixture.Env, "track", cache.CacheFolder, "--tracker", "botsort", "-o", "replay.txt");
        replay.ExitCode.ShouldBe(0, replay.Error);
        var batch = CliRunner.Run(dir, DetectCacheFixture.Env, "batch", Path.GetDirectoryName(cache.CacheFolder)!, "--tracker", "botsort", "-o", "batch");
        batch.ExitCode.ShouldBe(0, batch.Error);

        byte[] expected = File.ReadAllBytes(Path.Combine(dir, "live.txt"));
        File.ReadAllLines(Path.Combine(dir, "live.txt")).Length.ShouldBeGreaterThan(20);
        File.ReadAllBytes(Path.Combine(dir, "replay.txt")).ShouldBe(expected);
        File.ReadAllBytes(Path.Combine(dir, "batch", "clip.txt")).ShouldBe(expected);
    }

    [Fact]
    public void A_second_detect_keeps_the_complete_cache()
    {
        cache.Detect.ExitCode.ShouldBe(0, cache.Detect.Error);
        var again = CliRunner.Run(cache.Root, DetectCacheFixture.Env, "detect", cache.Clip, "--reid", DetectCacheFixture.Reid, "-o", "cache");
        again.ExitCode.ShouldBe(0, again.Error);
        again.Out.ShouldContain("clip: done (already complete)");
    }

    [Theory]
    [InlineData("--conf", "0.3", "--conf 0.3 (the cache: 0.1)")]
    [InlineData("--imgsz", "320", "--imgsz 320x320 (the cache: model)")]
    [InlineData("--detector", "yolov8n_int8_320", "--detector yolov8n_int8_320 (sha256")]
    public void A_cache_made_with_other_models_or_detector_settings_is_refused_naming_the_difference(string option, string value, string named)
    {
        cache.Detect.ExitCode.ShouldBe(0, cache.Detect.Error);
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, DetectCacheFixture.Env, "track", cache.CacheFolder, "--tracker", "botsort", option, value, "-o", "r.txt");
        result.ExitCode.ShouldBe(2, result.Out + result.Error);
        result.Error.ShouldContain(named);
        File.Exists(Path.Combine(dir, "r.txt")).ShouldBeFalse();
    }

    [Fact]
    public void The_same_reid_model_is_accepted_and_another_refused()
    {
        cache.Detect.ExitCode.ShouldBe(0, cache.Detect.Error);
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, DetectCacheFixture.Env, "track", cache.CacheFolder, "--tracker", "botsort", "--reid", DetectCacheFixture.Reid, "-o", "same.txt").ExitCode.ShouldBe(0);
        var other = CliRunner.Run(dir, DetectCacheFixture.Env, "track", cache.CacheFolder, "--tracker", "botsort", "--reid", Path.Combine(TestData.Models, "reid", "osnet_x0_5_msmt17.onnx"), "-o", "other.txt");
        other.ExitCode.ShouldBe(2);
        other.Error.ShouldContain("is not the cache's ReID model");
    }

    [Fact]
    public void A_malformed_det_txt_line_is_refused_naming_file_and_line()
    {
        cache.Detect.ExitCode.ShouldBe(0, cache.Detect.Error);
        string copy = cache.CopyCache();
        string det = Path.Combine(copy, "det", "det.txt");
        var lines = File.ReadAllLines(det);
        lines[2] = "1,-1,abc,1,2,3,0.5,0,-1,-1";
        File.WriteAllLines(det, lines);
        var result = CliRunner.Run(Path.GetDirectoryName(copy)!, DetectCacheFixture.Env, "track", copy, "-o", "r.txt");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(det);
        result.Error.ShouldContain($"{det}:3");
    }

    [Fact]
    public void A_truncated_cache_is_refused_naming_the_file_and_where_it_ends()
    {
        cache.Detect.ExitCode.ShouldBe(0, cache.Detect.Error);
        string copy = cache.CopyCache();
        string det = Path.Combine(copy, "det", "det.txt");
        var lines = File.ReadAllLines(det);
        File.WriteAllLines(det, lines[..^1]);
        var shortDet = CliRunner.Run(Path.GetDirectoryName(copy)!, DetectCacheFixture.Env, "track", copy, "-o", "r.txt");
        shortDet.ExitCode.ShouldBe(2);
        shortDet.Error.ShouldContain($"{det}:{lines.Length}");

        File.WriteAllLines(det, lines);
        string npy = Path.Combine(copy, "embeddings.npy");
        using (var stream = new FileStream(npy, FileMode.Open)) stream.SetLength(stream.Length - 100);
        var shortNpy = CliRunner.Run(Path.GetDirectoryName(copy)!, DetectCacheFixture.Env, "track", copy, "--tracker", "botsort", "-o", "r.txt");
        shortNpy.ExitCode.ShouldBe(2);
        shortNpy.Error.ShouldContain(npy);
        shortNpy.Error.ShouldContain($"row {lines.Length} is missing");

        File.WriteAllText(Path.Combine(copy, "cache.json"), "{\n  \"format\": \"mottrack-detection-cache/1\",\n  \"frames\": \n");
        var badJson = CliRunner.Run(Path.GetDirectoryName(copy)!, DetectCacheFixture.Env, "track", copy, "-o", "r.txt");
        badJson.ExitCode.ShouldBe(2);
        badJson.Error.ShouldContain(Path.Combine(copy, "cache.json"));
    }
}
