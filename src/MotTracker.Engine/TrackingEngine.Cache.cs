using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Cache;
using MotTracker.Inference.Models;
using MotTracker.Media;
using MotTracker.Tracking;

namespace MotTracker.Engine;

/// <summary>Detection caches: made by <see cref="PrepareDetect"/>, replayed by <see cref="Prepare"/> when the input folder holds cache.json.</summary>
public sealed partial class TrackingEngine
{
    /// <summary>
    /// Opens a detect run of one input (a video, image folder or sequence folder's frames): the detector,
    /// the ReID model on every box, and the camera motion of <paramref name="cameraMotion"/>.
    /// </summary>
    /// <exception cref="TrackRequestException">The input or a model cannot be used.</exception>
    public DetectJob PrepareDetect(string input, string name, ModelSettings models, CameraMotionMode cameraMotion)
    {
        if (_env.Warn is { } warn) Inference.Runtime.OrtLog.Sink = warn;
        string path = Resolve(input);
        if (InputNames.IsUrl(path)) throw new TrackRequestException(null, $"'{input}': detect caches a file or folder, not a stream (it records the input's sha256)");
        if (!File.Exists(path) && !Directory.Exists(path)) throw new TrackRequestException(null, $"input '{input}' does not exist") { InputProblem = true };
        if (cameraMotion is CameraMotionMode.File) throw new TrackRequestException("cmc", "detect estimates camera motion from the frames: choose sparse, ecc or none");
        var resources = new List<IDisposable>();
        try
        {
            var pool = NewFramePool();
            var source = Track(resources, FrameSources.Open(path, new FrameSourceOptions { Warning = _env.Warn, Pool = pool }));
            var stages = new List<PipelineStage>();
            if (cameraMotion is not CameraMotionMode.None) stages.Add(new CameraMotionStage(Track(resources, CameraMotionEstimators.Create(cameraMotion))));
            var detector = Track(resources, LoadDetector(models));
            stages.Add(new DetectorStage(detector));
            int dimension = 0;
            if (models.Reid is { } reid)
            {
                var embedder = Track(resources, LoadEmbedder(models, reid, detectorRuns: true, warnFallback: false));
                dimension = embedder.Dimension;
                // Every box: which ones a tracker reads depends on the tracker, chosen at replay.
                stages.AddRange(ReidStages.For(embedder, double.NegativeInfinity));
            }
            var locator = Locator();
            var checksums = new ModelChecksums(_env.Variables);
            CacheModel Model(string model) => new() { Name = model, Sha256 = checksums.Sha256(locator.Resolve(model).Path) };
            var info = source.Info;
            return new DetectJob(name, path, source, pool, stages, resources, dimension)
            {
                Width = info.Width,
                Height = info.Height,
                FrameRate = info.Fps,
                FrameCount = info.FrameCount,
                CameraMotion = cameraMotion,
                Detector = Model(models.Detector ?? ModelSettings.DefaultDetector),
                Reid = models.Reid is { } r ? Model(r) : null,
                Models = models,
            };
        }
        catch
        {
            DisposeAll(resources);
            throw;
        }
    }

