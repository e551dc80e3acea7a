using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Cache;
using MotTracker.Media;
using MotTracker.Tracking.MultiCamera;

namespace MotTracker.Engine.Mtmc;

/// <summary>What <c>mottrack mtmc</c> does: track each camera, then link tracklets across cameras.</summary>
public sealed record MtmcRequest
{
    /// <summary>One request per camera (the same tracker and models; the input differs). Models.Reid must be set.</summary>
    public required IReadOnlyList<TrackRequest> Cameras { get; init; }

    /// <summary>Where DIR/&lt;camera&gt;.txt go.</summary>
    public required string OutputDirectory { get; init; }

    public bool Overwrite { get; init; }

    public LinkSettings Link { get; init; } = new();

    /// <summary>Tracklets shorter than this (frames with a box) are dropped as noise.</summary>
    public int MinTrackletFrames { get; init; } = 10;

    /// <summary>One crop every this many of a tracklet's boxes goes into its mean appearance.</summary>
    public int SampleEvery { get; init; } = 5;

    /// <summary>Tracklets whose boxes' mean score (the detections' confidence the tracker reports) is below this are dropped.</summary>
    public double MinTrackletScore { get; init; }

    /// <summary>
    /// Tracklets whose box centre stays within this many (median) box heights of its start, over its whole
    /// life, are dropped: background clutter a detector keeps firing on never moves, while a person seen
    /// by a camera network walks into and out of views. 0 keeps every tracklet.
    /// </summary>
    public double MinTravel { get; init; } = 0.25;
}

/// <summary>One camera's part of a run.</summary>
public sealed record MtmcCamera(string Name, string OutputPath, int Frames, int Tracklets, int DroppedTracklets, int Boxes);

public sealed record MtmcResult(IReadOnlyList<MtmcCamera> Cameras, int GlobalIdentities, int LinkedIdentities);

