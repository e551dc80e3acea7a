using MotTracker.Tracking.Tests.Registry.Dummy;
using MotTracker.Tracking.Trackers.OcSort;

namespace MotTracker.Tracking.Tests.Registry;

public sealed class TrackerRegistryTests
{
    /// <summary>The registry with the dummy tracker of Registry/Dummy added: the one line a new tracker takes.</summary>
    private static readonly TrackerCatalog WithDummy = new([.. TrackerRegistry.All, DummyEntry.Entry]);

    private static TrackerFlag Flag(TrackerCatalog catalog, string name) => catalog.Flags.Single(f => f.Name == name);

    private static KeyValuePair<string, object> Value(string flag, object value) => new(flag, value);

    [Fact]
    public void A_tracker_added_with_one_line_is_found_by_name_and_alias_and_gets_its_flags()
    {
        WithDummy.Find("dummy").ShouldBeSameAs(DummyEntry.Entry);
        WithDummy.Find("Dummy-Tracker").ShouldBeSameAs(DummyEntry.Entry);
        WithDummy.Names.ShouldContain("dummy-tracker");

        var gain = Flag(WithDummy, "dummy-gain");
        gain.Help.ShouldBe("Dummy: width factor of reported boxes.");
        gain.ShownDefault.ShouldBe(1.0);
        gain.Trackers.ShouldBe([DummyEntry.Entry]);

        // Sharing --track-thresh adds the dummy's default to the flag's help and the dummy to its trackers.
        var thresh = Flag(WithDummy, "track-thresh");
        thresh.Help.ShouldBe("High-score threshold: detections above it enter the first association (default: bytetrack 0.5, botsort 0.5, dummy 0.3).");
        thresh.Trackers.Select(t => t.Name).ShouldBe(["bytetrack", "botsort", "dummy"]);
        Flag(TrackerRegistry.Catalog, "track-thresh").Help.ShouldBe("High-score threshold: detections above it enter the first association (default 0.5).");
    }

    [Fact]
    public void The_dummys_options_reach_the_tracker_it_builds()
    {
        var settings = WithDummy.Apply("dummy", new TrackerSettings(), [Value("track-thresh", 0.4), Value("dummy-gain", 2.0)]);
        var entry = WithDummy.Find("dummy");
        var tracker = entry.Create(settings.OptionsFor(entry), 25).ShouldBeOfType<DummyTracker>();
        tracker.FrameRate.ShouldBe(25);

        var output = tracker.Update(1, [new(new BoundingBox(0, 0, 10, 20), 0.35), new(new BoundingBox(50, 0, 10, 20), 0.5)]);

        var track = output.ShouldHaveSingleItem();
        track.Box.ShouldBe(new BoundingBox(50, 0, 20, 20));
        // The other trackers' options are untouched.
        settings.OptionsFor(TrackerRegistry.Catalog.Find("bytetrack")).ShouldBeSameAs(TrackerRegistry.Catalog.Find("bytetrack").DefaultOptions);
    }

    [Fact]
    public void A_value_out_of_the_declared_range_is_rejected_naming_the_flag()
    {
        var ex = Should.Throw<ArgumentException>(() => WithDummy.Apply("dummy", new TrackerSettings(), [Value("dummy-gain", 0.0)]));
        ex.ParamName.ShouldBe("dummy-gain");
        ex.Message.ShouldStartWith("dummy-gain must be positive");
    }

    [Fact]
    public void A_flag_the_chosen_tracker_does_not_declare_names_the_trackers_it_applies_to()
    {
        var ex = Should.Throw<ArgumentException>(() => WithDummy.Apply("dummy", new TrackerSettings(), [Value("no-fuse-score", true)]));
        ex.ParamName.ShouldBe("no-fuse-score");
        ex.Message.ShouldStartWith("--no-fuse-score applies to --tracker bytetrack/botsort, not dummy");
    }

    [Fact]
    public void Two_trackers_with_one_name_or_one_flag_of_two_types_are_refused()
    {
        Should.Throw<ArgumentException>(() => new TrackerCatalog([DummyEntry.Entry, DummyEntry.Entry])).Message.ShouldContain("two trackers are named 'dummy'");
        var clash = new TrackerEntry<DummyOptions>
        {
            Name = "clash",
            Summary = "declares --track-buffer as a number with a fraction",
            Defaults = new DummyOptions(),
            Factory = (o, fps) => new DummyTracker(o, fps),
            Validator = o => o.Validate(),
            Options = [TrackerOption.Double<DummyOptions>("track-buffer", "x", o => o.Gain, (o, v) => o with { Gain = v })],
        };
        Should.Throw<ArgumentException>(() => new TrackerCatalog([.. TrackerRegistry.All, clash])).Message.ShouldContain("--track-buffer is a Int32 for bytetrack but a Double for clash");
    }