    /// <summary>
    /// A detection cache tracked with no model and no frame: det.txt (with its class column) as the
    /// detections, embeddings.npy as the appearance vectors when present, gmc.txt as the camera motion,
    /// result boxes clipped to the image as on a detector run. A cache made with other models or
    /// detector settings than the request names is refused, naming each difference.
    /// </summary>
    private TrackJob PrepareCache(TrackRequest request, TrackerEntry descriptor, string folder)
    {
        var manifest = CacheManifest.Read(folder);
        CheckCacheMatches(request, manifest, folder);
        if (request.ReadFrames)
            throw new TrackRequestException("save-video", $"'{request.Input}' is a detection cache: it holds no frames to draw on (track the original input)");
        if (request.CameraMotion is CameraMotionMode.Sparse or CameraMotionMode.Ecc)
            throw new TrackRequestException("cmc", $"'{request.Input}' is a detection cache: it holds no frames to estimate camera motion from; its own {GmcFile.FileName} is used (--cmc auto or file)");
        if (request.Detections is not null)
            throw new TrackRequestException("detections", $"'{request.Input}' is a detection cache: its det/det.txt is the detections");

        var info = SeqInfo.ReadFromDirectory(folder);
        if (info.SequenceLength != manifest.Frames || info.ImageWidth != manifest.Width || info.ImageHeight != manifest.Height)
            throw new TrackRequestException(null, $"{Path.Combine(folder, SeqInfo.FileName)}: {info.SequenceLength} frames of {info.ImageWidth}x{info.ImageHeight}, but {CacheManifest.FileName} says {manifest.Frames} of {manifest.Width}x{manifest.Height}") { InputProblem = true };
        string detPath = Path.Combine(folder, "det", "det.txt");
        if (!File.Exists(detPath)) throw new MotFormatException(detPath, 0, null, "file not found (a detection cache holds det/det.txt)");
        var frames = DetectionFrameReader.Open(detPath, info.SequenceLength);
        if (frames.RowCount != manifest.Detections)
            throw new MotFormatException(detPath, frames.RowCount + 1, null, $"{frames.RowCount} detections, but {CacheManifest.FileName} says {manifest.Detections} (truncated or edited)");
        if (frames.LastFrame > info.SequenceLength)
            throw new MotFormatException(detPath, 0, "frame", $"detections up to frame {frames.LastFrame} in a cache of {info.SequenceLength} frames");

        var resources = new List<IDisposable>();
        try
        {
            NpyFloat32.Reader? embeddings = null;
            string npyPath = Path.Combine(folder, CacheManifest.EmbeddingsFile);
            var inputs = new List<string> { detPath, Path.Combine(folder, CacheManifest.FileName), Path.Combine(folder, SeqInfo.FileName) };
            if (manifest.Reid is not null)
            {
                embeddings = Track(resources, NpyFloat32.Reader.Open(npyPath));
                if (embeddings.Rows != frames.RowCount || embeddings.Columns != manifest.EmbeddingDimension)
                    throw new MotFormatException(npyPath, 0, "shape", $"({embeddings.Rows}, {embeddings.Columns}), but det/det.txt has {frames.RowCount} rows and {CacheManifest.FileName} says vectors of {manifest.EmbeddingDimension}");
                inputs.Add(npyPath);
            }
            double fps = request.FrameRate ?? info.FrameRate;
            var stages = new List<PipelineStage>();
            var cmc = CameraMotionFor(request, descriptor, framesRead: false, folder, info.SequenceLength, out var gmc);
            if (gmc is not null)
            {
                stages.Add(new FileCameraMotionStage(gmc));
                inputs.Add(gmc.Path);
            }
            double minScore = embeddings is null ? 0 : TrackerFactory.AppearanceScoreThreshold(request.Tracker, request.TrackerSettings with { FrameRate = fps });
            stages.Add(new CacheDetectionStage(frames, embeddings, minScore));
            // The cache's classes decide as on the run that made it: several are tracked each on its own.
            var replay = request with { Models = request.Models with { DetectorOptions = request.Models.DetectorOptions with { Classes = manifest.Classes.Count == 0 ? null : manifest.Classes } } };
            bool multiClass = manifest.Classes.Count != 1;
            var tracker = CreateTracker(replay, fps, multiClass);
            if (embeddings is null && descriptor.UsesAppearance && request.Models.Reid is null)
                _env.Info?.Invoke($"{info.Name}: the cache has no appearance vectors (made without --reid)");
            return new TrackJob(info.Name, info.SequenceLength, frames.RowCount, info.ImageWidth, info.ImageHeight, fps, clip: true,
                FrameFeed.Numbers(info.SequenceLength), stages, tracker, request.OutputFilter, pool: null, inputs, resources, detectorForTiming: null)
            {
                CameraMotion = cmc,
                MultiClass = multiClass,
                SourceFrameRate = info.FrameRate,
                Request = replay,
                PostProcessing = PostProcessingFor(request),
                FromCache = true,
            };
        }
        catch
        {
            DisposeAll(resources);
            throw;
        }
    }

    /// <summary>Models named and detector settings given must be the ones the cache was made with: each difference is named.</summary>
    private void CheckCacheMatches(TrackRequest request, CacheManifest manifest, string folder)
    {
        var differences = new List<string>();
        var locator = Locator();
        var checksums = new ModelChecksums(_env.Variables);
        string Hash(string model) => checksums.Sha256(locator.Resolve(model).Path);
        var models = request.Models;
        if (models.Detector is { } detector && Hash(detector) != manifest.Detector.Sha256)
            differences.Add($"--detector {detector} (sha256 {Hash(detector)[..12]}…) is not the cache's detector {manifest.Detector.Name} (sha256 {manifest.Detector.Sha256[..Math.Min(12, manifest.Detector.Sha256.Length)]}…)");
        if (models.Reid is { } reid)
        {
            if (manifest.Reid is null) differences.Add($"--reid {reid}: the cache was made without a ReID model (no {CacheManifest.EmbeddingsFile})");
            else if (Hash(reid) != manifest.Reid.Sha256)
                differences.Add($"--reid {reid} (sha256 {Hash(reid)[..12]}…) is not the cache's ReID model {manifest.Reid.Name} (sha256 {manifest.Reid.Sha256[..Math.Min(12, manifest.Reid.Sha256.Length)]}…)");
        }
        var options = models.DetectorOptions;
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        // A flag reads as typed; a settings file's value names the file and line it came from.
        string Asked(string key, string value) =>
            models.GivenIn.TryGetValue(key, out string? where) ? $"{key} {value} (from {where})" : $"--{key} {value}";
        if (models.Given.Contains("conf") && options.ScoreThreshold != manifest.Conf)
            differences.Add($"{Asked("conf", F(options.ScoreThreshold))} (the cache: {F(manifest.Conf)})");
        if (models.Given.Contains("nms") && options.NmsIouThreshold != manifest.Nms)
            differences.Add($"{Asked("nms", F(options.NmsIouThreshold))} (the cache: {F(manifest.Nms)})");
        if (models.Given.Contains("imgsz") && (options.InputSize?.ToString() ?? "model") != manifest.Imgsz)
            differences.Add($"{Asked("imgsz", options.InputSize?.ToString() ?? "")} (the cache: {manifest.Imgsz})");
        if (models.Given.Contains("classes") && !(options.Classes ?? []).SequenceEqual(manifest.Classes))
            differences.Add($"--classes {string.Join(',', options.Classes ?? [])} (the cache: {string.Join(',', manifest.Classes)})");
        if (differences.Count > 0)
            throw new TrackRequestException(null, $"the detection cache '{folder}' does not match what was asked: {string.Join("; ", differences)}. Make the cache again with these settings (mottrack detect), or drop the options");
    }
}
