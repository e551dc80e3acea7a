using System.Globalization;
using System.Text;
using MotTracker.Core.MotChallenge;
using OpenCvSharp;

namespace MotTracker.Media.Synthesis;

/// <summary>What a written scene holds, counted from its script and its rendered ground truth.</summary>
public sealed record SceneSummary(
    string Name,
    string Directory,
    string VideoPath,
    int Frames,
    int People,
    int GroundTruthRows,
    int Walks,
    int Encounters,
    int SimilarPairEncounters,
    int Crossings,
    int OcclusionEpisodes,
    int DeepOcclusionEpisodes,
    int Reentries,
    double MeanPeopleInView);

/// <summary>
/// Writes a scene in MOTChallenge layout: <c>&lt;dir&gt;/&lt;name&gt;/</c> with <c>seqinfo.ini</c>,
/// <c>gt/gt.txt</c>, the video <c>&lt;name&gt;.avi</c> (Motion JPEG: every frame a JPEG, so OpenCV's
/// own writer makes the same bytes on every run and any decoder reads it), <c>camera.txt</c> and a
/// NOTICE about the MOT17 pixels inside. Everything goes to a hidden folder first and is renamed into
/// place at the end, so a failed run leaves no half scene.
/// </summary>
public static class SceneWriter
{
    /// <summary>An occlusion episode: frames in a row where one person hides at least this share of another.</summary>
    public const double OcclusionShare = 0.3;

    /// <summary>A deep occlusion hides at least this share.</summary>
    public const double DeepOcclusionShare = 0.7;

    public const string NoticeFileName = "NOTICE.txt";
    public const string CameraFileName = "camera.txt";

    public static string VideoFileName(string name) => name + ".avi";

