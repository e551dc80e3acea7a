using System.Diagnostics;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;
using MotTracker.Inference;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Models;
using MotTracker.Inference.Reid;
using MotTracker.Inference.Runtime;
using MotTracker.Media;

namespace MotTracker.Engine;

/// <summary>What the engine may touch of the outside world: the environment (model folders), the working folder and a warning sink.</summary>
public sealed record EngineEnvironment
{
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Non-fatal problems (a CUDA fallback, frames missing from a trimmed sequence, a setting the tracker ignores).</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>Things worth one log line that are not problems (an appearance tracker running on motion alone).</summary>
    public Action<string>? Info { get; init; }

    /// <summary>A detector used instead of loading a model (tests: a cheap stand-in that needs no ONNX Runtime).</summary>
    internal Func<IDetector>? Detector { get; init; }
}

/// <summary>
/// Turns a <see cref="TrackRequest"/> into a ready run: opens the input, reads public detections,
/// loads the models, composes the stages and the tracker. All checks that can fail on bad input happen
/// in <see cref="Prepare"/>, before any output is created.
/// </summary>
public sealed partial class TrackingEngine(EngineEnvironment? environment = null)
{
    private readonly EngineEnvironment _env = environment ?? new EngineEnvironment();
    private ExecutionDevice? _detectorDevice;

    /// <summary>Validates the request and opens everything it needs.</summary>
    /// <exception cref="TrackRequestException">The request cannot run as given (exit code 2 in the CLI).</exception>
    /// <exception cref="MotFormatException">A malformed input file.</exception>
    public TrackJob Prepare(TrackRequest request)
    {
        // ONNX Runtime's own log lines (some raised on its worker threads) reach the same sink as ours.
        if (_env.Warn is { } warn) OrtLog.Sink = warn;
        var descriptor = Describe(request.Tracker);
        string input = Resolve(request.Input);
        bool isUrl = InputNames.IsUrl(input);
        bool isFolder = !isUrl && Directory.Exists(input);
        bool isSequence = isFolder && File.Exists(Path.Combine(input, SeqInfo.FileName));
        if (!isUrl && !isFolder && !File.Exists(input))
            throw new TrackRequestException(null, $"input '{request.Input}' does not exist");
        if (request.Live == true && !isUrl)
            throw new TrackRequestException("live", $"applies to stream URLs; '{request.Input}' is a file or folder, read to its end and never reopened");
        bool live = isUrl && (request.Live ?? VideoCaptureSource.IsLiveScheme(input));
        if (request.ReconnectTimeout is { } timeout)
        {
            if (!live)
                throw new TrackRequestException("reconnect-timeout", $"applies to live input (an rtsp, rtmp, udp, rtp, srt or tcp URL, or a URL with --live); '{request.Input}' is read to its end and never reopened");
            if (timeout < TimeSpan.Zero)
                throw new TrackRequestException("reconnect-timeout", "must be 0 or more seconds");
        }

        if (isFolder && Cache.CacheManifest.IsCache(input))
            return PrepareCache(request, descriptor, input);

        string? detections = request.Detections is { } d ? Resolve(d) : null;
        bool usePublic = request.DetectionSource switch
        {
            DetectionSource.PublicDetections => true,
            DetectionSource.Detector => false,
            _ => detections is not null || (isSequence && File.Exists(Path.Combine(input, "det", "det.txt"))),
        };
        if (usePublic && request.Models.Detector is not null)
            throw new TrackRequestException("detector", "a detector and public detections exclude each other: track given detections, or detect with a model");
        if (!usePublic && detections is not null)
            throw new TrackRequestException("detections", "public detections and a detector exclude each other");
        if (usePublic && !isFolder)
            throw new TrackRequestException("detections", $"'{request.Input}' is not a folder: public detections are tracked for a MOTChallenge sequence folder, not a video or URL") { InputProblem = true };

        return usePublic
            ? PreparePublic(request, descriptor, input, isSequence, detections)
            : PrepareDetector(request, descriptor, input, isUrl, live);
    }

