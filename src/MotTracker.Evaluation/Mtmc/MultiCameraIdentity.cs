using MotTracker.Core.MotChallenge;

namespace MotTracker.Evaluation.Mtmc;

/// <summary>Multi-camera identity scores: IDF1, IDP, IDR over all cameras jointly.</summary>
/// <param name="MinCameras">Gt identities seen by fewer cameras were left out (1: every identity scored).</param>
/// <param name="GtIdentities">Scored gt identities; <paramref name="MultiCameraGtIdentities"/> of them are seen by two or more cameras.</param>
public sealed record MultiCameraScores(
    double Idf1, double Idp, double Idr, long Idtp, long Idfn, long Idfp,
    int Cameras, int MinCameras, int GtIdentities, int MultiCameraGtIdentities, int TrackerIdentities, long RemovedTrackerRows);

/// <summary>
/// The multi-camera identity metrics as the AI City Challenge (CityFlow, Tang et al. 2019) defines them:
/// Ristani's IDF1/IDP/IDR where the one-to-one matching of gt identities to tracker identities is global
/// over every (camera, frame) box of every camera. A gt id and a tracker id are the same person in every
/// camera, so a tracker that gives a person a different id in each camera can match only one of them and
/// loses the rest as IDFN and IDFP.
/// </summary>
/// <remarks>
/// Per camera the sequence goes through the benchmark's own preprocessing (MOT17: distractors removed,
/// only pedestrian gt scored), then for each frame a gt box and a tracker box count as overlapping when
/// IoU ≥ 0.5, as in <see cref="Metrics.IdentityMetric"/>; the overlap counts of each (gt id, tracker id)
/// pair are summed over all cameras and one maximising assignment is solved.
/// With <c>minCameras</c> above 1 (CityFlow scores only vehicles seen by two or more cameras), gt ids seen
/// by fewer cameras are left out, and so are the tracker boxes that the per-frame matching (maximum IoU,
/// IoU ≥ 0.5) gives to one of their boxes: tracking a person whom the rule does not score is neither
/// rewarded nor punished, as the MOT17 rules treat distractors. Other tracker boxes stay as false positives.
/// </remarks>
public static class MultiCameraIdentity
{
    private const double Threshold = 0.5;

