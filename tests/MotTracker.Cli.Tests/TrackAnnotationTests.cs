using MotTracker.Engine.Analytics;
using MotTracker.Core.MotChallenge;
using MotTracker.Media;

namespace MotTracker.Cli.Tests;

/// <summary>track --save-video / --count-line / --summary / --classes and their batch forms, end to end.</summary>
public sealed class TrackAnnotationTests
{
    private const int ClipFrames = 40;

    private static Dictionary<string, string> ModelsEnv() => new() { ["MOTTRACK_MODELS"] = TestData.Models };

    /// <summary>The first frames of vtest.avi as a Motion-JPEG clip, so a detector run stays quick.</summary>
    private static string VtestClip(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "clip.avi");
        using var source = FrameSources.Open(TestData.Vtest);
        using var sink = new VideoFileSink(path, source.Info.Width, source.Info.Height, source.Info.Fps);
        foreach (var frame in source.ReadFrames().Take(ClipFrames)) sink.Write(frame.Image);
        sink.Complete();
        return path;
    }

    private static int FramesOf(string video)
    {
        using var source = FrameSources.Open(video);
        return source.ReadFrames().Count();
    }

    [Fact]
    public void Track_with_save_video_count_line_and_summary_writes_the_results_the_video_and_the_counts()
    {
        using var dir = new TempDirectory();
        string clip = VtestClip(dir.Combine("in"));

        var result = CliRunner.Run(dir.Path, ModelsEnv(), "track", clip, "-o", "r.txt", "--save-video", "out.mp4",
            "--count-line", "0,250,768,250,road", "--count-line", "400,0,400,576", "--summary", "counts.json");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain($"clip: video, {ClipFrames} frames -> {dir.Combine("out.mp4")}");
        FramesOf(dir.Combine("out.mp4")).ShouldBe(ClipFrames);
        MotFileReader.Read(dir.Combine("r.txt"), MotFileKind.Results).ShouldAllBe(r => r.ClassId == -1);
        var summary = CountSummary.Read(dir.Combine("counts.json"));
        summary.Lines.Select(l => l.Name).ShouldBe(["road", "line2"]);
        foreach (var line in summary.Lines)
        {
            result.Out.ShouldContain($"clip: line {line.Name}: in {line.In}, out {line.Out}");
            line.Crossings.Count.ShouldBe(line.In + line.Out);
        }
        summary.Lines.Sum(l => l.In + l.Out).ShouldBeGreaterThan(0, "people walk across the middle of the square in the first seconds");
        Directory.GetFiles(dir.Path, ".*").ShouldBeEmpty("no temporary files are left");
    }

    [Fact]
    public void An_existing_video_is_kept_and_nothing_is_written_without_overwrite()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("out.mp4"), "mine");

        var result = CliRunner.Run(dir.Path, ModelsEnv(), "track", TestData.Vtest, "-o", "r.txt", "--save-video", "out.mp4");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--overwrite");
        File.ReadAllText(dir.Combine("out.mp4")).ShouldBe("mine");
        File.Exists(dir.Combine("r.txt")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--summary needs lines", new[] { "--summary", "c.json" }, "--count-line")]
    [InlineData("a line with three numbers", new[] { "--count-line", "1,2,3" }, "x1,y1,x2,y2")]
    [InlineData("trail without a video", new[] { "--trail", "5" }, "--save-video")]
    [InlineData("a video that is not mp4 or avi", new[] { "--save-video", "out.mkv" }, ".mp4")]
    [InlineData("an unknown class", new[] { "--classes", "persn" }, "'person'")]
    [InlineData("another class on public detections", new[] { "--classes", "person,car" }, "they are people")]
    public void Bad_annotation_options_are_usage_errors(string why, string[] options, string message)
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(dir.Path, ["track", TestData.Mot17Sequence("MOT17-09-FRCNN"), "-o", "r.txt", .. options]);

        result.ExitCode.ShouldBe(2, why);
        result.Error.ShouldContain(message, Case.Sensitive, why);
        File.Exists(dir.Combine("r.txt")).ShouldBeFalse(why);
    }

    [Fact]
    public void Classes_person_on_public_detections_changes_nothing()
    {
        using var dir = new TempDirectory();
        string sequence = TestData.Mot17Sequence("MOT17-09-FRCNN");
        CliRunner.Run(dir.Path, "track", sequence, "-o", "plain.txt", "-q").ExitCode.ShouldBe(0);
        var person = CliRunner.Run(dir.Path, "track", sequence, "-o", "person.txt", "--classes", "person", "-q");

        person.ExitCode.ShouldBe(0, person.Error);
        File.ReadAllBytes(dir.Combine("person.txt")).ShouldBe(File.ReadAllBytes(dir.Combine("plain.txt")));
    }

    [Fact]
    public void Batch_writes_a_video_per_input_and_counts_beside_the_results_and_a_rerun_keeps_them()
    {
        using var dir = new TempDirectory();
        VtestClip(dir.Combine("videos"));
        Directory.CreateDirectory(dir.Combine("annotated"));
        string[] args = ["batch", "videos", "-o", "out", "--save-video-dir", "annotated", "--count-line", "0,250,768,250,road", "-q"];

        var batch = CliRunner.Run(dir.Path, ModelsEnv(), args);

        batch.ExitCode.ShouldBe(0, batch.Error + batch.Out);
        FramesOf(dir.Combine("annotated", "clip.mp4")).ShouldBe(ClipFrames);
        var summary = CountSummary.Read(dir.Combine("out", "clip.counts.json"));
        summary.Lines.ShouldHaveSingleItem().Name.ShouldBe("road");
        byte[] counts = File.ReadAllBytes(dir.Combine("out", "clip.counts.json"));

        var rerun = CliRunner.Run(dir.Path, ModelsEnv(), args);
        rerun.ExitCode.ShouldBe(0, rerun.Error);
        rerun.Out.ShouldContain("already complete");
        File.ReadAllBytes(dir.Combine("out", "clip.counts.json")).ShouldBe(counts);
    }

    [Fact]
    public void Batch_refuses_to_replace_someone_elses_video()
    {
        using var dir = new TempDirectory();
        VtestClip(dir.Combine("videos"));
        Directory.CreateDirectory(dir.Combine("annotated"));
        File.WriteAllText(dir.Combine("annotated", "clip.mp4"), "mine");

        var batch = CliRunner.Run(dir.Path, ModelsEnv(), "batch", "videos", "-o", "out", "--save-video-dir", "annotated", "-q");

        batch.ExitCode.ShouldBe(2);
        batch.Error.ShouldContain("clip.mp4");
        File.ReadAllText(dir.Combine("annotated", "clip.mp4")).ShouldBe("mine");
        File.Exists(dir.Combine("out", "clip.txt")).ShouldBeFalse();
    }
}