    private TrackJob PreparePublic(TrackRequest request, TrackerEntry descriptor, string folder, bool isSequence, string? detections)
    {
        var clock = Stopwatch.StartNew();
        SeqInfo? info = isSequence ? SeqInfo.ReadFromDirectory(folder) : null;
        string detPath = detections ?? Path.Combine(folder, "det", "det.txt");
        if (!File.Exists(detPath))
            throw new TrackRequestException("detections", $"no detections at '{detPath}' (a sequence folder holds det/det.txt, or pass --detections FILE)") { InputProblem = true };
        // Read frame by frame in bounded memory (the file is checked whole first: a bad line is exit 2
        // before any output), so a sequence of any length tracks in flat memory.
        var frames = DetectionFrameReader.Open(detPath, info?.SequenceLength ?? 0);
        int frameCount = frames.LastFrame;
        if (request.Models.DetectorOptions.Classes is { } classes && classes.Any(c => c != CocoClasses.Person))
            throw new TrackRequestException("classes", $"public detections ({Path.GetFileName(detPath)}) have no class: they are people; track other classes with a detector (--detector)");
        double parseMs = clock.Elapsed.TotalMilliseconds;
        // seqinfo.ini's name was checked where it was read; a folder's own name is checked here.
        string name = info?.Name ?? InputNames.ForOutput(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), folder);

