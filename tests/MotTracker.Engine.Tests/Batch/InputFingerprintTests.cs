using MotTracker.Engine.Batch;

namespace MotTracker.Engine.Tests.Batch;

public sealed class InputFingerprintTests
{
    private static readonly TrackRequest Detector = new() { Input = "unused", DetectionSource = DetectionSource.Detector };

    [Fact]
    public void A_large_video_is_fingerprinted_by_size_time_and_its_first_and_last_blocks()
    {
        using var dir = new TempDirectory();
        string path = dir.File("v.mp4");
        var bytes = new byte[InputFingerprint.WholeFileLimit + 4096];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var stamp = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);
        var input = new BatchInput("v", path, BatchInputKind.Video);
        string original = InputFingerprint.Of(input, Detector);

        void Put(int offset, byte value)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write)) { file.Position = offset; file.WriteByte(value); }
            File.SetLastWriteTimeUtc(path, stamp);
        }

        int last = bytes.Length - 1;
        Put(last, (byte)(bytes[last] ^ 0xFF));
        InputFingerprint.Of(input, Detector).ShouldNotBe(original, "the last block is read");
        Put(last, bytes[last]);
        InputFingerprint.Of(input, Detector).ShouldBe(original);
        File.SetLastWriteTimeUtc(path, stamp.AddSeconds(1));
        InputFingerprint.Of(input, Detector).ShouldNotBe(original, "the modification time counts for a large file");
    }

    [Fact]
    public void An_image_folder_is_fingerprinted_by_its_files_names_and_sizes()
    {
        using var dir = new TempDirectory();
        dir.Write("imgs/000001.jpg", "a");
        var input = new BatchInput("imgs", dir.Combine("imgs"), BatchInputKind.ImageFolder);
        string original = InputFingerprint.Of(input, Detector);
        InputFingerprint.Of(input, Detector).ShouldBe(original);
        dir.Write("imgs/000002.jpg", "b");
        InputFingerprint.Of(input, Detector).ShouldNotBe(original, "a frame was added");
    }
}
