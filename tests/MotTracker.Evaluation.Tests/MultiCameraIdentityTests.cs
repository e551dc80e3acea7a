using MotTracker.Evaluation.Mtmc;

namespace MotTracker.Evaluation.Tests;

public sealed class MultiCameraIdentityTests
{
    // Camera A sees person 1 (left) and 2 (right); camera B sees person 1 and 3 (right), 4 frames each.
    private const string GtA = "1,1,1,1,10,20,1,1,1\n2,1,1,1,10,20,1,1,1\n3,1,1,1,10,20,1,1,1\n4,1,1,1,10,20,1,1,1\n"
        + "1,2,101,1,10,20,1,1,1\n2,2,101,1,10,20,1,1,1\n3,2,101,1,10,20,1,1,1\n4,2,101,1,10,20,1,1,1\n";
    private const string GtB = "1,1,1,1,10,20,1,1,1\n2,1,1,1,10,20,1,1,1\n3,1,1,1,10,20,1,1,1\n4,1,1,1,10,20,1,1,1\n"
        + "1,3,101,1,10,20,1,1,1\n2,3,101,1,10,20,1,1,1\n3,3,101,1,10,20,1,1,1\n4,3,101,1,10,20,1,1,1\n";

    // Each camera is tracked perfectly on its own, but person 1 is 7 in A and 9 in B (the cross-camera link
    // failed), tracker id 8 is person 2 in A and person 3 in B, and id 10 is a false positive in B.
    private const string ResultsA = "1,7,1,1,10,20,1,-1,-1,-1\n2,7,1,1,10,20,1,-1,-1,-1\n3,7,1,1,10,20,1,-1,-1,-1\n4,7,1,1,10,20,1,-1,-1,-1\n"
        + "1,8,101,1,10,20,1,-1,-1,-1\n2,8,101,1,10,20,1,-1,-1,-1\n3,8,101,1,10,20,1,-1,-1,-1\n4,8,101,1,10,20,1,-1,-1,-1\n";
    private const string ResultsB = "1,9,1,1,10,20,1,-1,-1,-1\n2,9,1,1,10,20,1,-1,-1,-1\n3,9,1,1,10,20,1,-1,-1,-1\n4,9,1,1,10,20,1,-1,-1,-1\n"
        + "1,8,101,1,10,20,1,-1,-1,-1\n2,8,101,1,10,20,1,-1,-1,-1\n3,8,101,1,10,20,1,-1,-1,-1\n4,8,101,1,10,20,1,-1,-1,-1\n"
        + "1,10,300,300,10,20,1,-1,-1,-1\n2,10,300,300,10,20,1,-1,-1,-1\n";

    private static IReadOnlyList<EvaluationSequence> Cameras(string resultsB = ResultsB)
    {
        string dir = TestData.NewTempDirectory();
        EvaluationSequence Camera(string name, string gt, string results)
        {
            File.WriteAllText(Path.Combine(dir, name + "-gt.txt"), gt);
            File.WriteAllText(Path.Combine(dir, name + ".txt"), results);
            return new EvaluationSequence(name, Path.Combine(dir, name + "-gt.txt"), Path.Combine(dir, name + ".txt"), 4);
        }
        return [Camera("camA", GtA, ResultsA), Camera("camB", GtB, resultsB)];
    }

    [Fact]
    public void One_global_matching_lets_a_person_split_over_two_ids_count_only_once()
    {
        var s = MultiCameraIdentity.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT17), Cameras());

        // Overlaps (gt, tracker): (1,7)=4, (1,9)=4, (2,8)=4, (3,8)=4: one of each pair can match. IDTP 8 of
        // 16 gt boxes and 18 tracker boxes: IDF1 = 8 / (8 + 8/2 + 10/2) = 8/17.
        s.Idtp.ShouldBe(8);
        s.Idfn.ShouldBe(8);
        s.Idfp.ShouldBe(10);
        s.Idf1.ShouldBe(8 / 17.0, 1e-12);
        s.Idp.ShouldBe(8 / 18.0, 1e-12);
        s.Idr.ShouldBe(0.5, 1e-12);
        s.GtIdentities.ShouldBe(3);
        s.MultiCameraGtIdentities.ShouldBe(1);
        s.TrackerIdentities.ShouldBe(4);
    }

    [Fact]
    public void A_link_across_cameras_is_what_raises_the_multi_camera_idf1()
    {
        var linked = MultiCameraIdentity.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT17), Cameras(ResultsB.Replace(",9,", ",7,", StringComparison.Ordinal)));

        // (1,7)=8, (2,8)=4 or (3,8)=4: IDTP 12, FN 4, FP 6: IDF1 = 12 / (12 + 2 + 3) = 12/17.
        linked.Idtp.ShouldBe(12);
        linked.Idf1.ShouldBe(12 / 17.0, 1e-12);
    }

    [Fact]
    public void Min_cameras_two_scores_only_people_seen_by_two_cameras_and_drops_the_boxes_on_the_others()
    {
        var s = MultiCameraIdentity.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT17), Cameras(), minCameras: 2);

        // Only person 1 (8 gt boxes). Id 8's boxes sit on persons 2 and 3 and are left out; id 10 stays a
        // false positive. IDTP 4, FN 4, FP 4 (id 9 or 7) + 2 (id 10): IDF1 = 4 / (4 + 2 + 3) = 4/9.
        s.GtIdentities.ShouldBe(1);
        s.RemovedTrackerRows.ShouldBe(8);
        s.Idtp.ShouldBe(4);
        s.Idfn.ShouldBe(4);
        s.Idfp.ShouldBe(6);
        s.Idf1.ShouldBe(4 / 9.0, 1e-12);
    }
}
