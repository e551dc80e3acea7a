using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.ByteTrack;

namespace MotTracker.Tracking.Tests;

/// <summary>Multi-class tracking on crafted scenes: one tracker per class, ids unique across classes.</summary>
public sealed class PerClassTrackerTests
{
    private const int Person = 0, Bicycle = 1, Car = 2;

    private static Detection Box(double x, double y, int classId, double score = 0.9) => new(new BoundingBox(x, y, 60, 100), score, classId);

    private static PerClassTracker NewTracker(params int[] classes) =>
        PerClassTracker.Create(TrackerFactory.DefaultName, new TrackerSettings(), classes);

    private static List<TrackedObject[]> Run(ITracker tracker, IEnumerable<Detection[]> frames)
    {
        int frame = 0;
        return frames.Select(f => tracker.Update(++frame, f).ToArray()).ToList();
    }

    [Fact]
    public void A_car_that_appears_where_a_person_was_does_not_take_over_the_persons_track()
    {
        // Frames 1-5 a person stands at (100, 100); frames 6-10 a car stands at the same place.
        var frames = Enumerable.Range(1, 10).Select(f => new[] { Box(100, 100, f <= 5 ? Person : Car) }).ToList();

        // Why it matters: one class-blind tracker carries the person's id over to the car.
        var blind = Run(new ByteTracker(), frames);
        blind[7].Single().TrackId.ShouldBe(1);

        var output = Run(NewTracker(Person, Car), frames);
        for (int f = 1; f <= 5; f++) output[f - 1].ShouldBe([new TrackedObject(1, frames[f - 1][0].Box, 0.9, Person)], $"frame {f}");
        // A ByteTrack track born after frame 1 is confirmed (reported) from its second frame.
        output[5].ShouldBeEmpty();
        for (int f = 7; f <= 10; f++) output[f - 1].Select(t => (t.TrackId, t.ClassId)).ShouldBe([(2, Car)], $"frame {f}");
    }

    [Fact]
    public void A_person_and_a_car_at_the_same_place_keep_separate_tracks_and_classes()
    {
        // Both detected at the same box every frame; then both move apart.
        var frames = Enumerable.Range(0, 12).Select(f => new[]
        {
            Box(200 + (f < 6 ? 0 : 8 * (f - 5)), 100, Car),
            Box(200 - (f < 6 ? 0 : 8 * (f - 5)), 100, Person),
        }).ToList();
        var output = Run(NewTracker(Person, Car), frames);
        foreach (var (tracks, f) in output.Select((t, i) => (t, i + 1)))
        {
            // Within a frame: classes by id (person first), so the person is numbered first.
            tracks.Select(t => (t.TrackId, t.ClassId)).ShouldBe([(1, Person), (2, Car)], $"frame {f}");
            // The boxes are Kalman-smoothed: within a few pixels of their own class's detection.
            tracks[0].Box.X.ShouldBe(frames[f - 1][1].Box.X, 4);
            tracks[1].Box.X.ShouldBe(frames[f - 1][0].Box.X, 4);
        }
    }

    [Fact]
    public void Ids_are_unique_across_classes_in_order_of_first_appearance()
    {
        var frames = new List<Detection[]>
        {
            new[] { Box(500, 100, Car), Box(100, 100, Person) },
            new[] { Box(500, 100, Car), Box(100, 100, Person) },
            new[] { Box(500, 100, Car), Box(100, 100, Person), Box(300, 300, Bicycle) },
            new[] { Box(500, 100, Car), Box(100, 100, Person), Box(300, 300, Bicycle), Box(800, 100, Car) },
            new[] { Box(500, 100, Car), Box(100, 100, Person), Box(300, 300, Bicycle), Box(800, 100, Car) },
        };
        var output = Run(NewTracker(Person, Bicycle, Car), frames);
        output[0].Select(t => (t.TrackId, t.ClassId)).ShouldBe([(1, Person), (2, Car)]);
        // The bicycle's and the second car's inner trackers both start again at id 1 (bicycle) and 2 (car).
        output[4].Select(t => (t.TrackId, t.ClassId)).ShouldBe([(1, Person), (3, Bicycle), (2, Car), (4, Car)]);
    }

