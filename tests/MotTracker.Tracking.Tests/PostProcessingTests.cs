using MotTracker.Core.MotChallenge;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Tracking.Tests;

public sealed class PostProcessingTests
{
    private static MotRow Row(int frame, int id, double x, double y = 50, double w = 40, double h = 100, double score = 0.9) =>
        new(frame, id, new BoundingBox(x, y, w, h), score, -1, -1);

    [Fact]
    public void Interpolation_fills_exactly_the_gaps_of_at_most_max_gap_missing_frames()
    {
        // Track 1: frames 1, 3 (1 missing), 24 (20 missing), 46 (21 missing: left alone). Track 2 has no gap.
        var rows = new List<MotRow>
        {
            Row(46, 1, 460), Row(1, 1, 10), Row(3, 1, 30), Row(24, 1, 240, h: 121),
            Row(2, 2, 500), Row(1, 2, 490),
        };

        var result = TrackPostProcessing.Apply(rows, PostProcessKind.Interpolate, new PostProcessOptions { MaxGap = 20 });

        var track1 = result.Where(r => r.Id == 1).ToList();
        track1.Select(r => r.Frame).ShouldBe([1, 2, .. Enumerable.Range(3, 22), 46]);
        var added = track1.Where(r => r.Score == TrackPostProcessing.InterpolatedScore).Select(r => r.Frame).ToList();
        added.ShouldBe([2, .. Enumerable.Range(4, 20)]);
        track1.Single(r => r.Frame == 2).Box.ShouldBe(new BoundingBox(20, 50, 40, 100));
        // Frame 13 is 10/21 of the way from frame 3 to frame 24.
        var mid = track1.Single(r => r.Frame == 13).Box;
        mid.X.ShouldBe(30 + 210 * 10 / 21.0, 1e-9);
        mid.Height.ShouldBe(100 + 21 * 10 / 21.0, 1e-9);
        result.Count(r => r.Id == 2).ShouldBe(2);
        result.Count.ShouldBe(rows.Count + 21);
        result.ShouldBe(result.OrderBy(r => r.Frame).ThenBy(r => r.Id).ToList());
    }

    [Fact]
    public void Interpolation_with_max_gap_zero_and_no_post_processing_change_nothing_but_the_order()
    {
        var rows = new List<MotRow> { Row(5, 1, 50), Row(1, 2, 0), Row(1, 1, 10) };
        TrackPostProcessing.Apply(rows, PostProcessKind.Interpolate, new PostProcessOptions { MaxGap = 0 })
            .ShouldBe([rows[2], rows[1], rows[0]]);
        TrackPostProcessing.Apply(rows, PostProcessKind.None).ShouldBe([rows[2], rows[1], rows[0]]);
    }

    [Fact]
    public void Gsi_keeps_a_straight_line_track_within_a_hundredth_of_a_pixel()
    {
        var rows = Enumerable.Range(1, 80)
            .Select(f => Row(f, 7, 300 + 3.5 * f, 200 - 1.25 * f, 50 + 0.1 * f, 120 + 0.2 * f))
            .ToList();

        var smoothed = TrackPostProcessing.Apply(rows, PostProcessKind.Gsi);

        smoothed.Count.ShouldBe(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            smoothed[i].Frame.ShouldBe(rows[i].Frame);
            smoothed[i].Score.ShouldBe(0.9);
            smoothed[i].Box.X.ShouldBe(rows[i].Box.X, 0.01);
            smoothed[i].Box.Y.ShouldBe(rows[i].Box.Y, 0.01);
            smoothed[i].Box.Width.ShouldBe(rows[i].Box.Width, 0.01);
            smoothed[i].Box.Height.ShouldBe(rows[i].Box.Height, 0.01);
        }
    }

    [Fact]
    public void Gsi_brings_a_noisy_short_track_closer_to_the_true_path()
    {
        // 30 frames on a line with ±4 px of deterministic noise on x and y, one 5-frame gap.
        var random = new Random(11);
        double TrueX(int f) => 600 - 2 * f;
        double TrueY(int f) => 300 + 0.5 * f;
        var rows = Enumerable.Range(1, 30).Where(f => f is < 12 or > 16)
            .Select(f => Row(f, 3, TrueX(f) + (random.NextDouble() * 8 - 4), TrueY(f) + (random.NextDouble() * 8 - 4)))
            .ToList();
        double noisyError = rows.Sum(r => Math.Abs(r.Box.X - TrueX(r.Frame)) + Math.Abs(r.Box.Y - TrueY(r.Frame)));

        var smoothed = TrackPostProcessing.Apply(rows, PostProcessKind.Gsi);

        smoothed.Select(r => r.Frame).ShouldBe(Enumerable.Range(1, 30));
        smoothed.Where(r => r.Frame is >= 12 and <= 16).ShouldAllBe(r => r.Score == TrackPostProcessing.InterpolatedScore);
        double smoothedError = smoothed.Where(r => r.Frame is < 12 or > 16)
            .Sum(r => Math.Abs(r.Box.X - TrueX(r.Frame)) + Math.Abs(r.Box.Y - TrueY(r.Frame)));
        smoothedError.ShouldBeLessThan(noisyError * 0.6);
    }

    [Fact]
    public void Gsi_length_scale_follows_strongsort_rule()
    {
        // clip(τ·ln(τ³/n), 1/τ, τ²) with τ = 10.
        GaussianSmoothedInterpolation.LengthScale(100, 10).ShouldBe(10 * Math.Log(10), 1e-12);
        GaussianSmoothedInterpolation.LengthScale(1, 10).ShouldBe(10 * Math.Log(1000), 1e-12);
        GaussianSmoothedInterpolation.LengthScale(1000, 10).ShouldBe(0.1);
        GaussianSmoothedInterpolation.LengthScale(5000, 10).ShouldBe(0.1);
    }

    [Fact]
    public void Two_boxes_of_one_track_in_one_frame_are_rejected()
    {
        Should.Throw<ArgumentException>(() => TrackPostProcessing.Apply([Row(1, 1, 0), Row(1, 1, 5)], PostProcessKind.Gsi));
        Should.Throw<ArgumentException>(() => TrackPostProcessing.Apply([], PostProcessKind.Gsi, new PostProcessOptions { MaxGap = -1 }))
            .ParamName.ShouldBe("max-gap");
    }

    [Fact]
    public void Head_padding_keeps_whole_runs_of_at_least_min_run_frames_and_fills_gaps_only_between_them()
    {
        // Runs of track 1: frames 1-3 (3 boxes: dropped), 6-9 (4: kept from its first box), 12 (1: dropped),
        // 15-19 (5: kept). The gap 9 -> 15 is then filled; nothing is added before frame 6.
        int[] frames = [1, 2, 3, 6, 7, 8, 9, 12, 15, 16, 17, 18, 19];
        var rows = frames.Select(f => Row(f, 1, 10 * f)).ToList();

        var result = TrackPostProcessing.Apply(rows, PostProcessKind.Interpolate, new PostProcessOptions { MaxGap = 20, MinRunLength = 4 });

        result.Select(r => r.Frame).ShouldBe(Enumerable.Range(6, 14));
        result.Where(r => r.Score == TrackPostProcessing.InterpolatedScore).Select(r => r.Frame).ShouldBe([10, 11, 12, 13, 14]);
        result.Single(r => r.Frame == 12).Box.X.ShouldBe(120, 1e-9); // the dropped lone box is replaced by the line
        TrackPostProcessing.Apply(rows, PostProcessKind.None, new PostProcessOptions { MinRunLength = 4 }).Count.ShouldBe(9);
    }
}
