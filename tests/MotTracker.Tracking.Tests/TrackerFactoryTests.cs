using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.BoostTrack;
using MotTracker.Tracking.Trackers.BotSort;
using MotTracker.Tracking.Trackers.ByteTrack;
using MotTracker.Tracking.Trackers.DeepOcSort;
using MotTracker.Tracking.Trackers.DeepSort;
using MotTracker.Tracking.Trackers.HybridSort;
using MotTracker.Tracking.Trackers.StrongSort;

namespace MotTracker.Tracking.Tests;

public sealed class TrackerFactoryTests
{
    [Theory]
    [InlineData("bytetrack", typeof(ByteTracker), false, false)]
    [InlineData("deepsort", typeof(DeepSortTracker), true, false)]
    [InlineData("botsort", typeof(BotSortTracker), true, true)]
    [InlineData("BoTSORT", typeof(BotSortTracker), true, true)]
    [InlineData("boosttrack", typeof(BoostTracker), true, true)]
    [InlineData("boosttrack++", typeof(BoostTracker), true, true)]
    [InlineData("deepocsort", typeof(DeepOcSortTracker), true, true)]
    [InlineData("strongsort", typeof(StrongSortTracker), true, true)]
    [InlineData("hybridsort", typeof(HybridSortTracker), false, true)]
    public void The_factory_builds_each_tracker_by_name(string name, Type type, bool usesAppearance, bool usesCameraMotion)
    {
        TrackerFactory.Create(name, new TrackerSettings()).ShouldBeOfType(type);
        var descriptor = TrackerFactory.Describe(name);
        descriptor.UsesAppearance.ShouldBe(usesAppearance);
        descriptor.UsesCameraMotion.ShouldBe(usesCameraMotion);
    }

    [Fact]
    public void The_factory_validates_the_chosen_trackers_options()
    {
        var settings = new TrackerSettings().With(DeepSortEntry.Entry, new DeepSortOptions { NInit = 0 });
        Should.Throw<ArgumentException>(() => TrackerFactory.Create("deepsort", settings)).ParamName.ShouldBe("n-init");
        TrackerFactory.Create("botsort", settings).ShouldBeOfType<BotSortTracker>();
    }

    [Fact]
    public void An_unknown_name_lists_the_trackers()
    {
        Should.Throw<ArgumentException>(() => TrackerFactory.Create("sort", new TrackerSettings()))
            .Message.ShouldContain("bytetrack, deepsort, botsort");
    }

    [Fact]
    public void Boosttrack_plus_is_boosttrack_with_the_plus_plus_switches_on()
    {
        var plus = TrackerFactory.Describe("boosttrack-plus").DefaultOptions.ShouldBeOfType<BoostTrackOptions>();
        plus.ShouldBe(new BoostTrackOptions { UseRichSimilarity = true, UseSoftBoost = true, UseVaryingThresholds = true });
        TrackerFactory.Describe("boosttrack").DefaultOptions.ShouldBe(new BoostTrackOptions());
    }
}
