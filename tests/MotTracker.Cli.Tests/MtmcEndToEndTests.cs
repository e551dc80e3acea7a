namespace MotTracker.Cli.Tests;

/// <summary>
/// The whole multi-camera loop with the real small models: a tiny two-camera synth network (two people,
/// 40 frames; person 2 walks through both views) through <c>mtmc</c> with yolox_nano and
/// osnet_x0_25_msmt17, then <c>eval --mtmc --fail-under</c>. A few seconds of CPU.
/// </summary>
public sealed class MtmcEndToEndTests
{
    private const string Network = "synth-cams2-default-s2";

    // One scene for the class (synth cuts people out of MOT17 frames: seconds); each test writes beside it.
    private static readonly Lazy<string> Shared = new(MakeScene);

    private static string Scene()
    {
        string dir = TestData.NewTempDirectory();
        Directory.CreateSymbolicLink(Path.Combine(dir, "scenes"), Path.Combine(Shared.Value, "scenes"));
        return dir;
    }

    private static string MakeScene()
    {
        string dir = TestData.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "mot17"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "mot17", "MOT17-05-FRCNN"), TestData.Mot17Sequence("MOT17-05-FRCNN"));
        var synth = CliRunner.Run(dir, "synth", "--mot17", "mot17", "--people", "2", "--frames", "40", "--seed", "2", "--cameras", "2", "-o", "scenes");
        synth.ExitCode.ShouldBe(0, synth.Error);
        return dir;
    }

    private static string Camera(string root, int k) => Path.Combine(root, $"{Network}-c{k}");

    private static int[] Ids(string file) => File.ReadAllLines(file).Select(l => int.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToArray();

    [Fact]
    public void Mtmc_links_the_person_both_cameras_see_into_one_global_id_and_eval_mtmc_gates_its_idf1()
    {
        string dir = Scene();
        string scenes = Path.Combine(dir, "scenes", Network);

        var mtmc = CliRunner.Run(dir, "mtmc", Camera(scenes, 1), Camera(scenes, 2), "--reid", "osnet_x0_25_msmt17", "-o", "out");

        mtmc.ExitCode.ShouldBe(0, mtmc.Error);
        mtmc.Out.ShouldContain("mtmc: 1 global identities, 1 of them seen by more than one camera");
        // The person seen by both cameras carries global id 1 in each file.
        Ids(Path.Combine(dir, "out", $"{Network}-c1.txt")).ShouldBe([1]);
        Ids(Path.Combine(dir, "out", $"{Network}-c2.txt")).ShouldBe([1]);

        // Jointly: 42 of 59 gt boxes found under the one id (person 1, in camera 1 only, is missed), 1 box false.
        var eval = CliRunner.Run(dir, "eval", "--gt", scenes, "--results", "out", "--mtmc", "--fail-under", "MTMC_IDF1=80,MTMC_IDP=95");
        eval.ExitCode.ShouldBe(0, eval.Error);
        eval.Out.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("MTMC_IDF1", StringComparison.Ordinal)).Skip(1).First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["82.353", "97.674", "71.186", "42", "17", "1", "2", "1"]);
        eval.Error.ShouldContain("fail-under: all 2 thresholds met");

        var gate = CliRunner.Run(dir, "eval", "--gt", scenes, "--results", "out", "--mtmc", "--fail-under", "mtmc_idf1=85");
        gate.ExitCode.ShouldBe(ExitCodes.ThresholdNotMet);
        gate.Error.ShouldContain("fail-under: MTMC_IDF1 82.353 is below 85 (short by 2.647)");
    }

    [Fact]
    public void Mtmc_from_detection_caches_runs_no_model_and_writes_what_the_videos_give()
    {
        string dir = Scene();
        string scenes = Path.Combine(dir, "scenes", Network);
        var detect = CliRunner.Run(dir, "detect", scenes, "-o", "cache", "--reid", "osnet_x0_25_msmt17", "--cmc", "none");
        detect.ExitCode.ShouldBe(0, detect.Error);

        var fromCache = CliRunner.Run(dir, "mtmc", Camera(Path.Combine(dir, "cache"), 1), Camera(Path.Combine(dir, "cache"), 2), "--reid", "osnet_x0_25_msmt17", "-o", "cached");
        var fromVideo = CliRunner.Run(dir, "mtmc", Camera(scenes, 1), Camera(scenes, 2), "--reid", "osnet_x0_25_msmt17", "-o", "video");

        fromCache.ExitCode.ShouldBe(0, fromCache.Error);
        fromVideo.ExitCode.ShouldBe(0, fromVideo.Error);
        // Here each tracked box's cached detection vector links the same way as the crops of the tracker's
        // own boxes (in general the two may differ slightly: the cache embedded the detector's boxes).
        foreach (int k in new[] { 1, 2 })
            File.ReadAllText(Path.Combine(dir, "cached", $"{Network}-c{k}.txt")).ShouldBe(File.ReadAllText(Path.Combine(dir, "video", $"{Network}-c{k}.txt")));
        fromCache.Out.ShouldContain("mtmc: 1 global identities, 1 of them seen by more than one camera");

        // A cache whose vectors come from another model is refused, naming it, and nothing is written.
        var other = CliRunner.Run(dir, "mtmc", Camera(Path.Combine(dir, "cache"), 1), "--reid", "osnet_x0_5_msmt17", "-o", "other");
        other.ExitCode.ShouldBe(ExitCodes.BadInput);
        other.Error.ShouldContain("is not the cache's ReID model osnet_x0_25_msmt17");
        Directory.Exists(Path.Combine(dir, "other")).ShouldBeFalse();
    }
}
