namespace MotTracker.Tracking.Tests.Registry;

public sealed class SearchRangeTests
{
    public static TheoryData<string> Trackers() => [.. TrackerRegistry.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Trackers))]
    public void Every_tracker_declares_search_ranges_that_hold_its_defaults_and_validate_at_both_ends(string name)
    {
        var entry = TrackerRegistry.Catalog.Find(name);
        var searched = entry.Options.Where(o => o.Search is not null).ToList();
        searched.Count.ShouldBeGreaterThanOrEqualTo(4);
        foreach (var option in searched)
        {
            var range = option.Search!;
            double value = Convert.ToDouble(option.Read(entry.DefaultOptions), System.Globalization.CultureInfo.InvariantCulture);
            value.ShouldBeInRange(range.Low, range.High, $"{name} --{option.Name}");
            range.Integer.ShouldBe(option.Type == TrackerOptionType.Int32);
            foreach (double end in new[] { range.Low, range.High })
            {
                object typed = option.ParseText(end.ToString(System.Globalization.CultureInfo.InvariantCulture));
                entry.Validate(option.Apply(entry.DefaultOptions, typed));
            }
        }
    }

    [Fact]
    public void A_search_range_outside_the_options_own_range_or_on_a_switch_is_refused()
    {
        var byteTrack = TrackerRegistry.Catalog.Find("bytetrack");
        Should.Throw<ArgumentException>(() => byteTrack.Option("track-thresh")!.Searched(0.5, 1.5)).Message.ShouldStartWith("track-thresh: search range [0.5, 1.5]");
        Should.Throw<ArgumentException>(() => byteTrack.Option("track-thresh")!.Searched(0.6, 0.6));
        Should.Throw<ArgumentException>(() => byteTrack.Option("no-fuse-score")!.Searched(0, 1)).Message.ShouldStartWith("no-fuse-score is not numeric");
        byteTrack.Option("track-buffer")!.Search.ShouldBe(new TrackerSearchRange(10, 90, false, true));
    }

    [Theory]
    [InlineData("track-thresh", "0.25", 0.25)]
    [InlineData("track-thresh", " .inf ", double.PositiveInfinity)]
    [InlineData("track-buffer", "45", 45)]
    [InlineData("no-fuse-score", "True", true)]
    public void Settings_file_text_parses_to_the_options_type(string option, string text, object expected)
    {
        var value = TrackerRegistry.Catalog.Find("bytetrack").Option(option)!.ParseText(text);
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("track-buffer", "4.5", "expects a whole number, not '4.5'")]
    [InlineData("track-thresh", "high", "expects a number, not 'high'")]
    [InlineData("track-thresh", "nan", "expects a number, not 'nan'")]
    [InlineData("no-fuse-score", "yes", "expects true or false, not 'yes'")]
    public void Settings_file_text_of_the_wrong_type_is_refused_saying_what_is_expected(string option, string text, string message)
    {
        Should.Throw<FormatException>(() => TrackerRegistry.Catalog.Find("bytetrack").Option(option)!.ParseText(text)).Message.ShouldBe(message);
    }
}
