namespace MotTracker.Evaluation.Reid;

/// <summary>One image of a ReID query/gallery split: its identity and camera.</summary>
/// <param name="Identity">Person id; 0 is a distractor (kept, never a match), a negative id is junk (dropped).</param>
/// <param name="Camera">Camera id; a gallery image of the query's own identity and camera is not a valid match.</param>
public readonly record struct ReidLabel(int Identity, int Camera);

/// <summary>Rank-k accuracy (the CMC curve) and mAP of one query/gallery split.</summary>
/// <param name="Cmc">Cmc[k] is the share (0–1) of scored queries whose first true match ranks k+1 or better.</param>
/// <param name="MeanAveragePrecision">Mean over scored queries of the average precision (0–1).</param>
/// <param name="ScoredQueries">Queries with at least one valid match in the gallery.</param>
/// <param name="SkippedQueries">Queries without any valid match (junk queries included): not scored.</param>
public sealed record ReidScores(double[] Cmc, double MeanAveragePrecision, int ScoredQueries, int SkippedQueries, int GalleryImages)
{
    /// <summary>Rank-k accuracy (0–1); past the end of the curve, the last point (every query matched by then).</summary>
    public double Rank(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return Cmc.Length == 0 ? 0 : Cmc[Math.Min(k, Cmc.Length) - 1];
    }
}

/// <summary>
/// The Market-1501 evaluation protocol (Zheng et al. 2015, as open-reid and torchreid compute it): for each
/// query the gallery is ranked by distance; gallery images of the same identity seen by the same camera
/// are removed (finding them is not re-identification), junk images (negative id) are removed, identity 0
/// (distractors) stays as a negative. A query whose remaining gallery holds no image of its identity is
/// skipped. CMC: share of queries whose first match is within rank k; AP: mean of the precision at each
/// true match's rank.
/// </summary>
public static class ReidMetrics
{
    /// <summary>Ranks kept in the CMC curve.</summary>
    public const int DefaultMaxRank = 50;

    /// <summary>Cosine distance (1 − dot product of unit vectors) between every query and gallery vector.</summary>
    public static double[] CosineDistances(IReadOnlyList<float[]> queries, IReadOnlyList<float[]> gallery)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(gallery);
        var distance = new double[queries.Count * gallery.Count];
        for (int q = 0; q < queries.Count; q++)
        {
            var a = queries[q];
            for (int g = 0; g < gallery.Count; g++)
            {
                var b = gallery[g];
                if (a.Length != b.Length) throw new ArgumentException($"query {q} has {a.Length} dimensions, gallery image {g} {b.Length}");
                double dot = 0;
                for (int i = 0; i < a.Length; i++) dot += (double)a[i] * b[i];
                distance[q * gallery.Count + g] = 1 - dot;
            }
        }
        return distance;
    }

    /// <summary>Scores a row-major distance matrix (queries × gallery; smaller is more alike).</summary>
    /// <remarks>Equal distances keep gallery order (a stable sort), so the result does not depend on the sort's whims.</remarks>
    public static ReidScores Evaluate(ReadOnlySpan<double> distance, IReadOnlyList<ReidLabel> queries, IReadOnlyList<ReidLabel> gallery, int maxRank = DefaultMaxRank)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(gallery);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRank, 1);
        int n = gallery.Count;
        if (distance.Length != queries.Count * n)
            throw new ArgumentException($"distance matrix has {distance.Length} cells; {queries.Count} queries × {n} gallery images need {queries.Count * n}");

        var hits = new long[maxRank];
        double apSum = 0;
        int scored = 0, skipped = 0;
        var order = new int[n];
        var keys = new double[n];
        for (int q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            if (query.Identity <= 0) { skipped++; continue; }
            for (int g = 0; g < n; g++) { order[g] = g; keys[g] = distance[q * n + g]; }
            // Array.Sort is not stable; sorting (distance, index) pairs makes ties fall in gallery order.
            Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));

            int rank = 0, found = 0, firstMatch = -1;
            double precisionSum = 0;
            foreach (int g in order)
            {
                var item = gallery[g];
                if (item.Identity < 0) continue;
                if (item.Identity == query.Identity && item.Camera == query.Camera) continue;
                rank++;
                if (item.Identity != query.Identity) continue;
                found++;
                if (firstMatch < 0) firstMatch = rank;
                precisionSum += found / (double)rank;
            }
            if (found == 0) { skipped++; continue; }
            scored++;
            apSum += precisionSum / found;
            for (int k = firstMatch - 1; k < maxRank; k++) hits[k]++;
        }

        var cmc = new double[maxRank];
        for (int k = 0; k < maxRank; k++) cmc[k] = scored == 0 ? 0 : hits[k] / (double)scored;
        return new ReidScores(cmc, scored == 0 ? 0 : apSum / scored, scored, skipped, n);
    }
}
