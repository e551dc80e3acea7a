using System.Diagnostics;
using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation.Reid;
using MotTracker.Media;

namespace MotTracker.Engine.Reid;

/// <summary>What <c>mottrack reid-eval</c> scores, and how MOTChallenge sequences become a query/gallery split.</summary>
public sealed record ReidEvaluationRequest
{
    /// <summary>A Market-1501 folder (query/ + bounding_box_test/) or a folder of MOTChallenge sequences (one camera each).</summary>
    public required string Data { get; init; }

    /// <summary>The ReID model (Reid must be set) and where it runs.</summary>
    public required ModelSettings Models { get; init; }

    /// <summary>MOT sequences: gt boxes less visible than this are not cropped.</summary>
    public double MinVisibility { get; init; } = 0.5;

    /// <summary>MOT sequences: one crop every this many frames of an identity's track in a camera.</summary>
    public int SampleEvery { get; init; } = 10;

    /// <summary>
    /// MOT sequences: 0 makes the middle crop of each (identity, camera) its one query; K ≥ 2 makes every K-th
    /// crop a query (the 1st, the (K+1)-th, …) and the rest gallery images, so a few scenes give enough
    /// queries to tell models apart.
    /// </summary>
    public int QueryEvery { get; init; }

    /// <summary>MOT sequences: boxes shorter than this (pixels, after clipping to the frame) are not cropped.</summary>
    public int MinHeight { get; init; } = 32;

    /// <summary>Ranks kept in the CMC curve.</summary>
    public int MaxRank { get; init; } = ReidMetrics.DefaultMaxRank;
}

/// <summary>
/// Embeds a query/gallery split with a ReID model and scores it with <see cref="ReidMetrics"/> (the
/// Market-1501 protocol). Two layouts:
/// <list type="bullet">
/// <item>Market-1501: <c>query/</c> and <c>bounding_box_test/</c> hold crops named
/// <c>PID_cCsS_FRAME_NN.jpg</c> (PID −1 junk, dropped; 0000 distractors, kept as negatives).</item>
/// <item>MOTChallenge sequences (each a camera, e.g. from <c>mottrack synth --cameras N</c>, whose gt ids are
/// global): crops are cut from gt boxes (flag ≠ 0, pedestrian class, visibility ≥ MinVisibility, height ≥
/// MinHeight) every SampleEvery frames of each identity's track in each camera; per (identity, camera) the
/// middle sample is the query and the others are gallery images. Since same-camera matches are removed,
/// every query asks "find this person in another camera"; people seen by one camera only have no valid
/// match, so their queries are skipped and their gallery crops are negatives for everyone else.</item>
/// </list>
/// </summary>
public static class ReidEvaluation
{
    private const string QueryFolder = "query", GalleryFolder = "bounding_box_test";
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp"];

    /// <exception cref="TrackRequestException">The data is neither layout, a setting is out of range, or the model is not a ReID model.</exception>
    /// <exception cref="MotFormatException">A file name, gt row or image is malformed.</exception>
    public static ReidRun Run(ReidEvaluationRequest request, TrackingEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(engine);
        if (request.MinVisibility is < 0 or > 1) throw new TrackRequestException("min-visibility", "--min-visibility must be between 0 and 1");
        if (request.SampleEvery < 1) throw new TrackRequestException("sample-every", "--sample-every must be at least 1 frame");
        if (request.QueryEvery is < 0 or 1) throw new TrackRequestException("query-every", "--query-every must be 0 (the middle crop is the query) or at least 2 (every K-th crop; 1 would leave no gallery)");
        if (request.MinHeight < 1) throw new TrackRequestException("min-height", "--min-height must be at least 1 pixel");
        if (request.MaxRank < 10) throw new TrackRequestException("max-rank", "--max-rank must be at least 10 (Rank-10 is reported)");
        if (!Directory.Exists(request.Data)) throw new TrackRequestException(null, $"data folder '{request.Data}' does not exist");

        bool market = Directory.Exists(Path.Combine(request.Data, QueryFolder)) && Directory.Exists(Path.Combine(request.Data, GalleryFolder));
        // Everything that can be wrong with the data is found before the model loads.
        var split = market ? MarketSplit(request.Data) : MotSplit(request);
        if (split.Query.Count == 0 || split.Gallery.Count == 0)
            throw new TrackRequestException(null, $"'{request.Data}' gives {split.Query.Count} query and {split.Gallery.Count} gallery images; both must be non-empty");

        using var embedder = engine.OpenEmbedder(request.Models);
        var clock = Stopwatch.StartNew();
        var features = split.Embed(embedder, cancellationToken);
        double seconds = clock.Elapsed.TotalSeconds;
        var queryFeatures = features.Take(split.Query.Count).ToArray();
        var galleryFeatures = features.Skip(split.Query.Count).ToArray();
        var distance = ReidMetrics.CosineDistances(queryFeatures, galleryFeatures);
        var scores = ReidMetrics.Evaluate(distance, split.Query.Select(c => c.Label).ToArray(), split.Gallery.Select(c => c.Label).ToArray(), request.MaxRank);
        var all = split.Query.Concat(split.Gallery).Select(c => c.Label).ToArray();
        return new ReidRun
        {
            Data = request.Data,
            Layout = market ? "market" : "mot",
            Model = request.Models.Reid!,
            QueryImages = split.Query.Count,
            Identities = all.Where(l => l.Identity > 0).Select(l => l.Identity).Distinct().Count(),
            Cameras = all.Select(l => l.Camera).Distinct().Count(),
            Scores = scores,
            Crops = features.Length,
            EmbedSeconds = seconds,
        };
    }

