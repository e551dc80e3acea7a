using MotTracker.Core;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Engine.Tests.Outputs;

/// <summary>Multi-class tracking with the real detector on the staged frames of a MOT17 street scene (people and cars).</summary>
public sealed class MultiClassTrackingTests
{
    private static TrackingEngine Engine() => new(new EngineEnvironment
    {
        Variables = name => name == "MOTTRACK_MODELS" ? TestData.Models : Environment.GetEnvironmentVariable(name),
    });

    private static IReadOnlyList<MotRow> Track(IReadOnlyList<int> classes, out TrackJob job)
    {
        string output = Path.Combine(TestData.NewTempDirectory(), "r.txt");
        job = Engine().Prepare(new TrackRequest
        {
            Input = Path.Combine(TestData.Mot17Sequence("MOT17-13-FRCNN"), "img1"),
            DetectionSource = DetectionSource.Detector,
            Models = new ModelSettings { DetectorOptions = new() { ScoreThreshold = 0.1, Classes = classes } },
        });
        using (job) job.Run(output);
        return MotFileReader.Read(output, MotFileKind.Results);
    }

    [Fact]
    public void People_and_cars_are_tracked_apart_with_ids_unique_across_classes_and_the_class_in_column_8()
    {
        var rows = Track([CocoClasses.Person, 2], out var job);

        job.MultiClass.ShouldBeTrue();
        // Column 8 holds the COCO class id of each row: person (0) or car (2), nothing else.
        rows.Select(r => r.ClassId).Distinct().Order().ShouldBe([0, 2]);
        // A track never changes class, so an id names one class.
        var classesPerId = rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Select(r => r.ClassId).Distinct().ToArray());
        classesPerId.Values.ShouldAllBe(c => c.Length == 1);
        classesPerId.Values.Count(c => c[0] == 0).ShouldBeGreaterThanOrEqualTo(1);
        classesPerId.Values.Count(c => c[0] == 2).ShouldBeGreaterThanOrEqualTo(1);
        rows.Select(r => (r.Frame, r.Id)).Distinct().Count().ShouldBe(rows.Count);
    }

    [Fact]
    public void A_person_only_run_keeps_minus_one_in_column_8()
    {
        var rows = Track([CocoClasses.Person], out var job);

        job.MultiClass.ShouldBeFalse();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.ClassId == -1);
    }
}
