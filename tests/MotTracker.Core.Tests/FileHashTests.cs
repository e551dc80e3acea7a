namespace MotTracker.Core.Tests;

public sealed class FileHashTests
{
    // FIPS 180-2's test vector for "abc".
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void A_file_and_a_text_hash_to_the_standard_sha256()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("abc.bin", "abc");

        FileHash.Sha256OfFile(path).ShouldBe(AbcSha256);
        FileHash.Sha256OfText("abc").ShouldBe(AbcSha256);
    }
}
