namespace MotTracker.Media.Tests;

public sealed class VideoProbeTests
{
    [Fact]
    public void Missing_nb_frames_means_unknown_length()
    {
        const string json = """{"streams":[{"width":1920,"height":1080,"r_frame_rate":"25/1","avg_frame_rate":"25/1"}]}""";

        VideoProbe.Parse(json, "x.jpg").ShouldBe(new VideoProbeResult(1920, 1080, 25.0, null));
    }

    [Fact]
    public void Zero_over_zero_average_rate_falls_back_to_the_real_base_rate()
    {
        const string json = """{"streams":[{"width":640,"height":480,"r_frame_rate":"30000/1001","avg_frame_rate":"0/0","nb_frames":"N/A"}]}""";

        VideoProbeResult result = VideoProbe.Parse(json, "live.ts");

        result.Fps!.Value.ShouldBe(29.97003, 1e-5);
        result.FrameCount.ShouldBeNull();
    }

    [Fact]
    public void Both_rates_unknown_gives_no_fps()
    {
        const string json = """{"streams":[{"width":64,"height":48,"r_frame_rate":"0/0","avg_frame_rate":"0/0","nb_frames":"12"}]}""";

        VideoProbe.Parse(json, "odd.mkv").ShouldBe(new VideoProbeResult(64, 48, null, 12));
    }

    [Fact]
    public void No_video_stream_error_names_the_input()
    {
        var error = Should.Throw<Core.MotFormatException>(() => VideoProbe.Parse("""{"programs":[],"streams":[]}""", "song.mp3"));

        error.Message.ShouldBe("song.mp3: has no video stream");
    }
}
