using MotTracker.Core;

namespace MotTracker.Media.Tests;

public sealed class ImageSourceTests
{
    [Fact]
    public void Mot17_02_sequence_yields_its_4_staged_frames_numbered_1_to_4()
    {
        var warnings = new List<string>();
        using var source = new MotSequenceSource(TestData.Mot17Sequence("MOT17-02-FRCNN"),
            new FrameSourceOptions { Warning = warnings.Add });

        List<(int Number, int Width, int Height)> frames = MediaTestData.WithinTimeout(() =>
            source.ReadFrames().Select(f => (f.FrameNumber, f.Image.Width, f.Image.Height)).ToList());

        frames.ShouldBe([(1, 1920, 1080), (2, 1920, 1080), (3, 1920, 1080), (4, 1920, 1080)]);
        source.Info.ShouldBe(new FrameSourceInfo(1920, 1080, 30.0, 4, "MOT17-02-FRCNN"));
        source.DeclaredLength.ShouldBe(600);
        source.LastFrame.ShouldBe(4);
        warnings.ShouldBe(["MOT17-02-FRCNN: 4 of 600 frames present in "
            + Path.Combine(TestData.Mot17Sequence("MOT17-02-FRCNN"), "img1") + " (frames 1-4)"]);
    }

    [Fact]
    public void Sequence_frame_numbers_come_from_the_file_names()
    {
        using var temp = new TempDirectory();
        string img1 = Directory.CreateDirectory(temp.File("img1")).FullName;
        WriteSeqInfo(temp.Path, width: 32, height: 16, length: 5);
        MediaTestData.WriteSolidImage(Path.Combine(img1, "000002.jpg"), 32, 16, "000000");
        MediaTestData.WriteSolidImage(Path.Combine(img1, "000003.jpg"), 32, 16, "808080");
        MediaTestData.WriteSolidImage(Path.Combine(img1, "000005.jpg"), 32, 16, "ffffff");
        using var source = new MotSequenceSource(temp.Path);

        List<(int Number, byte Grey)> frames = source.ReadFrames().Select(f => (f.FrameNumber, f.Image.Pixels[0])).ToList();

        frames.Select(f => f.Number).ShouldBe([2, 3, 5]);
        // Each number carries its own image: black, mid grey, white (JPEG rounding allowed).
        frames[0].Grey.ShouldBeLessThan((byte)10);
        ((int)frames[1].Grey).ShouldBeInRange(118, 138);
        frames[2].Grey.ShouldBeGreaterThan((byte)245);
    }

    [Fact]
    public void Sequence_image_size_that_disagrees_with_seqinfo_names_the_image()
    {
        using var temp = new TempDirectory();
        string img1 = Directory.CreateDirectory(temp.File("img1")).FullName;
        WriteSeqInfo(temp.Path, width: 32, height: 16, length: 1);
        string image = Path.Combine(img1, "000001.jpg");
        MediaTestData.WriteSolidImage(image, 40, 16, "00ff00");

        var error = Should.Throw<MotFormatException>(() => new MotSequenceSource(temp.Path));

        error.File.ShouldBe(image);
        error.Message.ShouldContain("40x16");
        error.Message.ShouldContain("32x16");
    }

