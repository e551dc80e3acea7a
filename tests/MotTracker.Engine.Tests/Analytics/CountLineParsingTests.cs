using MotTracker.Engine.Analytics;

namespace MotTracker.Engine.Tests.Analytics;

public sealed class CountLineParsingTests
{
    [Fact]
    public void A_line_with_a_name_keeps_the_name_and_its_end_points()
    {
        var line = CountLine.Parse(" 10.5, 20 ,300,-4, north gate ", 1);
        line.ShouldBe(new CountLine("north gate", new PixelPoint(10.5, 20), new PixelPoint(300, -4)));
    }

    [Fact]
    public void Lines_without_names_are_numbered_in_the_order_given()
    {
        var lines = CountLine.ParseAll(["0,0,10,0", "0,5,10,5,door", "0,9,10,9"]);
        lines.Select(l => l.Name).ShouldBe(["line1", "door", "line3"]);
    }

    [Theory]
    [InlineData("0,100,200", "expected x1,y1,x2,y2[,name]")]
    [InlineData("0,abc,200,100", "y1 'abc' is not a number")]
    [InlineData("0,100,200,1e999", "y2 '1e999' is not a number")]
    [InlineData("5,5,5,5,door", "the two end points are the same")]
    [InlineData("0,0,1,1, ", "the name after the fourth comma is empty")]
    public void A_bad_line_names_the_flag_and_the_bad_part(string text, string message)
    {
        var ex = Should.Throw<FormatException>(() => CountLine.Parse(text, 1));
        ex.Message.ShouldStartWith($"--count-line '{text}'");
        ex.Message.ShouldContain(message);
    }

    [Fact]
    public void Two_lines_with_the_same_name_are_refused()
    {
        Should.Throw<FormatException>(() => CountLine.ParseAll(["0,0,1,1,door", "0,5,1,5,door"]))
            .Message.ShouldContain("another line is already named 'door'");
    }

    [Theory]
    [InlineData("bottom", CountAnchor.Bottom)]
    [InlineData("Center", CountAnchor.Center)]
    [InlineData("centre", CountAnchor.Center)]
    public void Anchors_parse_by_name(string text, CountAnchor expected) => CountAnchors.Parse(text).ShouldBe(expected);

    [Fact]
    public void An_unknown_anchor_names_the_flag()
    {
        Should.Throw<FormatException>(() => CountAnchors.Parse("top")).Message.ShouldBe("--count-anchor 'top': use bottom (bottom centre of the box) or center");
    }

    [Fact]
    public void The_signed_distance_is_positive_right_of_the_direction_on_screen()
    {
        var eastward = new CountLine("e", new PixelPoint(0, 0), new PixelPoint(10, 0));
        eastward.SignedDistance(new PixelPoint(5, 4)).ShouldBe(4); // below on screen = right of an eastward walk
        eastward.SignedDistance(new PixelPoint(5, -2)).ShouldBe(-2);
    }
}