    /// <summary>One crop: where its pixels are (a whole image file, or a box in a frame of a camera) and its label.</summary>
    private sealed record Crop(ReidLabel Label, string? File, int Camera, int Frame, BoundingBox Box);

    private sealed record Split(IReadOnlyList<Crop> Query, IReadOnlyList<Crop> Gallery, IReadOnlyDictionary<int, string> FramesOfCamera)
    {
        /// <summary>Unit vectors of the query crops, then the gallery crops.</summary>
        public float[][] Embed(IAppearanceEmbedder embedder, CancellationToken cancellationToken)
        {
            var crops = Query.Concat(Gallery).ToArray();
            var result = new float[crops.Length][];
            for (int i = 0; i < crops.Length; i++)
            {
                if (crops[i].File is not { } file) continue;
                cancellationToken.ThrowIfCancellationRequested();
                var image = StillImage.Read(file);
                result[i] = embedder.Embed(image, [new BoundingBox(0, 0, image.Width, image.Height)])[0];
            }
            // Frame crops: each camera's frames are read once, in order, and every crop of a frame goes through one model run.
            foreach (var group in Enumerable.Range(0, crops.Length).Where(i => crops[i].File is null).GroupBy(i => crops[i].Camera))
            {
                var byFrame = group.GroupBy(i => crops[i].Frame).ToDictionary(g => g.Key, g => g.ToArray());
                int last = byFrame.Keys.Max();
                using var source = FrameSources.Open(FramesOfCamera[group.Key]);
                foreach (var frame in source.ReadFrames(cancellationToken))
                {
                    if (frame.FrameNumber > last) break;
                    if (!byFrame.TryGetValue(frame.FrameNumber, out var indexes)) continue;
                    var vectors = embedder.Embed(frame.Image, indexes.Select(i => crops[i].Box).ToArray());
                    for (int k = 0; k < indexes.Length; k++) result[indexes[k]] = vectors[k];
                    byFrame.Remove(frame.FrameNumber);
                }
                if (byFrame.Count > 0)
                    throw new MotFormatException(FramesOfCamera[group.Key], 0, null,
                        string.Create(CultureInfo.InvariantCulture, $"frame {byFrame.Keys.Min()} is missing, but the gt has boxes in it"));
            }
            return result;
        }
    }

    private static Split MarketSplit(string data) =>
        new(MarketFolder(Path.Combine(data, QueryFolder)), MarketFolder(Path.Combine(data, GalleryFolder)), new Dictionary<int, string>());

    /// <summary>Crops of one Market-1501 folder; junk (PID −1) is left out, as the protocol drops it.</summary>
    private static List<Crop> MarketFolder(string folder)
    {
        var crops = new List<Crop>();
        var files = Directory.EnumerateFiles(folder)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (string file in files)
        {
            var label = ParseMarketName(file);
            if (label.Identity < 0) continue;
            crops.Add(new Crop(label, file, label.Camera, 0, default));
        }
        return crops;
    }