    [Fact]
    public void Seqinfo_without_frame_rate_names_the_field()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("img1"));
        File.WriteAllText(temp.File("seqinfo.ini"), "[Sequence]\nname=x\nseqLength=3\nimWidth=8\nimHeight=8\n");

        var error = Should.Throw<MotFormatException>(() => new MotSequenceSource(temp.Path));

        error.Field.ShouldBe("frameRate");
        error.File.ShouldBe(temp.File("seqinfo.ini"));
    }

    [Fact]
    public void Image_folder_yields_frames_in_natural_name_order()
    {
        using var temp = new TempDirectory();
        // Names that sort wrongly as plain strings: "img10" < "img2".
        MediaTestData.WriteSolidImage(temp.File("img10.png"), 24, 12, "0000ff");
        MediaTestData.WriteSolidImage(temp.File("img2.png"), 24, 12, "00ff00");
        MediaTestData.WriteSolidImage(temp.File("img1.png"), 24, 12, "ff0000");
        File.WriteAllText(temp.File("readme.txt"), "not an image");
        using var source = new ImageFolderSource(temp.Path);

        List<VideoFrame> frames = MediaTestData.WithinTimeout(() => source.ReadFrames().ToList());

        frames.Select(f => f.FrameNumber).ShouldBe([1, 2, 3]);
        frames.ShouldAllBe(f => f.Image.Width == 24 && f.Image.Height == 12);
        // PNG is lossless, so the BGR bytes are exact: red, green, blue.
        frames.Select(f => (f.Image.Pixels[0], f.Image.Pixels[1], f.Image.Pixels[2]))
            .ShouldBe([((byte)0, (byte)0, (byte)255), ((byte)0, (byte)255, (byte)0), ((byte)255, (byte)0, (byte)0)]);
        source.Info.ShouldBe(new FrameSourceInfo(24, 12, 30.0, 3, Path.GetFileName(temp.Path)));
    }

    [Fact]
    public void Image_folder_with_mixed_sizes_names_the_odd_file_when_it_is_reached()
    {
        using var temp = new TempDirectory();
        MediaTestData.WriteSolidImage(temp.File("a.png"), 24, 12, "ff0000");
        MediaTestData.WriteSolidImage(temp.File("b.bmp"), 24, 12, "ff0000");
        MediaTestData.WriteSolidImage(temp.File("c.jpg"), 24, 14, "ff0000");
        using var source = new ImageFolderSource(temp.Path);
        var seen = new List<int>();

        var error = Should.Throw<MotFormatException>(() =>
        {
            foreach (VideoFrame frame in source.ReadFrames())
                seen.Add(frame.FrameNumber);
        });

        seen.ShouldBe([1, 2]);
        error.File.ShouldBe(temp.File("c.jpg"));
        error.Message.ShouldContain("24x14");
        error.Message.ShouldContain("a.png is 24x12");
    }

    [Fact]
    public void Corrupt_jpeg_in_a_folder_is_an_error_naming_that_image()
    {
        using var temp = new TempDirectory();
        MediaTestData.WriteSolidImage(temp.File("1.jpg"), 24, 12, "ff0000");
        string corrupt = temp.File("2.jpg");
        File.WriteAllBytes(corrupt, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0 then garbage, no image data"u8]);
        MediaTestData.WriteSolidImage(temp.File("3.jpg"), 24, 12, "ff0000");
        using var source = new ImageFolderSource(temp.Path);

        var error = Should.Throw<MotFormatException>(() => source.ReadFrames().ToList());

        error.File.ShouldBe(corrupt);
        error.Message.ShouldBe(corrupt + ": not a readable image (corrupt or not a JPEG, PNG or BMP image)");
    }

    [Fact]
    public void Corrupt_first_image_is_an_error_naming_it_when_the_folder_is_opened()
    {
        using var temp = new TempDirectory();
        string corrupt = temp.File("0001.png");
        File.WriteAllText(corrupt, "not a png");
        MediaTestData.WriteSolidImage(temp.File("0002.png"), 24, 12, "ff0000");

        var error = Should.Throw<MotFormatException>(() => new ImageFolderSource(temp.Path));

        error.File.ShouldBe(corrupt);
    }

    [Fact]
    public void Empty_image_folder_is_an_error_naming_the_folder()
    {
        using var temp = new TempDirectory();

        var error = Should.Throw<MotFormatException>(() => new ImageFolderSource(temp.Path));

        error.File.ShouldBe(temp.Path);
        error.Message.ShouldContain("contains no images");
    }

    [Fact]
    public void A_mot17_sequence_of_another_size_decodes_to_the_size_in_its_seqinfo()
    {
        using var source = new MotSequenceSource(TestData.Mot17Sequence("MOT17-05-FRCNN"));

        List<VideoFrame> frames = MediaTestData.WithinTimeout(() => source.ReadFrames().ToList());

        frames.Select(f => f.FrameNumber).ShouldBe([1, 2, 3, 4, 5, 6]);
        frames.ShouldAllBe(f => f.Image.Width == 640 && f.Image.Height == 480 && f.Image.Pixels.Length == 640 * 480 * 3);
        source.Info.ShouldBe(new FrameSourceInfo(640, 480, 14.0, 6, "MOT17-05-FRCNN"));
    }

    [Fact]
    public void Factory_picks_the_source_by_what_the_path_is()
    {
        using var temp = new TempDirectory();
        MediaTestData.WriteSolidImage(temp.File("1.png"), 8, 8, "ff0000");

        using (IFrameSource sequence = FrameSources.Open(TestData.Mot17Sequence("MOT17-02-FRCNN")))
            sequence.ShouldBeOfType<MotSequenceSource>();
        using (IFrameSource folder = FrameSources.Open(temp.Path))
            folder.ShouldBeOfType<ImageFolderSource>();
        using (IFrameSource video = FrameSources.Open(TestData.Vtest))
            video.ShouldBeOfType<VideoCaptureSource>();
        Should.Throw<FileNotFoundException>(() => FrameSources.Open(temp.File("missing.mp4")))
            .Message.ShouldContain("missing.mp4");
    }

    [Fact]
    public void Factory_rejects_a_folder_with_nothing_to_read()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("notes.txt"), "x");

        Should.Throw<MotFormatException>(() => FrameSources.Open(temp.Path)).File.ShouldBe(temp.Path);
    }

    [Fact]
    public void Natural_order_compares_digit_runs_by_value()
    {
        string[] names = ["frame10.png", "frame2.png", "frame1.png", "frame02.png", "a.png", "frame10b.png"];

        names.Order(NaturalStringComparer.Instance).ShouldBe(
            ["a.png", "frame1.png", "frame2.png", "frame02.png", "frame10.png", "frame10b.png"]);
    }

    private static void WriteSeqInfo(string folder, int width, int height, int length) =>
        File.WriteAllText(Path.Combine(folder, "seqinfo.ini"),
            $"[Sequence]\nname=synthetic\nimDir=img1\nframeRate=25\nseqLength={length}\nimWidth={width}\nimHeight={height}\nimExt=.jpg\n");
}
