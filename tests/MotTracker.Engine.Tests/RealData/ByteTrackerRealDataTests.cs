using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using MotTracker.Tests;

namespace MotTracker.Engine.Tests.RealData;

/// <summary>ByteTrack over the public detections of all seven MOT17 training sequences, through the Engine.</summary>
public sealed class ByteTrackerRealDataTests
{
    public static TheoryData<string> Sequences => new(TestData.Mot17Sequences);

    private static (SeqInfo Info, List<(int Frame, TrackedObject Track)> Output) Track(string sequence)
    {
        string dir = TestData.Mot17Sequence(sequence);
        using var folder = new TempDirectory();
        var run = OfflineScoreboard.Track(new TrackRequest { Input = dir }, folder);
        var output = run.Rows.ConvertAll(r => (r.Frame, new TrackedObject(r.Id, r.Box, r.Score)));
        return (SeqInfo.ReadFromDirectory(dir), output);
    }

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Every_sequence_tracks_with_unique_ids_per_frame(string sequence)
    {
        var (info, output) = Track(sequence);

        output.ShouldNotBeEmpty();
        output.ShouldAllBe(o => o.Frame >= 1 && o.Frame <= info.SequenceLength);
        output.GroupBy(o => o.Frame).ShouldAllBe(g => g.Select(o => o.Track.TrackId).Distinct().Count() == g.Count());
        output.Min(o => o.Track.TrackId).ShouldBe(1);
        output.ShouldAllBe(o => o.Track.Box.Width * o.Track.Box.Height > 10 && o.Track.Box.Width / o.Track.Box.Height <= 1.6);
        // Tracks are long-lived, not re-created every frame.
        double boxesPerTrack = output.Count / (double)output.Select(o => o.Track.TrackId).Distinct().Count();
        boxesPerTrack.ShouldBeGreaterThan(20);
    }
}