/// <summary>
/// Multi-target multi-camera tracking: each camera is tracked on its own (the ordinary pipeline), each
/// tracklet gets a mean appearance (the ReID vectors of every <see cref="MtmcRequest.SampleEvery"/>-th of its
/// boxes, averaged and normalised, from a second read of the camera's frames), then
/// <see cref="CrossCameraLinker"/> joins tracklets into global identities and every camera's rows are written
/// with those ids. Results appear together or not at all (written to a hidden folder, then moved in).
/// </summary>
public static class MtmcRun
{
    public static MtmcResult Execute(MtmcRequest request, TrackingEngine engine, Action<string, int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(engine);
        if (request.Cameras.Count == 0) throw new TrackRequestException(null, "give at least one camera");
        if (request.Cameras[0].Models.Reid is null) throw new TrackRequestException("reid", "linking tracklets across cameras needs a ReID model (--reid)");
        if (request.MinTrackletFrames < 1) throw new TrackRequestException("min-tracklet", "--min-tracklet must be at least 1 frame");
        if (request.MinTrackletScore is < 0 or > 1 || double.IsNaN(request.MinTrackletScore)) throw new TrackRequestException("min-tracklet-score", "--min-tracklet-score must be between 0 and 1");
        if (request.MinTravel < 0 || double.IsNaN(request.MinTravel)) throw new TrackRequestException("min-travel", "--min-travel must be 0 or more box heights");
        if (request.SampleEvery < 1) throw new TrackRequestException("sample-every", "--sample-every must be at least 1");
        try { request.Link.Validate(); }
        catch (ArgumentOutOfRangeException ex) { throw new TrackRequestException(ex.ParamName == nameof(LinkSettings.MinSimilarity) ? "link-thresh" : "link-window", ex.Message.Split('\n')[0]); }

        // Every camera is prepared (inputs and models checked) before anything runs or is written.
        var jobs = new List<TrackJob>();
        try
        {
            foreach (var camera in request.Cameras) jobs.Add(engine.Prepare(ForTracking(camera)));
            var names = jobs.Select(j => j.Name).ToList();
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
                throw new TrackRequestException(null, $"two cameras have the same name ({string.Join(", ", names)}); each writes DIR/<name>.txt");
            string outDir = request.OutputDirectory;
            if (File.Exists(outDir)) throw new TrackRequestException("output", $"'{outDir}' is a file; give a folder");
            foreach (string name in names)
            {
                string path = Path.Combine(outDir, name + ".txt");
                if (File.Exists(path) && !request.Overwrite)
                    throw new TrackRequestException("output", $"'{path}' already exists; pass --overwrite to replace it");
            }

            Directory.CreateDirectory(outDir);
            string temp = Path.Combine(outDir, $".mtmc-partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(temp);
            try
            {
                var rows = new List<List<MotRow>>();
                var frames = new List<int>();
                foreach (var job in jobs)
                {
                    var collected = new List<MotRow>();
                    var outcome = job.Run(Path.Combine(temp, job.Name + ".local.txt"), new TrackRunOptions
                    {
                        ResultRows = collected,
                        Progress = p => progress?.Invoke(job.Name, p.FrameNumber),
                    }, cancellationToken);
                    rows.Add(collected);
                    frames.Add(outcome.Frames);
                }

                var tracklets = new List<Tracklet>();
                var dropped = new int[jobs.Count];
                // A detection cache carries a vector for every detection, so no model runs for it; the
                // embedder is opened only when some camera is read from its frames.
                bool anyFrames = request.Cameras.Any(c => !CacheManifest.IsCache(c.Input));
                using (var embedder = anyFrames ? engine.OpenEmbedder(request.Cameras[0].Models) : null)
                {
                    for (int c = 0; c < jobs.Count; c++)
                    {
                        var kept = rows[c].GroupBy(r => r.Id)
                            .Where(g => g.Count() >= request.MinTrackletFrames && g.Average(r => r.Score) >= request.MinTrackletScore && Travel(g) >= request.MinTravel)
                            .ToList();
                        dropped[c] = rows[c].Select(r => r.Id).Distinct().Count() - kept.Count;
                        var appearance = CacheManifest.IsCache(request.Cameras[c].Input)
                            ? CacheAppearance(request.Cameras[c].Input, kept, request.SampleEvery)
                            : Appearance(WithFrames(request.Cameras[c]).Input, kept, request.SampleEvery, embedder!, cancellationToken);
                        foreach (var g in kept)
                            tracklets.Add(new Tracklet(c, g.Key, g.Min(r => r.Frame), g.Max(r => r.Frame), appearance.GetValueOrDefault(g.Key)));
                    }
                }

                var global = CrossCameraLinker.Link(tracklets, request.Link);
                var idOf = new Dictionary<(int Camera, int Track), int>();
                for (int i = 0; i < tracklets.Count; i++) idOf[(tracklets[i].Camera, tracklets[i].TrackId)] = global[i];

                var cameras = new List<MtmcCamera>();
                for (int c = 0; c < jobs.Count; c++)
                {
                    var text = new StringWriter(CultureInfo.InvariantCulture);
                    int boxes = 0;
                    foreach (var r in rows[c].Where(r => idOf.ContainsKey((c, r.Id))).Select(r => r with { Id = idOf[(c, r.Id)] }).OrderBy(r => r.Frame).ThenBy(r => r.Id))
                    {
                        ResultFileWriter.WriteLine(text, r);
                        boxes++;
                    }
                    File.WriteAllText(Path.Combine(temp, jobs[c].Name + ".txt"), text.ToString());
                    cameras.Add(new MtmcCamera(jobs[c].Name, Path.Combine(outDir, jobs[c].Name + ".txt"), frames[c],
                        tracklets.Count(t => t.Camera == c), dropped[c], boxes));
                }
                foreach (var camera in cameras)
                    File.Move(Path.Combine(temp, camera.Name + ".txt"), camera.OutputPath, overwrite: true);
                int identities = global.Length == 0 ? 0 : global.Max();
                int linked = global.Select((id, i) => (id, tracklets[i].Camera)).GroupBy(x => x.id).Count(g => g.Select(x => x.Camera).Distinct().Count() > 1);
                return new MtmcResult(cameras, identities, linked);
            }
            finally
            {
                try { Directory.Delete(temp, recursive: true); }
                catch (IOException) { }
            }
        }
        finally
        {
            foreach (var job in jobs) job.Dispose();
        }
    }

    /// <summary>
    /// How far a tracklet's box centre gets: the diagonal of the rectangle all its centres lie in, in
    /// units of its median box height (so near and far people compare).
    /// </summary>
    internal static double Travel(IEnumerable<MotRow> rows)
    {
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        var heights = new List<double>();
        foreach (var r in rows)
        {
            double cx = r.Box.X + r.Box.Width / 2, cy = r.Box.Y + r.Box.Height / 2;
            (minX, maxX, minY, maxY) = (Math.Min(minX, cx), Math.Max(maxX, cx), Math.Min(minY, cy), Math.Max(maxY, cy));
            heights.Add(r.Box.Height);
        }
        if (heights.Count == 0) return 0;
        heights.Sort();
        double median = heights.Count % 2 == 1 ? heights[heights.Count / 2] : (heights[heights.Count / 2 - 1] + heights[heights.Count / 2]) / 2;
        return median > 0 ? Math.Sqrt((maxX - minX) * (maxX - minX) + (maxY - minY) * (maxY - minY)) / median : 0;
    }

    /// <summary>The camera's tracking request: a tracker that ignores appearance runs without ReID (the model is only for linking).</summary>
    private static TrackRequest ForTracking(TrackRequest camera)
    {
        camera = WithFrames(camera);
        // A cache keeps --reid: replaying it checks that the cache's vectors come from that model.
        if (CacheManifest.IsCache(camera.Input)) return camera;
        bool usesAppearance;
        try { usesAppearance = Tracking.TrackerFactory.Describe(camera.Tracker).UsesAppearance; }
        catch (ArgumentException) { return camera; } // an unknown tracker: Prepare says so
        return usesAppearance ? camera : camera with { Models = camera.Models with { Reid = null } };
    }

    /// <summary>A sequence folder without an image folder is tracked from the video inside it (what synth writes).</summary>
    private static TrackRequest WithFrames(TrackRequest camera)
    {
        string input = camera.Input;
        if (Directory.Exists(input) && File.Exists(Path.Combine(input, SeqInfo.FileName)) && !File.Exists(Path.Combine(input, "det", "det.txt")))
        {
            var info = SeqInfo.ReadFromDirectory(input);
            if (!Directory.Exists(Path.Combine(input, info.ImageDirectory)))
                return camera with { Input = Reid.ReidEvaluation.FramesOf(input, info) };
        }
        return camera;
    }

    /// <summary>Mean unit appearance per track id: every n-th box of each track embedded from the frames.</summary>
    private static Dictionary<int, float[]> Appearance(string input, IReadOnlyList<IGrouping<int, MotRow>> tracks, int every, IAppearanceEmbedder embedder, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<int, List<MotRow>>();
        foreach (var track in tracks)
        {
            int k = 0;
            foreach (var row in track.OrderBy(r => r.Frame))
            {
                if (k++ % every != 0) continue;
                if (!wanted.TryGetValue(row.Frame, out var list)) wanted[row.Frame] = list = [];
                list.Add(row);
            }
        }
        var sums = new Dictionary<int, double[]>();
        if (wanted.Count == 0) return [];
        int last = wanted.Keys.Max();
        using var source = FrameSources.Open(input);
        foreach (var frame in source.ReadFrames(cancellationToken))
        {
            if (frame.FrameNumber > last) break;
            if (!wanted.TryGetValue(frame.FrameNumber, out var list)) continue;
            // The rows hold the tracker's own boxes (image pixels, as the result file writes them).
            var boxes = list.Select(r => r.Box.ClipTo(frame.Image.Width, frame.Image.Height)).ToArray();
            var keep = Enumerable.Range(0, boxes.Length).Where(i => boxes[i].Width >= 4 && boxes[i].Height >= 8).ToArray();
            if (keep.Length == 0) continue;
            var vectors = embedder.Embed(frame.Image, keep.Select(i => boxes[i]).ToArray());
            for (int k = 0; k < keep.Length; k++)
            {
                int id = list[keep[k]].Id;
                if (!sums.TryGetValue(id, out var sum)) sums[id] = sum = new double[vectors[k].Length];
                for (int d = 0; d < sum.Length; d++) sum[d] += vectors[k][d];
            }
        }
        return Normalised(sums);
    }

    /// <summary>Each tracker box counts as the cached detection it overlaps most (IoU at least this).</summary>
    private const double CacheMatchIoU = 0.5;

    /// <summary>
    /// Mean unit appearance per track id from a detection cache: every n-th box of each track takes the
    /// cached vector of the detection in that frame it overlaps most (the tracker reports its filtered
    /// box, not the detection's), none below <see cref="CacheMatchIoU"/>. The cache embedded the
    /// detector's boxes where a run from frames embeds the tracker's, so the two differ slightly.
    /// </summary>
    private static Dictionary<int, float[]> CacheAppearance(string folder, IReadOnlyList<IGrouping<int, MotRow>> tracks, int every)
    {
        var manifest = CacheManifest.Read(folder);
        string npyPath = Path.Combine(folder, CacheManifest.EmbeddingsFile);
        if (manifest.Reid is null)
            throw new TrackRequestException("reid", $"the detection cache '{folder}' has no appearance vectors (made without --reid): linking needs them; make it again with mottrack detect --reid");
        string detPath = Path.Combine(folder, "det", "det.txt");
        var detections = MotFileReader.Read(detPath, MotFileKind.Detections);
        var byFrame = MotRows.GroupByFrame(detections.Select((r, i) => r with { Id = i }).ToList());
        var wanted = new Dictionary<int, List<int>>();
        foreach (var track in tracks)
        {
            int k = 0;
            foreach (var row in track.OrderBy(r => r.Frame))
            {
                if (k++ % every != 0 || row.Frame >= byFrame.Length) continue;
                int best = -1;
                double bestIoU = CacheMatchIoU;
                foreach (var d in byFrame[row.Frame])
                {
                    double iou = BoundingBox.IoU(row.Box, d.Box);
                    if (iou >= bestIoU) (best, bestIoU) = (d.Id, iou);
                }
                if (best < 0) continue;
                if (!wanted.TryGetValue(best, out var list)) wanted[best] = list = [];
                list.Add(track.Key);
            }
        }
        var sums = new Dictionary<int, double[]>();
        using var reader = NpyFloat32.Reader.Open(npyPath);
        if (reader.Rows != detections.Count)
            throw new MotFormatException(npyPath, 0, "shape", $"{reader.Rows} rows, but det/det.txt has {detections.Count}");
        int last = wanted.Count == 0 ? -1 : wanted.Keys.Max();
        for (int i = 0; i <= last; i++)
        {
            var vector = reader.Next();
            if (!wanted.TryGetValue(i, out var users)) continue;
            foreach (int id in users)
            {
                if (!sums.TryGetValue(id, out var sum)) sums[id] = sum = new double[vector.Length];
                for (int d = 0; d < sum.Length; d++) sum[d] += vector[d];
            }
        }
        return Normalised(sums);
    }

    private static Dictionary<int, float[]> Normalised(Dictionary<int, double[]> sums)
    {
        var result = new Dictionary<int, float[]>();
        foreach (var (id, sum) in sums)
        {
            double norm = Math.Sqrt(sum.Sum(v => v * v));
            if (norm > 0) result[id] = sum.Select(v => (float)(v / norm)).ToArray();
        }
        return result;
    }
}
