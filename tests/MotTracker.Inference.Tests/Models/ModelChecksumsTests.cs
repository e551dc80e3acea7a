using MotTracker.Inference.Models;

namespace MotTracker.Inference.Tests.Models;

public sealed class ModelChecksumsTests
{
    // FIPS 180-2's test vectors.
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string AbdSha256 = "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9";

    private static readonly ModelEntry Entry = ModelManifest.Embedded.Find("yolox_nano")! with { Sha256 = AbcSha256, Size = 3 };

    private static ModelChecksums Checksums(TempDirectory tmp) =>
        new(name => name == "XDG_CACHE_HOME" ? tmp.Combine("cache") : name == "HOME" ? tmp.Combine("home") : null);

    [Fact]
    public void A_model_with_the_manifest_hash_passes_and_its_hash_is_remembered_in_the_user_cache_not_beside_it()
    {
        using var tmp = new TempDirectory();
        string model = tmp.Write("models/detector/yolox_nano.onnx", "abc");
        var checksums = Checksums(tmp);

        checksums.Verify(model, Entry);

        checksums.CacheFile.ShouldBe(tmp.Combine("cache", "mottrack", ModelChecksums.CacheFileName));
        var info = new FileInfo(model);
        File.ReadAllText(checksums.CacheFile!).ShouldBe($"{AbcSha256}\t3\t{info.LastWriteTimeUtc.Ticks}\t{model}\n");
        Directory.GetFileSystemEntries(tmp.Combine("models", "detector")).ShouldBe([model]);
    }

    [Fact]
    public void A_model_whose_hash_differs_is_refused_naming_the_file_both_hashes_and_the_fix()
    {
        using var tmp = new TempDirectory();
        string model = tmp.Write("models/detector/yolox_nano.onnx", "abd");

        var error = Should.Throw<InvalidModelException>(() => Checksums(tmp).Verify(model, Entry));

        error.Message.ShouldContain($"model '{model}' is not the manifest's yolox_nano");
        error.Message.ShouldContain(AbdSha256);
        error.Message.ShouldContain(AbcSha256);
        error.Message.ShouldContain("mottrack models pull yolox_nano --force");
    }

    [Fact]
    public void The_verdict_is_kept_while_path_size_and_time_are_unchanged_and_redone_when_one_changes()
    {
        using var tmp = new TempDirectory();
        string model = tmp.Write("m/x.onnx", "abc");
        var time = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(model, time);
        Checksums(tmp).Sha256(model).ShouldBe(AbcSha256);

        // Same size and time: the remembered hash stands (this is what saves re-hashing a model every run).
        File.WriteAllText(model, "abd");
        File.SetLastWriteTimeUtc(model, time);
        Checksums(tmp).Sha256(model).ShouldBe(AbcSha256);

        // A new time is a new file.
        File.SetLastWriteTimeUtc(model, time.AddSeconds(1));
        Checksums(tmp).Sha256(model).ShouldBe(AbdSha256);
    }

    [Fact]
    public void A_hash_remembered_by_an_earlier_run_is_read_from_the_cache_file()
    {
        using var tmp = new TempDirectory();
        string model = tmp.Write("m/y.onnx", "abc");
        var info = new FileInfo(model);
        var checksums = Checksums(tmp);
        // What an earlier process wrote; this process has not hashed the file yet.
        tmp.Write("cache/mottrack/" + ModelChecksums.CacheFileName, $"{AbdSha256}\t3\t{info.LastWriteTimeUtc.Ticks}\t{model}\n");

        checksums.Sha256(model).ShouldBe(AbdSha256);
    }

    [Fact]
    public void An_unwritable_cache_folder_only_costs_a_hash()
    {
        using var tmp = new TempDirectory();
        string model = tmp.Write("m/z.onnx", "abc");
        tmp.Write("cache/mottrack", "a file where the folder should be");

        Checksums(tmp).Sha256(model).ShouldBe(AbcSha256);
    }
}
