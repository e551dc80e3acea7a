using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.ByteTrack;

namespace MotTracker.Tracking.Tests;

/// <summary>Crafted scenes whose track ids are known exactly.</summary>
public sealed class ByteTrackerTests
{
    private static Detection Person(double x, double y, double score = 0.9) => new(new BoundingBox(x, y, 40, 100), score);

    /// <summary>Runs the tracker over per-frame detection lists and returns, per frame, the output ids by x order.</summary>
    private static List<TrackedObject[]> Run(ByteTracker tracker, IEnumerable<Detection[]> frames) =>
        frames.Select(f => tracker.Next(f).OrderBy(t => t.Box.X).ToArray()).ToList();

    [Fact]
    public void Two_targets_crossing_keep_their_ids()
    {
        // A walks right, B walks left, 30 px lower; they overlap around frame 16.
        var frames = Enumerable.Range(0, 30).Select(f => new[] { Person(100 + 10 * f, 100), Person(400 - 10 * f, 130) }).ToList();
        var output = Run(new ByteTracker(), frames);

        for (int f = 0; f < 30; f++)
        {
            output[f].Length.ShouldBe(2, $"frame {f + 1}");
            var a = output[f].Single(t => Math.Abs(t.Box.Y - 100) < 5);
            var b = output[f].Single(t => Math.Abs(t.Box.Y - 130) < 5);
            a.TrackId.ShouldBe(1, $"frame {f + 1}");
            b.TrackId.ShouldBe(2, $"frame {f + 1}");
        }
    }

    [Fact]
    public void An_occlusion_shorter_than_the_buffer_keeps_the_id()
    {
        var tracker = new ByteTracker();
        var frames = new List<Detection[]>();
        for (int f = 1; f <= 40; f++)
            frames.Add(f is >= 11 and <= 20 ? [] : [Person(100 + 5 * f, 200)]);
        var output = Run(tracker, frames);

        for (int f = 1; f <= 40; f++)
        {
            if (f is >= 11 and <= 20) output[f - 1].ShouldBeEmpty($"frame {f}: a lost track is not reported");
            else output[f - 1].Select(t => t.TrackId).ShouldBe([1], $"frame {f}");
        }
        // The Kalman prediction carried the box along while it was hidden.
        output[20][0].Box.X.ShouldBe(100 + 5 * 21, 3);
    }

    [Fact]
    public void A_low_score_detection_is_recovered_only_by_the_second_association()
    {
        static List<Detection[]> Scene() => Enumerable.Range(1, 12)
            .Select(f => new[] { Person(100 + 4 * f, 200, f is >= 6 and <= 8 ? 0.3 : 0.9) }).ToList();

        var withSecond = Run(new ByteTracker(), Scene());
        for (int f = 1; f <= 12; f++)
            withSecond[f - 1].Select(t => t.TrackId).ShouldBe([1], $"frame {f}");
        withSecond[6][0].Score.ShouldBe(0.3);

        // Raise the low bound above 0.3: the same boxes are now ignored and the track is lost for three frames.
        var withoutSecond = Run(new ByteTracker(new ByteTrackOptions { LowThreshold = 0.35 }), Scene());
        for (int f = 6; f <= 8; f++) withoutSecond[f - 1].ShouldBeEmpty($"frame {f}");
        withoutSecond[8].Select(t => t.TrackId).ShouldBe([1], "frame 9 re-finds the lost track in the first association");
    }

    [Theory]
    [InlineData(40, 1)] // 30 frames unseen: still within the buffer
    [InlineData(42, 1)] // removed at frame 41, but the reference keeps it in the pool one more frame
    [InlineData(43, 2)] // gone for good: the detection starts a new track
    public void A_track_unseen_for_longer_than_the_buffer_is_dropped(int reappearsAt, int expectedId)
    {
        var tracker = new ByteTracker(new ByteTrackOptions { TrackBuffer = 30, FrameRate = 30 });
        for (int f = 1; f <= 10; f++) tracker.Next([Person(300, 200)]);
        for (int f = 11; f < reappearsAt; f++) tracker.Next([]);

        var first = tracker.Next([Person(300, 200)]).ToArray();
        var second = tracker.Next([Person(300, 200)]).ToArray();

        if (expectedId == 1)
        {
            first.Select(t => t.TrackId).ShouldBe([1]);
        }
        else
        {
            first.ShouldBeEmpty("a new track is unconfirmed on its first frame");
            second.Select(t => t.TrackId).ShouldBe([2]);
        }
    }