    [Fact]
    public void Detections_of_classes_not_asked_for_are_dropped()
    {
        var tracker = NewTracker(Person);
        var output = Run(tracker, [[Box(100, 100, Person), Box(300, 100, Car)], [Box(100, 100, Person), Box(300, 100, Car)]]);
        output[1].Select(t => (t.TrackId, t.ClassId)).ShouldBe([(1, Person)]);
        tracker.ClassesSeen.ShouldBe([Person]);
    }

    [Fact]
    public void Each_inner_tracker_gets_its_own_classs_detections_and_embeddings_every_frame()
    {
        var created = new Dictionary<int, RecordingTracker>();
        var tracker = new PerClassTracker(c => created[c] = new RecordingTracker());
        float[] e0 = [1, 0], e1 = [0, 1], e2 = [0.6f, 0.8f];
        tracker.Update(1, [Box(0, 0, Car), Box(10, 0, Person), Box(20, 0, Car)], [e0, e1, e2]);
        tracker.Update(3, [Box(10, 0, Person)], [null]);

        created.Keys.Order().ShouldBe([Person, Car]);
        created[Car].Calls.Select(c => (c.Frame, c.Xs, c.Embeddings)).ShouldBe(
            [(1, "0,20", "e,e"), (3, "", "")]);
        created[Person].Calls.Select(c => (c.Frame, c.Xs, c.Embeddings)).ShouldBe(
            [(1, "10", "e"), (3, "10", "-")]);
        created[Car].Received[0][1].ShouldBeSameAs(e2);
    }

    [Fact]
    public void Embeddings_must_match_the_detections_one_to_one()
    {
        Should.Throw<ArgumentException>(() => NewTracker(Person).Update(1, [Box(0, 0, Person)], []));
    }

    /// <summary>Records what it is given and reports one track per detection, with a class of its own choosing.</summary>
    private sealed class RecordingTracker : ITracker
    {
        private readonly List<TrackedObject> _output = [];
        public List<(int Frame, string Xs, string Embeddings)> Calls { get; } = [];
        public List<float[]?[]> Received { get; } = [];

        public IReadOnlyList<TrackedObject> Update(int frameNumber, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings = null, AffineWarp? cameraMotion = null)
        {
            var dets = detections.ToArray();
            Calls.Add((frameNumber, string.Join(',', dets.Select(d => d.Box.X)), embeddings is null ? "null" : string.Join(',', embeddings.Select(e => e is null ? "-" : "e"))));
            Received.Add(embeddings?.ToArray() ?? []);
            _output.Clear();
            for (int i = 0; i < dets.Length; i++) _output.Add(new TrackedObject(i + 1, dets[i].Box, dets[i].Score, ClassId: 77));
            return _output;
        }
    }

    [Fact]
    public void The_output_class_is_the_inner_trackers_class_whatever_it_reports()
    {
        var tracker = new PerClassTracker(_ => new RecordingTracker());
        tracker.Update(1, [Box(0, 0, Car)]).Single().ClassId.ShouldBe(Car);
    }
}

public sealed class PerClassTrackerMemoryTests
{
    [Fact]
    public void Ids_of_tracks_gone_longer_than_the_forget_window_are_forgotten_and_the_others_kept()
    {
        var tracker = new PerClassTracker(_ => TrackerFactory.Create(TrackerFactory.DefaultName, new TrackerSettings())) { ForgetAfterFrames = 10 };
        var person = new Detection(new BoundingBox(100, 100, 60, 100), 0.9, 0);
        var car = new Detection(new BoundingBox(400, 100, 60, 100), 0.9, 2);
        // Frames 1-5 a person and a car; then only the car, for 40 frames.
        for (int f = 1; f <= 45; f++)
        {
            var tracks = tracker.Update(f, f <= 5 ? [person, car] : [car]);
            tracks.Single(t => t.ClassId == 2).TrackId.ShouldBe(2, $"frame {f}: the car keeps its id");
        }

        tracker.RememberedIds.ShouldBe(1, "the person's id is forgotten once it was gone for 10 frames");
    }
}
