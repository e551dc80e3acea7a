using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.BotSort;
using MotTracker.Tracking.Trackers.ByteTrack;
using MotTracker.Tracking.Trackers.DeepSort;

namespace MotTracker.Tracking.Tests;

/// <summary>
/// The crafted crossing of <see cref="CrossingScene"/>: B is detected first, so B gets id 1 and A id 2.
/// IoU alone swaps them; appearance keeps them.
/// </summary>
public sealed class AppearanceCrossingTests
{
    private static void ShouldKeepIds(List<(int A, int B)> ids, int firstReported)
    {
        for (int f = firstReported; f <= CrossingScene.Frames; f++)
        {
            ids[f - 1].B.ShouldBe(1, $"frame {f}: B");
            if (f is < CrossingScene.HiddenFrom or > CrossingScene.HiddenTo) ids[f - 1].A.ShouldBe(2, $"frame {f}: A");
        }
    }

    private static void ShouldSwapIds(List<(int A, int B)> ids)
    {
        for (int f = 1; f < CrossingScene.HiddenFrom; f++) ids[f - 1].ShouldBe((2, 1), $"frame {f}");
        // A's lost track waits where A was last seen, and B walks into it.
        for (int f = CrossingScene.HiddenTo + 1; f <= CrossingScene.Frames; f++) ids[f - 1].ShouldBe((1, 2), $"frame {f}");
    }

    [Fact]
    public void ByteTrack_swaps_the_ids_of_people_who_trade_places_while_one_hides_the_other()
    {
        ShouldSwapIds(CrossingScene.Run(new ByteTracker(), withEmbeddings: false));
    }

    [Fact]
    public void BotSort_without_embeddings_swaps_them_as_ByteTrack_does()
    {
        ShouldSwapIds(CrossingScene.Run(new BotSortTracker(), withEmbeddings: false));
    }

    [Fact]
    public void DeepSort_keeps_the_ids_of_people_who_trade_places_when_appearance_differs()
    {
        // n_init 3: tracks born in frame 1 are reported from frame 3.
        var ids = CrossingScene.Run(new DeepSortTracker(), withEmbeddings: true);
        ids[0].ShouldBe((0, 0));
        ids[1].ShouldBe((0, 0));
        ShouldKeepIds(ids, firstReported: 3);
    }

    [Fact]
    public void BotSort_keeps_the_ids_of_people_who_trade_places_when_appearance_differs()
    {
        ShouldKeepIds(CrossingScene.Run(new BotSortTracker(), withEmbeddings: true), firstReported: 1);
    }

    [Theory]
    [InlineData("deepsort")]
    [InlineData("botsort")]
    public void An_appearance_tracker_without_embeddings_says_once_that_it_runs_on_motion_alone(string name)
    {
        var tracker = (IAppearanceTracker)TrackerFactory.Create(name, new TrackerSettings());
        int raised = 0;
        tracker.MotionAloneStarted += (_, _) => raised++;

        var (dets, embs) = CrossingScene.Frame(1);
        tracker.Update(1, dets, embs);
        tracker.RanOnMotionAlone.ShouldBeFalse();
        raised.ShouldBe(0);

        for (int f = 2; f <= 5; f++) tracker.Update(f, CrossingScene.Frame(f).Detections);
        tracker.RanOnMotionAlone.ShouldBeTrue();
        raised.ShouldBe(1);
    }

    [Theory]
    [InlineData("deepsort")]
    [InlineData("botsort")]
    public void Embeddings_must_come_one_per_detection(string name)
    {
        var tracker = TrackerFactory.Create(name, new TrackerSettings());
        var (dets, _) = CrossingScene.Frame(1);
        Should.Throw<ArgumentException>(() => tracker.Update(1, dets, [CrossingScene.EmbeddingA]));
    }
}
