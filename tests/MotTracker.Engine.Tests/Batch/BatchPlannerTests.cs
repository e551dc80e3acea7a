using MotTracker.Core;
using MotTracker.Engine.Batch;

namespace MotTracker.Engine.Tests.Batch;

public sealed class BatchPlannerTests
{
    private static void Sequence(TempDirectory dir, string name) =>
        dir.Write($"split/{name}/seqinfo.ini", $"[Sequence]\nname={name}\nframeRate=30\nseqLength=10\nimWidth=640\nimHeight=480\n");

    [Fact]
    public void A_split_lists_its_sequence_folders_in_name_order()
    {
        using var dir = new TempDirectory();
        Sequence(dir, "B-02");
        Sequence(dir, "A-01");
        dir.Write("split/notes.txt", "not an input");
        var inputs = BatchPlanner.Discover(dir.Combine("split"), null);
        inputs.Select(i => (i.Name, i.Kind)).ShouldBe([("A-01", BatchInputKind.Sequence), ("B-02", BatchInputKind.Sequence)]);
    }

    [Fact]
    public void A_folder_of_recordings_lists_videos_and_image_folders()
    {
        using var dir = new TempDirectory();
        dir.Write("in/walk.mp4", "x");
        dir.Write("in/frames/000001.jpg", "x");
        dir.Write("in/empty/readme.txt", "x");
        var inputs = BatchPlanner.Discover(dir.Combine("in"), null);
        inputs.Select(i => (i.Name, i.Kind)).ShouldBe([("frames", BatchInputKind.ImageFolder), ("walk", BatchInputKind.Video)]);
    }

    [Fact]
    public void A_sequence_folder_without_frames_or_detections_is_tracked_from_its_one_video_under_the_folder_name()
    {
        // What `mottrack synth` writes: seqinfo.ini, gt/ and the video, no img1/.
        using var dir = new TempDirectory();
        Sequence(dir, "synth-s1");
        dir.Write("split/synth-s1/gt/gt.txt", "1,1,10,10,20,40,1,1,1\n");
        string video = dir.Write("split/synth-s1/synth-s1.avi", "x");
        Sequence(dir, "framed");
        dir.Write("split/framed/img1/000001.jpg", "x");
        dir.Write("split/framed/preview.mp4", "x");
        Sequence(dir, "public");
        dir.Write("split/public/det/det.txt", "1,-1,10,10,20,40,0.9\n");
        dir.Write("split/public/preview.mp4", "x");
        Sequence(dir, "two-videos");
        dir.Write("split/two-videos/a.mp4", "x");
        dir.Write("split/two-videos/b.mp4", "x");
        var inputs = BatchPlanner.Discover(dir.Combine("split"), null);
        inputs.Select(i => (i.Name, i.Kind)).ShouldBe([
            ("framed", BatchInputKind.Sequence), ("public", BatchInputKind.Sequence),
            ("synth-s1", BatchInputKind.Video), ("two-videos", BatchInputKind.Sequence)]);
        inputs.Single(i => i.Name == "synth-s1").Path.ShouldBe(Path.GetFullPath(video));
    }

    [Fact]
    public void A_seqmap_sequence_held_as_one_video_is_tracked_from_the_video()
    {
        using var dir = new TempDirectory();
        Sequence(dir, "synth-s1");
        string video = dir.Write("split/synth-s1/synth-s1.avi", "x");
        string seqmap = dir.Write("seqmap.txt", "name\nsynth-s1\n");
        var input = BatchPlanner.Discover(dir.Combine("split"), seqmap).ShouldHaveSingleItem();
        (input.Name, input.Kind, input.Path).ShouldBe(("synth-s1", BatchInputKind.Video, Path.GetFullPath(video)));
    }

    [Fact]
    public void Two_inputs_writing_the_same_result_name_are_refused_naming_both()
    {
        using var dir = new TempDirectory();
        dir.Write("in/a.mp4", "x");
        dir.Write("in/a.avi", "x");
        var error = Should.Throw<MotFormatException>(() => BatchPlanner.Discover(dir.Combine("in"), null));
        error.Message.ShouldContain("'a.avi' and 'a.mp4' would both write a.txt");
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/dir")]
    [InlineData("back\\slash")]
    [InlineData("..")]
    [InlineData("bell\u0007")]
    public void A_seqmap_name_that_could_steer_a_write_elsewhere_is_refused_naming_its_line(string name)
    {
        using var dir = new TempDirectory();
        Sequence(dir, "A-01");
        string seqmap = dir.Write("seqmap.txt", $"name\nA-01\n{name}\n");
        var error = Should.Throw<MotFormatException>(() => BatchPlanner.Discover(dir.Combine("split"), seqmap));
        error.File.ShouldBe(seqmap);
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("must be a plain file name");
    }

    [Fact]
    public void A_seqmap_sequence_without_a_folder_names_the_seqmap_line()
    {
        using var dir = new TempDirectory();
        Sequence(dir, "A-01");
        string seqmap = dir.Write("seqmap.txt", "name\nA-01\nB-02\n");
        var error = Should.Throw<MotFormatException>(() => BatchPlanner.Discover(dir.Combine("split"), seqmap));
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("'B-02' is not a sequence folder");
    }

    [Fact]
    public void An_empty_folder_has_nothing_to_track()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("in"));
        Should.Throw<MotFormatException>(() => BatchPlanner.Discover(dir.Combine("in"), null)).Message.ShouldContain("nothing to track");
    }

    [Fact]
    public void Shards_cover_every_input_exactly_once_whatever_the_listing_order()
    {
        var names = Enumerable.Range(1, 7).Select(i => new BatchInput($"S{i:00}", $"/x/S{i:00}", BatchInputKind.Sequence)).ToList();
        var shuffled = names.OrderBy(n => n.Name.GetHashCode(StringComparison.Ordinal)).ToList();
        var parts = Enumerable.Range(1, 3).Select(i => new ShardSpec(i, 3).Select(shuffled).Select(n => n.Name).ToList()).ToList();
        parts[0].ShouldBe(["S01", "S04", "S07"]);
        parts[1].ShouldBe(["S02", "S05"]);
        parts[2].ShouldBe(["S03", "S06"]);
        parts.SelectMany(p => p).Order().ShouldBe(names.Select(n => n.Name));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("-1/3")]
    public void A_malformed_shard_is_refused(string text) => Should.Throw<FormatException>(() => ShardSpec.Parse(text));

    [Fact]
    public void Each_shard_has_its_own_manifest()
    {
        ShardSpec.Whole.ManifestFileName.ShouldBe("run.json");
        ShardSpec.Parse("2/3").ManifestFileName.ShouldBe("run-shard-2-of-3.json");
    }
}
