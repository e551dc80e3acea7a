using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
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
                using (var embedder = engine.OpenEmbedder(request.Cameras[0].Models))
                {
                    for (int c = 0; c < jobs.Count; c++)
                    {
                        var kept = rows[c].GroupBy(r => r.Id).Where(g => g.Count() >= request.MinTrackletFrames).ToList();
                        dropped[c] = rows[c].Select(r => r.Id).Distinct().Count() - kept.Count;
                        var appearance = Appearance(WithFrames(request.Cameras[c]).Input, kept, request.SampleEvery, embedder, cancellationToken);
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

    /// <summary>The camera's tracking request: a tracker that ignores appearance runs without ReID (the model is only for linking).</summary>
    private static TrackRequest ForTracking(TrackRequest camera)
    {
        camera = WithFrames(camera);
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
        var result = new Dictionary<int, float[]>();
        foreach (var (id, sum) in sums)
        {
            double norm = Math.Sqrt(sum.Sum(v => v * v));
            if (norm > 0) result[id] = sum.Select(v => (float)(v / norm)).ToArray();
        }
        return result;
    }
}