        // Pixels are read only when something asks for them; then every frame must be there.
        string? pixelReason = request.Models.Reid is not null ? "ReID (--reid)"
            : request.CameraMotion is CameraMotionMode.Sparse or CameraMotionMode.Ecc ? "camera-motion estimation (--cmc sparse/ecc)"
            : request.ReadFrames ? "drawing on the frames (--save-video)"
            : null;
        var resources = new List<IDisposable>();
        try
        {
            FrameFeed feed;
            FramePool? pool = null;
            int width = info?.ImageWidth ?? 0, height = info?.ImageHeight ?? 0;
            if (pixelReason is null)
            {
                feed = FrameFeed.Numbers(frameCount);
            }
            else
            {
                if (info is null)
                    throw new TrackRequestException(null, $"{pixelReason} needs the frames of a MOTChallenge sequence, and '{folder}' has no {SeqInfo.FileName}");
                string FrameFile(int f) => Path.Combine(folder, info.ImageDirectory, f.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + info.ImageExtension);
                CheckFramesPresent(info, FrameFile, pixelReason);
                pool = NewFramePool();
                var source = FrameSources.Open(folder, new FrameSourceOptions { Warning = _env.Warn, Pool = pool });
                resources.Add(source);
                feed = FrameFeed.AllFramesOf(source, frameCount, FrameFile);
            }
            double fps = request.FrameRate ?? info?.FrameRate ?? 30;
            var stages = new List<PipelineStage>();
            var cmc = CameraMotionFor(request, descriptor, framesRead: pixelReason is not null, isSequence ? folder : null,
                Math.Max(frameCount, info?.SequenceLength ?? 0), out var gmc);
            if (gmc is not null) stages.Add(new FileCameraMotionStage(gmc));
            else if (cmc is not CameraMotionMode.None) stages.Add(new CameraMotionStage(Track(resources, CameraMotionEstimators.Create(cmc))));
            stages.Add(new PublicDetectionStage(frames));
            if (request.Models.Reid is { } reid)
            {
                var embedder = Track(resources, LoadEmbedder(request.Models, reid, detectorRuns: false, warnFallback: true));
                stages.AddRange(ReidStages.For(embedder, ReidScoreThreshold(request, descriptor, fps)));
            }
            var tracker = CreateTracker(request, fps);
            var inputs = new List<string> { detPath };
            return new TrackJob(name, frameCount, frames.RowCount, width, height, fps, clip: false, feed, stages, tracker, request.OutputFilter, pool, inputs, resources, detectorForTiming: null)
            {
                ParseMs = parseMs,
                CameraMotion = cmc,
                Request = request,
                PostProcessing = PostProcessingFor(request),
                SourceFrameRate = info?.FrameRate ?? 30,
            };
        }
        catch
        {
            DisposeAll(resources);
            throw;
        }
    }

    private TrackJob PrepareDetector(TrackRequest request, TrackerEntry descriptor, string input, bool isUrl, bool live)
    {
        var resources = new List<IDisposable>();
        try
        {
            var pool = NewFramePool();
            var source = Track(resources, live ? OpenLive(request, input, pool) : FrameSources.Open(input, new FrameSourceOptions { Warning = _env.Warn, Pool = pool }));
            var info = source.Info;
            double fps = request.FrameRate ?? info.Fps;
            var stages = new List<PipelineStage>();
            bool isSequence = !isUrl && File.Exists(Path.Combine(input, SeqInfo.FileName));
            var cmc = CameraMotionFor(request, descriptor, framesRead: true, isSequence ? input : null, info.FrameCount ?? 0, out var gmc);
            if (gmc is not null) stages.Add(new FileCameraMotionStage(gmc));
            else if (cmc is not CameraMotionMode.None) stages.Add(new CameraMotionStage(Track(resources, CameraMotionEstimators.Create(cmc))));
            var detector = Track(resources, LoadDetector(request.Models));
            stages.Add(new DetectorStage(detector));
            if (request.Models.Reid is { } reid)
            {
                // The CUDA fallback warning was already given for the detector.
                var embedder = Track(resources, LoadEmbedder(request.Models, reid, detectorRuns: true, warnFallback: false));
                var batching = live && embedder is IBatchingEmbedder prepared ? ReidBatching.Live(prepared) : null;
                stages.AddRange(ReidStages.For(embedder, ReidScoreThreshold(request, descriptor, fps), batching));
            }
            bool multiClass = IsMultiClass(request.Models.DetectorOptions);
            var tracker = CreateTracker(request, fps, multiClass, live ? LostFramesOf(request, fps) : null);
            var postProcessing = PostProcessingFor(request);
            if (live && postProcessing is not null)
                throw new TrackRequestException("postprocess", $"'{request.Input}' is a live stream: post-processing ({PostProcessName(request)}) holds every row until the input ends, which a stream never does; track it without post-processing");
            string name = isUrl ? InputNames.ForUrl(input) : InputNames.ForOutput(info.Name, input);
            var inputs = isUrl ? new List<string>() : [input];
            return new TrackJob(name, info.FrameCount, null, info.Width, info.Height, fps, clip: true, FrameFeed.From(source), stages, tracker, request.OutputFilter, pool, inputs, resources, detector)
            {
                CameraMotion = cmc,
                MultiClass = multiClass,
                SourceFrameRate = info.Fps,
                Source = source,
                Request = request,
                PostProcessing = postProcessing,
                IsLive = live,
            };
        }
        catch
        {
            DisposeAll(resources);
            throw;
        }
    }

    /// <summary>How long a live stream may stay silent (opening, or between two frames) before it counts as an outage.</summary>
    internal static readonly TimeSpan LiveStallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A live stream: opened now (a stream that cannot be opened at all is an error), reopened after
    /// outages per <see cref="ReconnectPolicy"/> with the request's timeout.
    /// </summary>
    private ReconnectingFrameSource OpenLive(TrackRequest request, string url, FramePool pool)
    {
        bool first = true;
        bool longProbe = false;
        IFrameSource Open()
        {
            // Problems of the stream itself (an unknown frame rate) are told once, not at every reconnect.
            var options = new FrameSourceOptions { Warning = first ? _env.Warn : null, Pool = pool, Live = true, OpenTimeout = LiveStallTimeout, LongStreamProbe = longProbe };
            first = false;
            var source = FrameSources.Open(url, options);
            // A stream that needed ffmpeg's long probe once is reopened with it straight away.
            if (source is FfmpegStreamSource { NeededLongProbe: true }) longProbe = true;
            return source;
        }
        return new ReconnectingFrameSource(Open, new ReconnectPolicy { Timeout = request.ReconnectTimeout }, _env.Warn, _env.Info);
    }

    /// <summary>The tracker's track buffer in frames at <paramref name="fps"/> (see <see cref="TrackJob.LostFrames"/>).</summary>
    private static int LostFramesOf(TrackRequest request, double fps) => TrackJob.LostFramesFor(request, fps);

    private static string PostProcessName(TrackRequest request) =>
        request.PostProcess != PostProcessKind.None || request.Link ? "--postprocess" : $"{request.Tracker}'s offline step";

    /// <summary>
    /// Room for every frame that can be in flight: two per queue between the (at most five) stages plus
    /// one inside each, so buffers are recycled instead of allocated once the pipeline is full.
    /// </summary>
    private static FramePool NewFramePool() => new(capacity: 16);

    private static T Track<T>(List<IDisposable> resources, T resource) where T : IDisposable
    {
        resources.Add(resource);
        return resource;
    }

    internal static void DisposeAll(List<IDisposable> resources)
    {
        for (int i = resources.Count - 1; i >= 0; i--) resources[i].Dispose();
        resources.Clear();
    }

    private static TrackerEntry Describe(string name)
    {
        try
        {
            return TrackerFactory.Describe(name);
        }
        catch (ArgumentException ex)
        {
            throw new TrackRequestException("tracker", FirstLine(ex));
        }
    }

    /// <summary>More than one class kept by the detector (null keeps every class): each is tracked on its own.</summary>
    private static bool IsMultiClass(DetectorOptions options) => options.Classes is not { Count: <= 1 };

    /// <summary>
    /// The tracker; with several classes, one per class behind <see cref="PerClassTracker"/> (no
    /// association across classes, ids unique across them). A single class keeps the plain tracker, so
    /// single-class results stay exactly as they were.
    /// </summary>
    /// <param name="forgetAfter">
    /// For endless input: frames after which a class's inner track id unseen since is forgotten by
    /// <see cref="PerClassTracker"/> (null remembers every id, as a finite run may).
    /// </param>
    private ITracker CreateTracker(TrackRequest request, double fps, bool multiClass = false, int? forgetAfter = null)
    {
        try
        {
            request.OutputFilter.Validate();
            var settings = request.TrackerSettings with { FrameRate = fps };
            // Built once even when per-class trackers are made later, so a bad setting fails here, not at the first detection.
            var single = Announce(TrackerFactory.Create(request.Tracker, settings), request.Tracker);
            if (!multiClass) return single;
            var classes = request.Models.DetectorOptions.Classes;
            // Twice the track buffer and a margin: a removed track is never reported again, and a track
            // coming back from a loss may go a few confirmation frames unreported after it.
            return new PerClassTracker(_ => Announce(TrackerFactory.Create(request.Tracker, settings), request.Tracker), classes)
            {
                ForgetAfterFrames = forgetAfter is int lost ? 2 * lost + 30 : null,
            };
        }
        catch (ArgumentException ex)
        {
            throw new TrackRequestException(ex.ParamName, FirstLine(ex));
        }
    }

    /// <summary>An appearance tracker says once in the log when it runs on motion alone.</summary>
    private ITracker Announce(ITracker tracker, string name)
    {
        if (tracker is IAppearanceTracker appearance && _env.Info is { } info)
            appearance.MotionAloneStarted += (_, _) => info($"{name} runs on motion alone: no appearance vectors (give --reid MODEL, and frames, to use appearance)");
        return tracker;
    }

    /// <summary>
    /// The post-processing a run needs, or null to stream rows as frames complete: the tracker's own
    /// defaults (<see cref="TrackerFactory.PostProcessDefaults"/>) with the request's overrides.
    /// </summary>
    private static JobPostProcessing? PostProcessingFor(TrackRequest request)
    {
        var options = TrackerFactory.PostProcessDefaults(request.Tracker);
        if (request.MaxGap is { } gap) options = options with { MaxGap = gap };
        if (request.GsiTau is { } tau) options = options with { Tau = tau };
        if (request.LinkMaxGap is not null && !request.Link)
            throw new TrackRequestException("link-max-gap", "applies to --postprocess link");
        if (request.Link)
        {
            var link = options.Link ?? new LinkOptions();
            if (request.LinkMaxGap is { } linkGap) link = link with { MaxGap = linkGap };
            options = options with { Link = link };
        }
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new TrackRequestException(ex.ParamName, FirstLine(ex));
        }
        if (request.PostProcess == PostProcessKind.None && options.MinRunLength <= 1 && options.Link is null)
        {
            if (request.MaxGap is not null) throw new TrackRequestException("max-gap", "applies to --postprocess interpolate or gsi");
            if (request.GsiTau is not null) throw new TrackRequestException("gsi-tau", "applies to --postprocess gsi");
            return null;
        }
        if (request.GsiTau is not null && request.PostProcess != PostProcessKind.Gsi)
            throw new TrackRequestException("gsi-tau", "applies to --postprocess gsi");
        return new JobPostProcessing(request.PostProcess, options);
    }

    /// <summary>
    /// The explicit mode, or "auto" for a tracker that compensates camera motion (or a run that records
    /// it): the sequence folder's gmc.txt when there is one, else sparse optical flow when frames are read
    /// anyway, else none. A mode the tracker ignores only costs time, so say so. For
    /// <see cref="CameraMotionMode.File"/> the file is read and checked here (<paramref name="gmc"/>):
    /// shorter than the input's <paramref name="frames"/> is an error naming the first missing line,
    /// longer a warning.
    /// </summary>
    private CameraMotionMode CameraMotionFor(TrackRequest request, TrackerEntry descriptor, bool framesRead, string? sequenceFolder, int frames, out GmcFile? gmc)
    {
        gmc = null;
        string? folderFile = sequenceFolder is null ? null : Path.Combine(sequenceFolder, GmcFile.FileName);
        bool wanted = descriptor.UsesCameraMotion || request.RecordCameraMotion;
        CameraMotionMode mode;
        if (request.CameraMotion is { } explicitMode)
        {
            if (explicitMode is not CameraMotionMode.None && !wanted)
                _env.Warn?.Invoke($"{descriptor.Name} does not use camera motion: --cmc {explicitMode.ToString().ToLowerInvariant()} only costs time");
            mode = explicitMode;
        }
        else if (!wanted)
        {
            return CameraMotionMode.None;
        }
        else if (request.CameraMotionFile is not null || (folderFile is not null && File.Exists(folderFile)))
        {
            mode = CameraMotionMode.File;
        }
        else if (framesRead)
        {
            return CameraMotionMode.Sparse;
        }
        else
        {
            _env.Warn?.Invoke($"{descriptor.Name} runs without camera-motion compensation: the sequence has no {GmcFile.FileName} and no frames are read (give --cmc file:PATH, or --cmc sparse with a sequence whose img1/ holds every frame)");
            return CameraMotionMode.None;
        }
        if (mode is not CameraMotionMode.File) return mode;

        string path = request.CameraMotionFile is { } given ? Resolve(given)
            : folderFile ?? throw new TrackRequestException("cmc", $"file: '{request.Input}' is not a sequence folder with a {GmcFile.FileName}; name the file (--cmc file:PATH)");
        if (request.CameraMotionFile is null && !File.Exists(path))
            throw new TrackRequestException("cmc", $"file: the sequence has no {GmcFile.FileName} ({path}); name the file (--cmc file:PATH)");
        gmc = GmcFile.Read(path);
        if (frames > gmc.FrameCount) throw GmcFile.TooShort(path, gmc.FrameCount, frames);
        if (frames > 0 && frames < gmc.FrameCount)
            _env.Warn?.Invoke($"{path}: {gmc.FrameCount} lines of camera motion for {frames} frames; the lines past frame {frames} are not used");
        return mode;
    }

    /// <summary>The lowest detection score whose embedding the tracker can read; crops below it are not embedded.</summary>
    private double ReidScoreThreshold(TrackRequest request, TrackerEntry descriptor, double fps)
    {
        if (!descriptor.UsesAppearance)
            _env.Warn?.Invoke($"{descriptor.Name} does not use appearance: --reid only costs time (its vectors are computed for the boxes it matches and ignored)");
        return TrackerFactory.AppearanceScoreThreshold(request.Tracker, request.TrackerSettings with { FrameRate = fps });
    }

    private string Resolve(string path) => InputNames.IsUrl(path) ? path : Path.GetFullPath(path, _env.WorkingDirectory);

    /// <summary>Fails before the run when a frame the run needs is missing (the staged MOT17 copies hold only their first frames).</summary>
    private static void CheckFramesPresent(SeqInfo info, Func<int, string> frameFile, string reason)
    {
        for (int f = 1; f <= info.SequenceLength; f++)
        {
            string file = frameFile(f);
            if (!File.Exists(file))
                throw new TrackRequestException(null, $"{info.Name}: frame {f} of {info.SequenceLength} is missing ({file}); {reason} needs the pixels of every frame");
        }
    }

    private ModelLocator Locator() => new(ModelManifest.Embedded, _env.Variables, _env.WorkingDirectory);

    private OrtOptions Ort(ModelSettings models, int threads, bool warnFallback) => new()
    {
        Device = models.Device,
        IntraOpThreads = threads,
        Warn = warnFallback ? _env.Warn : _ => { },
    };

    /// <summary>
    /// Intra-op threads per model. When detector and ReID both run they overlap (ReID of frame n while
    /// frame n+1 is detected), so each gets half the cores: on 2 cores one each, which keeps both busy
    /// without the two thread pools fighting over the same cores.
    /// </summary>
    internal static int ThreadsFor(ModelSettings models, bool bothModelsRun) =>
        models.Threads > 0 ? models.Threads
        : bothModelsRun ? Math.Max(1, Environment.ProcessorCount / 2)
        : 0;

    private IDetector LoadDetector(ModelSettings models)
    {
        if (_env.Detector is { } standIn) return standIn();
        var location = Locator().Resolve(models.Detector ?? ModelSettings.DefaultDetector);
        if (location.Entry is { Task: not ModelTask.Detector } wrong)
            throw new TrackRequestException("detector", $"'{wrong.Name}' is a {wrong.Task} model, not a detector");
        Verify("detector", location);
        var options = models.DetectorOptions with
        {
            Format = location.Entry is { } e ? DetectorFactory.FormatFor(e.Format) : models.DetectorOptions.Format,
        };
        var model = Named("detector", location.Path, () => new OrtModel(location.Path, Ort(models, ThreadsFor(models, models.Reid is not null), warnFallback: true)));
        _detectorDevice = model.Device;
        try
        {
            return Named("detector", location.Path, () => DetectorFactory.Create(model, options));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            model.Dispose();
            throw new TrackRequestException(DetectorSetting(ex.ParamName), FirstLine(ex));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The ReID model alone (name or path, checked like track's --reid), for commands that embed crops
    /// without tracking (reid-eval). The caller owns the embedder.
    /// </summary>
    /// <exception cref="TrackRequestException">The name is not a ReID model or the file is not one.</exception>
    public IAppearanceEmbedder OpenEmbedder(ModelSettings models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Reid is not { } reid) throw new TrackRequestException("reid", "a ReID model is required (--reid)");
        if (_env.Warn is { } warn) OrtLog.Sink = warn;
        return LoadEmbedder(models, reid, detectorRuns: false, warnFallback: true);
    }

    private IAppearanceEmbedder LoadEmbedder(ModelSettings models, string reid, bool detectorRuns, bool warnFallback)
    {
        var location = Locator().Resolve(reid);
        if (location.Entry is { Task: not ModelTask.Reid } wrong)
            throw new TrackRequestException("reid", $"'{wrong.Name}' is a {wrong.Task} model, not a ReID model");
        Verify("reid", location);
        // When the detector fell back to the CPU (warned once), the ReID model follows it there silently.
        var ort = Ort(models, ThreadsFor(models, detectorRuns), warnFallback);
        if (detectorRuns && _detectorDevice == ExecutionDevice.Cpu) ort = ort with { Device = ExecutionDevice.Cpu };
        var model = Named("reid", location.Path, () => new OrtModel(location.Path, ort));
        try
        {
            // On the CPU a run of more than 8 crops costs more per crop (its activations leave the cache:
            // benchmarks' reid mode, README "ReID batching"); a GPU gains from the larger runs.
            var options = new ReidOptions { MaxBatch = model.Device == ExecutionDevice.Cpu ? ReidOptions.CpuBatch : ReidOptions.Default.MaxBatch };
            return Named("reid", location.Path, () => new OsnetEmbedder(model, options));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A model the manifest knows (by name, or by the file name of a given path) must be that model: its
    /// sha256 is checked before it is loaded (cached by path, size and time, so only a new file costs a hash).
    /// </summary>
    private void Verify(string setting, ModelLocation location)
    {
        if (location.Entry is not { } entry) return;
        Named(setting, location.Path, () =>
        {
            new ModelChecksums(_env.Variables).Verify(location.Path, entry);
            return true;
        });
    }

    /// <summary>The command-line name of a detector setting a validator rejected.</summary>
    private static string? DetectorSetting(string? parameter) => parameter switch
    {
        nameof(DetectorOptions.ScoreThreshold) => "conf",
        nameof(DetectorOptions.NmsIouThreshold) => "nms",
        nameof(DetectorOptions.Classes) => "classes",
        _ => parameter,
    };

    /// <summary>Runs a model-loading step; a model that is not what the option needs becomes a request error naming the option and the file.</summary>
    private static T Named<T>(string setting, string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (InvalidModelException ex)
        {
            string message = ex.Message.Contains(path, StringComparison.Ordinal) ? ex.Message : $"model '{path}': {ex.Message}";
            throw new TrackRequestException(setting, message);
        }
    }

    private static string FirstLine(Exception ex) => ex.Message.Split(" (Parameter")[0];
}