    /// <summary>PID_cC[sS]_… : identity PID (−1 junk, 0 distractor), camera C.</summary>
    /// <exception cref="MotFormatException">The name does not follow the Market-1501 pattern.</exception>
    public static ReidLabel ParseMarketName(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string name = Path.GetFileNameWithoutExtension(file);
        var parts = name.Split('_');
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int pid) || pid < -1)
            throw new MotFormatException(file, 0, "identity", "the name must start with the person id (e.g. 0002_c1s1_000451_03.jpg; -1 junk, 0000 distractor)");
        string cameraPart = parts[1];
        int end = 1;
        while (end < cameraPart.Length && char.IsAsciiDigit(cameraPart[end])) end++;
        if (cameraPart.Length < 2 || cameraPart[0] is not ('c' or 'C') || end == 1
            || !int.TryParse(cameraPart.AsSpan(1, end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int camera))
            throw new MotFormatException(file, 0, "camera", "the second part of the name must be the camera, cN or cNsM (e.g. 0002_c1s1_000451_03.jpg)");
        return new ReidLabel(pid, camera);
    }

    private static Split MotSplit(ReidEvaluationRequest request)
    {
        var sequences = Directory.EnumerateDirectories(request.Data)
            .Where(d => File.Exists(Path.Combine(d, SeqInfo.FileName)) && File.Exists(Path.Combine(d, "gt", "gt.txt")))
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToArray();
        if (sequences.Length == 0)
            throw new TrackRequestException(null, $"'{request.Data}' is neither a Market-1501 folder ({QueryFolder}/ and {GalleryFolder}/) nor a folder of MOTChallenge sequences (<seq>/seqinfo.ini + gt/gt.txt)");

        var query = new List<Crop>();
        var gallery = new List<Crop>();
        var frames = new Dictionary<int, string>();
        for (int c = 0; c < sequences.Length; c++)
        {
            int camera = c + 1;
            var info = SeqInfo.ReadFromDirectory(sequences[c]);
            frames[camera] = FramesOf(sequences[c], info);
            string gtFile = Path.Combine(sequences[c], "gt", "gt.txt");
            var rows = MotFileReader.Read(gtFile, MotFileKind.GroundTruth);
            foreach (var track in rows.Where(r => r.Score != 0 && r.ClassId is 1 or -1 && r.Visibility >= request.MinVisibility).GroupBy(r => r.Id).OrderBy(g => g.Key))
            {
                if (track.Key <= 0)
                    throw new MotFormatException(gtFile, track.First().Line, "id", "gt ids must be positive to serve as ReID identities");
                var samples = new List<Crop>();
                int next = int.MinValue;
                foreach (var row in track.OrderBy(r => r.Frame))
                {
                    if (row.Frame < next) continue;
                    // MOTChallenge boxes are 1-based; pixels are 0-based.
                    var box = (row.Box with { X = row.Box.X - 1, Y = row.Box.Y - 1 }).ClipTo(info.ImageWidth, info.ImageHeight);
                    if (box.Height < request.MinHeight || box.Width < 4) continue;
                    samples.Add(new Crop(new ReidLabel(track.Key, camera), null, camera, row.Frame, box));
                    next = row.Frame + request.SampleEvery;
                }
                if (samples.Count == 0) continue;
                int middle = samples.Count / 2;
                for (int i = 0; i < samples.Count; i++)
                {
                    bool isQuery = request.QueryEvery == 0 ? i == middle : i % request.QueryEvery == 0;
                    (isQuery ? query : gallery).Add(samples[i]);
                }
            }
        }
        return new Split(query, gallery, frames);
    }

    /// <summary>A sequence's frames: its image folder when present, else a video inside the folder (synth writes &lt;name&gt;.avi).</summary>
    internal static string FramesOf(string sequence, SeqInfo info)
    {
        string images = Path.Combine(sequence, info.ImageDirectory);
        if (Directory.Exists(images)) return images;
        foreach (string extension in new[] { ".avi", ".mp4", ".mkv", ".mov" })
        {
            string video = Path.Combine(sequence, info.Name + extension);
            if (File.Exists(video)) return video;
        }
        throw new MotFormatException(Path.Combine(sequence, SeqInfo.FileName), 0, "imDir",
            $"no frames: neither {images}/ nor a video {info.Name}.avi/.mp4/.mkv/.mov in the sequence folder");
    }
}
