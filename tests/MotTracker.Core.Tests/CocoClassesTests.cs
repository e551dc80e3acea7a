namespace MotTracker.Core.Tests;

public sealed class CocoClassesTests
{
    [Fact]
    public void The_table_has_cocos_80_classes_in_detector_order()
    {
        CocoClasses.Count.ShouldBe(80);
        (CocoClasses.NameOf(0), CocoClasses.NameOf(2), CocoClasses.NameOf(9), CocoClasses.NameOf(79)).ShouldBe(("person", "car", "traffic light", "toothbrush"));
        CocoClasses.NameOf(80).ShouldBe("class 80");
    }

    [Fact]
    public void A_class_list_takes_names_and_ids_and_drops_repeats()
    {
        CocoClasses.ParseList("person, Car,bicycle,2,Traffic_Light,0").ShouldBe([0, 2, 1, 9]);
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_closest_names()
    {
        Should.Throw<FormatException>(() => CocoClasses.ParseList("person,cars"))
            .Message.ShouldBe("unknown class 'cars'; did you mean 'car', 'cat', 'cake'? (COCO names or ids 0-79)");
    }

    [Theory]
    [InlineData("80", "class id 80 is outside COCO's 0-79")]
    [InlineData("person,,car", "empty class")]
    public void Bad_lists_are_refused(string text, string message)
    {
        Should.Throw<FormatException>(() => CocoClasses.ParseList(text)).Message.ShouldContain(message);
    }
}
