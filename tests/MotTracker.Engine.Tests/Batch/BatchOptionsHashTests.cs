using MotTracker.Engine.Batch;

namespace MotTracker.Engine.Tests.Batch;

public sealed class BatchOptionsHashTests
{
    private static readonly ModelRecord[] Models = [new() { Role = "detector", Name = "yolox_nano", Sha256 = "aa" }];

    private static string Hash(params (string Name, string Value)[] changes)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--tracker"] = "bytetrack", ["--track-thresh"] = "0.6", ["--jobs"] = "", ["--output"] = "/a", ["--shard"] = "",
        };
        foreach (var (name, value) in changes) options[name] = value;
        return BatchOptionsHash.Compute(options, Models, "1.0");
    }

    [Fact]
    public void Options_that_cannot_change_a_result_leave_the_hash_alone()
    {
        Hash(("--jobs", "8"), ("--output", "/b"), ("--shard", "2/3"), ("--quiet", "true")).ShouldBe(Hash());
    }

    [Fact]
    public void Tracker_options_new_options_models_and_the_version_change_the_hash()
    {
        string baseline = Hash();
        Hash(("--track-thresh", "0.5")).ShouldNotBe(baseline);
        Hash(("--some-future-option", "x")).ShouldNotBe(baseline, "an option not known to be harmless counts");
        BatchOptionsHash.Compute(new Dictionary<string, string> { ["--tracker"] = "bytetrack" }, Models, "1.0")
            .ShouldNotBe(BatchOptionsHash.Compute(new Dictionary<string, string> { ["--tracker"] = "bytetrack" }, Models, "1.1"));
        BatchOptionsHash.Compute(new Dictionary<string, string>(), Models, "1.0")
            .ShouldNotBe(BatchOptionsHash.Compute(new Dictionary<string, string>(), [new() { Role = "detector", Sha256 = "bb" }], "1.0"));
    }
}
