using MotTracker.Core.MotChallenge;

namespace MotTracker.Tracking.PostProcessing;

/// <summary>
/// Offline post-processing of a whole sequence's result rows, track by track: linear interpolation of
/// short gaps, or GSI. It runs on the rows that would be written, that is after the people-only
/// <see cref="OutputFilter"/>, as the reference tools do (StrongSORT's GSI.py and ByteTrack's
/// interpolation.py read finished result files). A box interpolated between two boxes that pass the filter
/// passes it too (w/h and w·h of a convex combination stay within the bounds), so the filter need not run again.
/// </summary>
public static class TrackPostProcessing
{
    /// <summary>Confidence given to every box that interpolation adds (real boxes keep their score).</summary>
    public const double InterpolatedScore = -1;

    /// <summary>
    /// Links tracklets when <see cref="PostProcessOptions.Link"/> is set, then applies <paramref name="kind"/> to <paramref name="rows"/> (any order; ids group boxes into tracks) and
    /// returns new rows sorted by frame, then id. Runs shorter than <see cref="PostProcessOptions.MinRunLength"/>
    /// are dropped first, whatever the kind (with <see cref="PostProcessKind.None"/> too), so a caller runs this
    /// step for every tracker and every kind, starting from <see cref="TrackerFactory.PostProcessDefaults"/>. Boxes added by interpolation carry confidence
    /// <see cref="InterpolatedScore"/> (-1) and the class and visibility columns of the box before the gap;
    /// GSI moves every box of a track, real or added, to its smoothed position.
    /// </summary>
    public static List<MotRow> Apply(IReadOnlyList<MotRow> rows, PostProcessKind kind, PostProcessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new PostProcessOptions();
        options.Validate();
        var result = new List<MotRow>(rows.Count);
        var tracks = new List<List<MotRow>>();
        foreach (var whole in SplitByTrack(rows))
        {
            var track = DropShortRuns(whole, options.MinRunLength);
            if (track.Count > 0) tracks.Add(track);
        }
        // Linking first, so interpolation and GSI fill and smooth the joined gaps too.
        if (options.Link is { } link) tracks = TrackletLinking.Link(tracks, link);
        foreach (var track in tracks)
        {
            var processed = kind switch
            {
                PostProcessKind.None => track,
                PostProcessKind.Interpolate => LinearInterpolation.Fill(track, options.MaxGap),
                PostProcessKind.Gsi => GaussianSmoothedInterpolation.Smooth(LinearInterpolation.Fill(track, options.MaxGap), options.Tau),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown post-processing"),
            };
            result.AddRange(processed);
        }
        result.Sort(static (a, b) => a.Frame != b.Frame ? a.Frame.CompareTo(b.Frame) : a.Id.CompareTo(b.Id));
        return result;
    }

    /// <summary>The boxes of <paramref name="track"/> that lie in runs of at least <paramref name="minRun"/> consecutive frames.</summary>
    private static List<MotRow> DropShortRuns(List<MotRow> track, int minRun)
    {
        if (minRun <= 1) return track;
        var kept = new List<MotRow>(track.Count);
        int start = 0;
        for (int i = 1; i <= track.Count; i++)
        {
            if (i < track.Count && track[i].Frame == track[i - 1].Frame + 1) continue;
            if (i - start >= minRun) for (int k = start; k < i; k++) kept.Add(track[k]);
            start = i;
        }
        return kept;
    }

    /// <summary>One list per id, each sorted by frame.</summary>
    private static IEnumerable<List<MotRow>> SplitByTrack(IReadOnlyList<MotRow> rows)
    {
        var byId = new Dictionary<int, List<MotRow>>();
        foreach (var row in rows)
        {
            if (!byId.TryGetValue(row.Id, out var list)) byId[row.Id] = list = [];
            list.Add(row);
        }
        foreach (var list in byId.Values)
        {
            list.Sort(static (a, b) => a.Frame.CompareTo(b.Frame));
            for (int i = 1; i < list.Count; i++)
                if (list[i].Frame == list[i - 1].Frame)
                    throw new ArgumentException($"track {list[i].Id} has two boxes in frame {list[i].Frame}", nameof(rows));
            yield return list;
        }
    }
}