    /// <summary>Reads and scores the cameras (each an <see cref="EvaluationSequence"/> whose ids are global).</summary>
    /// <exception cref="MotFormatException">A file is malformed.</exception>
    public static MultiCameraScores Evaluate(MotChallengeBenchmark rules, IReadOnlyList<EvaluationSequence> cameras, int minCameras = 1, ResultRows resultRows = ResultRows.Pedestrian)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(cameras);
        var data = cameras.Select(c =>
        {
            var gt = MotFileReader.Read(c.GroundTruthFile, MotFileKind.GroundTruth);
            var results = ResultRowSelection.Select(MotFileReader.Read(c.ResultsFile, MotFileKind.Results), c.ResultsFile, resultRows);
            return rules.Preprocess(c.Name, c.SequenceLength, gt, c.GroundTruthFile, results, c.ResultsFile, keepSources: true);
        }).ToArray();
        return Evaluate(data, minCameras);
    }

    /// <summary>Scores preprocessed cameras; each must carry its <see cref="SequenceData.Sources"/> (the file ids).</summary>
    public static MultiCameraScores Evaluate(IReadOnlyList<SequenceData> cameras, int minCameras = 1)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCameras, 1);
        if (cameras.Any(c => c.Sources is null))
            throw new ArgumentException("multi-camera scoring needs the file ids: preprocess with keepSources", nameof(cameras));

        // How many cameras see each gt id decides which ids are scored.
        var camerasOf = new Dictionary<int, int>();
        foreach (var camera in cameras)
        {
            var src = camera.Sources!;
            foreach (int id in src.GtRowOf.Select(k => src.GtRows[k].Id).Distinct())
                camerasOf[id] = camerasOf.GetValueOrDefault(id) + 1;
        }
        bool Scored(int gtId) => camerasOf[gtId] >= minCameras;

        var gtIndex = new Dictionary<int, int>();
        var trIndex = new Dictionary<int, int>();
        var overlap = new Dictionary<(int Gt, int Tr), long>();
        long gtBoxes = 0, trBoxes = 0, removed = 0;
        var assignment = new ScipyAssignment();
        foreach (var camera in cameras)
        {
            var src = camera.Sources!;
            for (int t = 0; t < camera.Timesteps; t++)
            {
                int gOffset = camera.GtOffset(t), rOffset = camera.TrackerOffset(t);
                int gCount = camera.GtIds(t).Length, rCount = camera.TrackerIds(t).Length;
                var sim = camera.Similarity(t);
                var gtIds = new int[gCount];
                for (int i = 0; i < gCount; i++) gtIds[i] = src.GtRows[src.GtRowOf[gOffset + i]].Id;
                var keep = new bool[rCount];
                Array.Fill(keep, true);
                if (gtIds.Any(id => !Scored(id)) && rCount > 0)
                {
                    // The per-frame matching decides which tracker boxes belong to a person left out.
                    var score = new double[gCount * rCount];
                    for (int k = 0; k < score.Length; k++) score[k] = sim[k] >= Threshold ? sim[k] : 0;
                    int pairs = Math.Min(gCount, rCount);
                    var rows = new int[pairs];
                    var cols = new int[pairs];
                    int n = assignment.Maximize(score, gCount, rCount, rows, cols, new double[score.Length]);
                    for (int p = 0; p < n; p++)
                    {
                        if (score[rows[p] * rCount + cols[p]] > 0 && !Scored(gtIds[rows[p]]))
                        {
                            keep[cols[p]] = false;
                            removed++;
                        }
                    }
                }
                var trIds = new int[rCount];
                for (int j = 0; j < rCount; j++) trIds[j] = src.TrackerRows[src.TrackerRowOf[rOffset + j]].Id;
                for (int j = 0; j < rCount; j++)
                {
                    if (!keep[j]) continue;
                    trBoxes++;
                    trIndex.TryAdd(trIds[j], trIndex.Count);
                }
                for (int i = 0; i < gCount; i++)
                {
                    if (!Scored(gtIds[i])) continue;
                    gtBoxes++;
                    gtIndex.TryAdd(gtIds[i], gtIndex.Count);
                    for (int j = 0; j < rCount; j++)
                    {
                        if (keep[j] && sim[i * rCount + j] >= Threshold)
                            overlap[(gtIds[i], trIds[j])] = overlap.GetValueOrDefault((gtIds[i], trIds[j])) + 1;
                    }
                }
            }
        }

        long idtp = 0;
        int gts = gtIndex.Count, trs = trIndex.Count;
        if (gts > 0 && trs > 0 && overlap.Count > 0)
        {
            var matrix = new double[gts * trs];
            foreach (var ((g, r), count) in overlap) matrix[gtIndex[g] * trs + trIndex[r]] = count;
            int pairs = Math.Min(gts, trs);
            var rows = new int[pairs];
            var cols = new int[pairs];
            int n = assignment.Maximize(matrix, gts, trs, rows, cols, new double[matrix.Length]);
            for (int p = 0; p < n; p++) idtp += (long)matrix[rows[p] * trs + cols[p]];
        }
        long idfn = gtBoxes - idtp, idfp = trBoxes - idtp;
        return new MultiCameraScores(
            Idf1: idtp / Math.Max(1.0, idtp + 0.5 * idfp + 0.5 * idfn),
            Idp: idtp / Math.Max(1.0, idtp + idfp),
            Idr: idtp / Math.Max(1.0, idtp + idfn),
            idtp, idfn, idfp, cameras.Count, minCameras,
            GtIdentities: gts,
            MultiCameraGtIdentities: camerasOf.Count(kv => kv.Value >= 2),
            TrackerIdentities: trs,
            RemovedTrackerRows: removed);
    }
}