    [Theory]
    // The help texts the hand-written option groups had (README and users rely on them).
    [InlineData("low-thresh", "Low bound: detections between it and --track-thresh enter the second association (default 0.1).")]
    [InlineData("new-track-thresh", "Minimum score to start a new track (default: bytetrack --track-thresh + 0.1, botsort 0.6).")]
    [InlineData("track-buffer", "Frames a lost track is kept, at 30 fps; scaled by the frame rate (--fps) (default: bytetrack 30, botsort 90).")]
    [InlineData("no-fuse-score", "Do not weight IoU by detection score in the first association (the reference's MOT20 setting).")]
    [InlineData("max-age", "Frames a track survives unseen at 30 fps, scaled by the frame rate (default: deepsort 70, ocsort 30, ocsort-offline 60, boosttrack 60, boosttrack-plus 60, deepocsort 30, strongsort 30, hybridsort 30).")]
    [InlineData("det-thresh", "Detections above this (boosttrack: at least this, after its boosts) enter the first association (default: ocsort 0.6, ocsort-offline 0.8, boosttrack 0.6, boosttrack-plus 0.6, deepocsort 0.6, hybridsort 0.6).")]
    [InlineData("iou-thresh", "Smallest IoU of a match (hybridsort: height-modulated IoU) (default 0.3).")]
    [InlineData("min-hits", "Hits in a row before a track is reported (default: ocsort 3, ocsort-offline 0, boosttrack 3, boosttrack-plus 3, deepocsort 3, hybridsort 3).")]
    [InlineData("use-byte", "A second, low-score association round as ByteTrack's (default: ocsort false, ocsort-offline true, hybridsort true).")]
    [InlineData("match-thresh", "Cost limit (1 - IoU, score-fused) of the first association.")]
    [InlineData("nn-budget", "DeepSORT: appearance features kept per track (0: unbounded, the reference code's default).")]
    public void Each_flags_help_states_every_trackers_default(string flag, string help) =>
        Flag(TrackerRegistry.Catalog, flag).Help.ShouldBe(help);

    [Theory]
    [InlineData("match-thresh", 0.8)]
    [InlineData("second-match-thresh", 0.5)]
    [InlineData("proximity-thresh", 0.8)]
    [InlineData("ema-alpha", 0.9f)]
    [InlineData("nn-budget", 100)]
    [InlineData("n-init", 3)]
    [InlineData("track-thresh", null)]
    [InlineData("max-age", null)]
    [InlineData("no-fuse-score", null)]
    public void A_default_every_declaring_tracker_shares_is_the_flags_own(string flag, object? shown) =>
        Flag(TrackerRegistry.Catalog, flag).ShownDefault.ShouldBe(shown);

    [Fact]
    public void Flags_keep_each_trackers_own_defaults_when_not_given()
    {
        var catalog = TrackerRegistry.Catalog;
        var settings = catalog.Apply("ocsort-offline", new TrackerSettings(), [Value("max-age", 90)]);
        settings.OptionsFor(OcSortEntry.Offline).ShouldBe(OcSortOptions.Offline with { MaxAge = 90 });
        // Another tracker's record keeps its defaults: only the chosen one is written.
        settings.OptionsFor(OcSortEntry.Entry).ShouldBe(new OcSortOptions());
    }

    /// <summary>
    /// A declared range must say what the options record's own Validate says (the Engine validates records
    /// given through the API, the command line checks the table first): every value just outside a
    /// range is refused by the record too, under the same flag name, and every default lies inside.
    /// </summary>
    [Fact]
    public void Every_declared_range_agrees_with_its_records_validation()
    {
        int checkedBounds = 0;
        foreach (var entry in TrackerRegistry.All)
        {
            foreach (var option in entry.Options)
            {
                if (option.Range is not { } range) continue;
                double current = Convert.ToDouble(option.Read(entry.DefaultOptions), System.Globalization.CultureInfo.InvariantCulture);
                range.Contains(current).ShouldBeTrue($"{entry.Name} --{option.Name} default {current}");
                double step = option.Type == TrackerOptionType.Int32 ? 1 : 1e-6;
                var outside = new List<double> { range.MinOpen ? range.Min : range.Min - step };
                if (double.IsFinite(range.Max)) outside.Add(range.MaxOpen ? range.Max : range.Max + step);
                else if (range.MaxOpen) outside.Add(double.PositiveInfinity);
                foreach (double value in outside)
                {
                    object boxed = option.Type switch
                    {
                        TrackerOptionType.Int32 => (object)(int)value,
                        TrackerOptionType.Single => (float)value,
                        _ => value,
                    };
                    var changed = option.ApplyUnchecked(entry.DefaultOptions, boxed);
                    Should.Throw<ArgumentException>(() => entry.Validate(changed), $"{entry.Name} --{option.Name} {value}").ParamName.ShouldBe(option.Name);
                    Should.Throw<ArgumentException>(() => option.Apply(entry.DefaultOptions, boxed)).Message.ShouldStartWith($"{option.Name} {range.Rule}");
                    checkedBounds++;
                }
            }
        }
        checkedBounds.ShouldBeGreaterThan(40);
    }
}