    /// <param name="benchmarkDirectory">The folder that will hold the sequence folder (what <c>mottrack eval --gt</c> takes).</param>
    /// <param name="overwrite">Replace an existing sequence folder of the same name.</param>
    /// <param name="progress">Called after each frame with the frame number.</param>
    /// <exception cref="IOException">The sequence folder exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static SceneSummary Write(SyntheticScene scene, string benchmarkDirectory, bool overwrite, Action<int>? progress = null)
    {
        OpenCvRuntime.EnsureInitialized();
        var options = scene.Options;
        string name = options.ResolvedName;
        string target = Path.Combine(Path.GetFullPath(benchmarkDirectory), name);
        if ((Directory.Exists(target) || File.Exists(target)) && !overwrite)
            throw new IOException($"scene folder '{target}' already exists; pass --overwrite to replace it");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = Path.Combine(Path.GetDirectoryName(target)!, $".{name}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(temp, "gt"));
        try
        {
            var stats = WriteContent(scene, temp, name, scene.Render, null, progress);
            Replace(temp, target);
            return stats with { Directory = target, VideoPath = Path.Combine(target, VideoFileName(name)) };
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); }
            catch (IOException) { }
            throw;
        }
    }

    /// <summary>Writes one sequence's files into <paramref name="folder"/>, each frame made by <paramref name="render"/>.</summary>
    /// <param name="cameraNotes">For a camera of a network: what this camera sees, for the NOTICE.</param>
    internal static SceneSummary WriteContent(SyntheticScene scene, string folder, string name, Func<int, Mat, FrameTruth> render, string? cameraNotes, Action<int>? progress)
    {
        var options = scene.Options;
        var gt = new StringBuilder();
        var camera = new StringBuilder();
        var episodes = new Dictionary<(int, int), int>();
        var deepEpisodes = new Dictionary<(int, int), int>();
        int occlusionEpisodes = 0, deepOcclusionEpisodes = 0, rows = 0;
        var lastSeen = new Dictionary<int, int>();
        int reentries = 0;
        long inView = 0;
        int crossings = 0;
        var previousCentres = new Dictionary<int, double>();
        int reentryGapFrames = Math.Max(1, (int)Math.Round(options.Fps)); // away for a second or more

        string video = Path.Combine(folder, VideoFileName(name));
        using (var writer = new VideoWriter(video, VideoCaptureAPIs.OPENCV_MJPEG, FourCC.FromFourChars('M', 'J', 'P', 'G'), options.Fps,
                   new Size(SyntheticScene.Width, SyntheticScene.Height), isColor: true))
        using (var frame = new Mat())
        {
            if (!writer.IsOpened()) throw new IOException($"cannot open '{video}' for writing (OpenCV's MJPEG writer)");
            writer.Set(VideoWriterProperties.Quality, options.JpegQuality);
            for (int f = 1; f <= options.Frames; f++)
            {
                var truth = render(f, frame);
                writer.Write(frame);
                foreach (var p in truth.People)
                {
                    // MOTChallenge boxes are 1-based: the first pixel column is bb_left = 1.
                    gt.Append(CultureInfo.InvariantCulture,
                        $"{f},{p.Person + 1},{p.Box.X + 1},{p.Box.Y + 1},{p.Box.Width},{p.Box.Height},1,1,{p.Visibility:0.#####}\n");
                    rows++;
                    if (lastSeen.TryGetValue(p.Person, out int last) && f - last > reentryGapFrames) reentries++;
                    lastSeen[p.Person] = f;
                }
                inView += truth.People.Count;
                crossings += CountCrossings(truth.People, previousCentres);
                foreach (var o in truth.Occlusions)
                {
                    var key = (o.Occluded, o.Occluder);
                    if (o.Hidden >= OcclusionShare && Continue(episodes, key, f)) occlusionEpisodes++;
                    if (o.Hidden >= DeepOcclusionShare && Continue(deepEpisodes, key, f)) deepOcclusionEpisodes++;
                }
                double[] m = truth.Camera.Affine();
                camera.Append(CultureInfo.InvariantCulture, $"{f},{m[0]:R},{m[1]:R},{m[2]:R},{m[3]:R},{m[4]:R},{m[5]:R}\n");
                progress?.Invoke(f);
            }
        }

        File.WriteAllText(Path.Combine(folder, "gt", "gt.txt"), gt.ToString());
        File.WriteAllText(Path.Combine(folder, SeqInfo.FileName), SeqInfoText(options, name));
        File.WriteAllText(Path.Combine(folder, CameraFileName),
            "# frame,a11,a12,tx,a21,a22,ty: the affine taking canvas pixels to this frame's pixels (canvas = vtest median x" +
            scene.Street.CanvasScale.ToString(CultureInfo.InvariantCulture) + ")\n" + camera);
        int encounters = scene.Script.Encounters.Count(e => e.Time >= 0 && e.Time < scene.Script.Duration);
        int similar = scene.Script.Encounters.Count(e => e.SimilarLooking && e.Time >= 0 && e.Time < scene.Script.Duration);
        var summary = new SceneSummary(name, folder, video, options.Frames, options.People, rows,
            scene.Script.Walks.Count(w => w.End >= 0 && w.Start < scene.Script.Duration), encounters, similar, crossings,
            occlusionEpisodes, deepOcclusionEpisodes, reentries, (double)inView / options.Frames);
        File.WriteAllText(Path.Combine(folder, NoticeFileName), Notice(scene, summary) + (cameraNotes ?? ""));
        return summary;
    }

    /// <summary>
    /// Pairs whose boxes overlap in this frame and whose left-right order differs from the last frame's:
    /// one walked past the other. Updates <paramref name="previous"/> to this frame's box centres.
    /// </summary>
    private static int CountCrossings(IReadOnlyList<PersonTruth> people, Dictionary<int, double> previous)
    {
        int count = 0;
        for (int i = 0; i < people.Count; i++)
        {
            for (int j = i + 1; j < people.Count; j++)
            {
                var (a, b) = (people[i], people[j]);
                if (!previous.TryGetValue(a.Person, out double wasA) || !previous.TryGetValue(b.Person, out double wasB)) continue;
                if (Core.BoundingBox.IoU(a.Box, b.Box) <= 0) continue;
                if (Math.Sign(wasA - wasB) * Math.Sign(a.Box.CenterX - b.Box.CenterX) < 0) count++;
            }
        }
        previous.Clear();
        foreach (var p in people) previous[p.Person] = p.Box.CenterX;
        return count;
    }

    /// <summary>True when (occluded, occluder) starts a new episode at frame <paramref name="frame"/>.</summary>
    private static bool Continue(Dictionary<(int, int), int> episodes, (int, int) key, int frame)
    {
        bool fresh = !episodes.TryGetValue(key, out int last) || last != frame - 1;
        episodes[key] = frame;
        return fresh;
    }

    private static string SeqInfoText(SceneOptions options, string name) => string.Create(CultureInfo.InvariantCulture, $"""
        [Sequence]
        name={name}
        ; the frames are the video {VideoFileName(name)} beside this file (no img1 folder)
        frameRate={options.Fps}
        seqLength={options.Frames}
        imWidth={SyntheticScene.Width}
        imHeight={SyntheticScene.Height}
        imExt=.jpg

        """).ReplaceLineEndings("\n");

    private static string Notice(SyntheticScene scene, SceneSummary summary)
    {
        var o = scene.Options;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            {summary.Name}: a synthetic multi-object tracking scene made by `mottrack synth`.

            LICENCE OF THE PIXELS
            The people in this video are cut out of MOT17 training frames (MOTChallenge,
            https://motchallenge.net), licensed under CC BY-NC-SA 3.0
            (https://creativecommons.org/licenses/by-nc-sa/3.0/). This scene is therefore a derivative
            of MOT17 and may only be shared non-commercially, with attribution, under the same licence.
            The background is the per-pixel median of OpenCV's sample video vtest.avi (Debian opencv-doc).
            Cite: Milan, Leal-Taixe, Reid, Roth, Schindler. MOT16: A Benchmark for Multi-Object Tracking. arXiv:1603.00831.

            HOW IT WAS MADE
            mottrack synth --seed {o.Seed} --people {o.People} --frames {o.Frames} --fps {o.Fps} --difficulty {o.Difficulty.ToString().ToLowerInvariant()} {(o.Cameras > 1 ? $"--cameras {o.Cameras}" : $"--camera {o.Camera.ToString().ToLowerInvariant()}")}
            (the same options give byte-identical files)

            WHAT IS IN IT
            frames {summary.Frames}, people {summary.People}, gt rows {summary.GroundTruthRows}, mean people in view {summary.MeanPeopleInView:F1}
            walks {summary.Walks}, re-entries (same id back after >= 1 s away) {summary.Reentries}
            scripted encounters (passes, overtakes) {summary.Encounters}, of look-alike pairs {summary.SimilarPairEncounters}
            crossings (two overlapping people swap left and right) {summary.Crossings}
            occlusion episodes (one person hides >= {OcclusionShare:P0} of another) {summary.OcclusionEpisodes}, deep (>= {DeepOcclusionShare:P0}) {summary.DeepOcclusionEpisodes}

            FILES
            seqinfo.ini, gt/gt.txt: MOTChallenge layout, frame,id,x,y,w,h,1,1,visibility. A box is the whole
              silhouette's box (hidden parts included), clipped to the frame, 1-based; visibility = silhouette
              pixels seen / all silhouette pixels (hidden by nearer people or outside the frame).
            {VideoFileName(summary.Name)}: Motion JPEG video, {SyntheticScene.Width}x{SyntheticScene.Height}, {o.Fps} fps.
            camera.txt: per frame, the affine from canvas to image pixels (identity for a static camera).

            CAST (gt id: source)

            """);
        var sources = scene.CastSources;
        for (int i = 0; i < sources.Count; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}: {sources[i]}\n");
        foreach (var (a, b) in scene.SimilarPairs)
            text.Append(CultureInfo.InvariantCulture, $"look-alike pair: {a + 1} and {b + 1}\n");
        return text.ToString().ReplaceLineEndings("\n");
    }

    internal static void Replace(string temp, string target)
    {
        if (!Directory.Exists(target) && !File.Exists(target))
        {
            Directory.Move(temp, target);
            return;
        }
        // Move the old scene aside first so the swap is two renames; delete it once the new one is in place.
        string old = target + $".old-{Guid.NewGuid():N}";
        if (Directory.Exists(target)) Directory.Move(target, old);
        else File.Move(target, old);
        Directory.Move(temp, target);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        else File.Delete(old);
    }
}
