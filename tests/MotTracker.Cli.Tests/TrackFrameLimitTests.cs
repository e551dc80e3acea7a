using System.Globalization;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Analytics;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>--max-frames and --duration: a run that stops early finishes like a run at the end of its input.</summary>
public sealed class TrackFrameLimitTests
{
    private static readonly string Mot17_09 = TestData.Mot17Sequence("MOT17-09-FRCNN");

    private static Dictionary<string, string> ModelsEnv() => new() { ["MOTTRACK_MODELS"] = TestData.Models };

    [Fact]
    public void Max_frames_on_a_sequence_writes_exactly_the_first_frames_of_the_full_run_with_its_summary_and_settings()
    {
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, "track", Mot17_09, "-o", "full.txt").ExitCode.ShouldBe(0);

        var result = CliRunner.Run(dir, "track", Mot17_09, "-o", "part.txt", "--max-frames", "100",
            "--count-line", "960,0,960,1080,mid", "--summary", "counts.json");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("MOT17-09-FRCNN: 100 frames,");
        // An online tracker's first 100 frames do not depend on what comes after them.
        var full = File.ReadAllLines(Path.Combine(dir, "full.txt")).Where(l => int.Parse(l.Split(',')[0]) <= 100);
        File.ReadAllLines(Path.Combine(dir, "part.txt")).ShouldBe(full);
        MotFileReader.Read(Path.Combine(dir, "part.txt"), MotFileKind.Results).Max(r => r.Frame).ShouldBe(100);
        CountSummary.Read(Path.Combine(dir, "counts.json")).Lines.Single().Name.ShouldBe("mid");
        File.Exists(Path.Combine(dir, "part.json")).ShouldBeTrue("the settings sidecar is written as after a whole run");
    }

    [Fact]
    public void Duration_counts_media_time_so_two_seconds_at_30_fps_are_frames_1_to_60()
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, "track", Mot17_09, "-o", "part.txt", "--duration", "2");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("MOT17-09-FRCNN: 60 frames,");
        MotFileReader.Read(Path.Combine(dir, "part.txt"), MotFileKind.Results).Max(r => r.Frame).ShouldBe(60);
    }

    [Fact]
    public void The_lower_of_max_frames_and_duration_ends_the_run()
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, "track", Mot17_09, "-o", "part.txt", "--duration", "2", "--max-frames", "45");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("MOT17-09-FRCNN: 45 frames,");
    }

    [Theory]
    [InlineData("--max-frames", "0", "--max-frames 0: give a number of frames ≥ 1")]
    [InlineData("--duration", "0", "--duration 0: give a number of seconds > 0")]
    [InlineData("--duration", "-3", "--duration -3: give a number of seconds > 0")]
    public void A_limit_below_one_frame_is_exit_2_naming_it_with_no_output(string option, string value, string message)
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, "track", Mot17_09, "-o", "r.txt", option, value);

        result.ExitCode.ShouldBe(2, result.Out + result.Error);
        result.Error.ShouldContain(message);
        Directory.GetFileSystemEntries(dir).ShouldBeEmpty();
    }

    [Fact]
    public void The_settings_file_of_a_max_frames_run_replays_the_same_30_frames_and_the_command_line_still_wins()
    {
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, "track", Mot17_09, "-o", "part.txt", "--max-frames", "30").ExitCode.ShouldBe(0);
        File.ReadAllText(Path.Combine(dir, "part.json")).ShouldContain("\"max-frames\": 30");

        var replay = CliRunner.Run(dir, "track", Mot17_09, "-o", "replay.txt", "--config", "part.json");

        replay.ExitCode.ShouldBe(0, replay.Error);
        replay.Out.ShouldContain("MOT17-09-FRCNN: 30 frames,");
        File.ReadAllBytes(Path.Combine(dir, "replay.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "part.txt")));
        File.ReadAllText(Path.Combine(dir, "replay.json")).ShouldBe(File.ReadAllText(Path.Combine(dir, "part.json")), "the replay records the same limit");
        CliRunner.Run(dir, "track", Mot17_09, "-o", "more.txt", "--config", "part.json", "--max-frames", "40").Out.ShouldContain("MOT17-09-FRCNN: 40 frames,");
        // config show describes the tracker only: it takes the sidecar and leaves the run's limits out.
        var show = CliRunner.Run(dir, "config", "show", "--config", "part.json");
        show.ExitCode.ShouldBe(0, show.Error);
        show.Out.ShouldNotContain("max-frames");
        // batch takes it too, tracks every frame, and says it ignored the limit rather than staying silent.
        File.WriteAllText(Path.Combine(dir, "seqmap.txt"), "name\nMOT17-09-FRCNN\n");
        var batch = CliRunner.Run(dir, "batch", TestData.Mot17Train, "--seqmap", "seqmap.txt", "-o", "batch", "--config", "part.json");
        batch.ExitCode.ShouldBe(0, batch.Error);
        batch.Error.ShouldContain("warning: batch: --config's max-frames (30) limits a track run; batch tracks every frame of each input and ignores it");
        File.ReadAllLines(Path.Combine(dir, "batch", "MOT17-09-FRCNN.txt")).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).Max().ShouldBeGreaterThan(500);
    }

    [Fact]
    public void The_settings_file_of_a_duration_run_replays_its_duration()
    {
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, "track", Mot17_09, "-o", "part.txt", "--duration", "0.5").ExitCode.ShouldBe(0);
        File.ReadAllText(Path.Combine(dir, "part.json")).ShouldContain("\"duration\": 0.5");

        var replay = CliRunner.Run(dir, "track", Mot17_09, "-o", "replay.txt", "--config", "part.json");

        replay.ExitCode.ShouldBe(0, replay.Error);
        replay.Out.ShouldContain("MOT17-09-FRCNN: 15 frames,");
        File.ReadAllBytes(Path.Combine(dir, "replay.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "part.txt")));
    }

    [Fact]
    public void A_settings_file_whose_max_frames_is_not_a_count_is_exit_2_naming_file_line_and_key()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "bad.yaml"), "tracker: bytetrack\nmax_frames: 0\n");

        var result = CliRunner.Run(dir, "track", Mot17_09, "-o", "out.txt", "--config", "bad.yaml");

        result.ExitCode.ShouldBe(2, result.Out + result.Error);
        result.Error.ShouldContain("bad.yaml:2: field 'max-frames': '0': give a whole number ≥ 1");
        File.Exists(Path.Combine(dir, "out.txt")).ShouldBeFalse();
    }

    [NeedsFfmpegFact]
    public void A_live_stream_run_with_max_frames_ends_by_itself_with_exit_0_and_complete_outputs()
    {
        string dir = TestData.NewTempDirectory();
        string clip = Path.Combine(dir, "clip.ts");
        Ffmpeg.VtestClip(clip, frames: 60);
        string url = $"http://127.0.0.1:{Ffmpeg.FreePort()}/";
        // Looped: the server never ends the stream, so only the limit can end the run.
        using var server = Ffmpeg.Serve(clip, url);

        var result = CliRunner.Run(dir, ModelsEnv(), "track", url, "--live", "-o", "live.txt", "--max-frames", "12",
            "--count-line", "384,0,384,576", "--summary", "counts.json", "--events", "events.jsonl", "-q");

        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        result.Out.ShouldContain(": 12 frames,");
        var rows = MotFileReader.Read(Path.Combine(dir, "live.txt"), MotFileKind.Results);
        rows.ShouldNotBeEmpty();
        rows.Max(r => r.Frame).ShouldBeLessThanOrEqualTo(12);
        CountSummary.Read(Path.Combine(dir, "counts.json")).Lines.Count.ShouldBe(1);
        File.ReadAllLines(Path.Combine(dir, "events.jsonl")).Select(CountEvent.Parse)
            .Count(e => e.Type == CountEvent.TrackStarted).ShouldBe(rows.Select(r => r.Id).Distinct().Count());
    }

    [NeedsFfmpegFact]
    public void A_live_video_with_rotate_is_written_in_parts_of_N_frame_numbers_each_renamed_into_place()
    {
        string dir = TestData.NewTempDirectory();
        string clip = Path.Combine(dir, "clip.ts");
        Ffmpeg.VtestClip(clip, frames: 60);
        string url = $"http://127.0.0.1:{Ffmpeg.FreePort()}/";
        using var server = Ffmpeg.Serve(clip, url);

        var result = CliRunner.Run(dir, ModelsEnv(), "track", url, "--live", "-o", "live.txt", "--max-frames", "25", "--rotate", "10",
            "--save-video", "live.avi", "-q");

        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        result.Out.ShouldContain("video, 25 frames -> " + Path.Combine(dir, "live.000003.avi") + " (the last of 3 files)");
        FrameCount(Path.Combine(dir, "live.000001.avi")).ShouldBe(10);
        FrameCount(Path.Combine(dir, "live.000002.avi")).ShouldBe(10);
        FrameCount(Path.Combine(dir, "live.000003.avi")).ShouldBe(5);
        Directory.GetFiles(dir, "*.avi").Length.ShouldBe(3, "no other video, no temporary file");
        Directory.GetFiles(dir, ".*").ShouldBeEmpty();
        File.Exists(Path.Combine(dir, "live.000003.txt")).ShouldBeTrue("the result parts follow the same frame numbers");
    }

    private static int FrameCount(string video)
    {
        using var source = MotTracker.Media.FrameSources.Open(video);
        return source.ReadFrames().Count();
    }
}