    [Fact]
    public void The_buffer_scales_with_the_frame_rate()
    {
        new ByteTrackOptions { TrackBuffer = 30, FrameRate = 14 }.MaxTimeLost.ShouldBe(14);
        new ByteTrackOptions { TrackBuffer = 30, FrameRate = 25 }.MaxTimeLost.ShouldBe(25);
        new ByteTrackOptions { TrackBuffer = 60, FrameRate = 30 }.MaxTimeLost.ShouldBe(60);
    }

    [Fact]
    public void Tracks_born_after_the_first_frame_are_reported_from_their_second_hit()
    {
        var tracker = new ByteTracker();
        tracker.Next([Person(100, 100)]).Select(t => t.TrackId).ShouldBe([1]);
        tracker.Next([Person(100, 100), Person(500, 100)]).Select(t => t.TrackId).ShouldBe([1]);
        tracker.Next([Person(100, 100), Person(500, 100)]).Select(t => t.TrackId).Order().ShouldBe([1, 2]);
    }

    [Theory]
    [InlineData(0.55, false)]
    [InlineData(0.65, true)]
    public void Only_detections_above_track_thresh_plus_a_tenth_start_tracks(double score, bool starts)
    {
        var tracker = new ByteTracker();
        tracker.Next([]);
        tracker.Next([Person(100, 100, score)]);
        var output = tracker.Next([Person(100, 100, 0.9)]);
        output.Count.ShouldBe(starts ? 1 : 0);
    }

    [Fact]
    public void A_score_exactly_at_track_thresh_is_neither_high_nor_low()
    {
        var tracker = new ByteTracker();
        tracker.Next([Person(100, 100)]);
        tracker.Next([Person(100, 100, 0.5)]).ShouldBeEmpty();
        tracker.LostTracks.Select(t => t.Id).ShouldBe([1]);
    }

    [Fact]
    public void Output_filters_drop_tiny_and_wide_boxes_of_people()
    {
        var tracker = new ByteTracker();
        var output = tracker.Next([
            new Detection(new BoundingBox(0, 0, 3, 3), 0.9),      // area 9 <= 10
            new Detection(new BoundingBox(100, 0, 100, 50), 0.9), // w/h 2 > 1.6
            new Detection(new BoundingBox(300, 0, 40, 100), 0.9),
        ]);
        output.Select(t => t.TrackId).ShouldBe([1, 2, 3], "the tracker itself reports every confirmed track");
        var filter = new OutputFilter();
        output.Where(t => filter.Keeps(t)).Select(t => t.TrackId).ShouldBe([3]);
    }

    [Fact]
    public void Output_filters_leave_other_classes_alone()
    {
        var car = new TrackedObject(1, new BoundingBox(100, 0, 100, 50), 0.9, ClassId: 2);
        var wideperson = car with { ClassId = 0 };
        new OutputFilter().Keeps(car).ShouldBeTrue();
        new OutputFilter().Keeps(wideperson).ShouldBeFalse();
    }

    [Fact]
    public void A_gap_in_frame_numbers_ages_tracks_like_empty_frames()
    {
        var stepped = new ByteTracker(new ByteTrackOptions { TrackBuffer = 30, FrameRate = 30 });
        var jumped = new ByteTracker(new ByteTrackOptions { TrackBuffer = 30, FrameRate = 30 });
        for (int f = 1; f <= 10; f++)
        {
            stepped.Update(f, [Person(100 + 5 * f, 200)]);
            jumped.Update(f, [Person(100 + 5 * f, 200)]);
        }
        for (int f = 11; f < 25; f++) stepped.Update(f, []);
        var a = stepped.Update(25, [Person(225, 200)]).ToArray();
        var b = jumped.Update(25, [Person(225, 200)]).ToArray();
        b.Select(t => (t.TrackId, t.Box)).ShouldBe(a.Select(t => (t.TrackId, t.Box)));
        a.Select(t => t.TrackId).ShouldBe([1]);

        // Beyond the buffer the track is gone whether the frames were empty or skipped.
        jumped.Update(70, [Person(225, 200)]).ShouldBeEmpty();
        jumped.Update(71, [Person(225, 200)]).Select(t => t.TrackId).ShouldBe([2]);
    }

    [Fact]
    public void Frame_numbers_must_increase()
    {
        var tracker = new ByteTracker();
        tracker.Update(3, [Person(100, 100)]);
        Should.Throw<ArgumentOutOfRangeException>(() => tracker.Update(3, []));
    }
}

/// <summary>Feeds frames 1, 2, 3, ... in turn.</summary>
internal static class ByteTrackerSteps
{
    public static IReadOnlyList<TrackedObject> Next(this ByteTracker tracker, Detection[] detections) =>
        tracker.Update(tracker.FrameNumber + 1, detections);
}
