using MotTracker.Core.MotChallenge;
using System.CommandLine;
using System.Globalization;
using MotTracker.Cli.Logging;
using MotTracker.Engine;
using MotTracker.Engine.Config;
using MotTracker.Engine.Outputs;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack track</c>: tracks one input and writes MOTChallenge results. The command only turns its
/// options into a <see cref="TrackRequest"/>, shows progress and reports; the Engine does the work.
/// </summary>
internal static class TrackCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input")
        {
            Description = "A video file or URL, an image folder, or a MOTChallenge sequence folder. A sequence with det/det.txt is tracked from its public detections unless --detector is given.",
        };
        var output = new Option<string?>("--output", "-o") { Description = "Result file to write (default: runs/track/<name>.txt; never replaces an existing file unless --overwrite). Rows are written as frames complete, into a temporary file renamed into place at the end. Beside it, <name>.json records the tracker and every option's effective value (usable with --config)." };
        var detections = new Option<string?>("--detections") { Description = "Public detections file to track (default: <sequence>/det/det.txt). Only for sequence folders." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the output file if it exists." };
        var timing = new Option<bool>("--timing") { Description = "Print a per-stage timing report (decode, camera motion, detect, ReID, associate, write) to stderr." };
        var saveVideo = new Option<string?>("--save-video") { Description = "Also write the frames with each track drawn (box and trail in a colour per id, id label, frame number, count lines with their counts) to this .mp4 (MPEG-4 Part 2, mp4v) or .avi (Motion JPEG) file: same frames and rate as the input, written atomically. On public detections it needs every frame in img1/." };
        var summary = new Option<string?>("--summary") { Description = "Write the line and zone counts (per line: in, out, per class, every crossing; per zone: entries, exits, occupancy, per class, every stay with its dwell) to this JSON file, atomically. Needs --count-line or --zone." };
        var saveCmc = new Option<string?>("--save-cmc") { Description = "Also write the camera motion of every frame to this file in BoT-SORT's GMC format (as read by --cmc file:PATH), numbers in shortest round-trip form so a replay from it is identical; written atomically. Makes the run produce camera motion even for a tracker that ignores it." };
        var live = new Option<bool>("--live") { Description = "Treat the input URL as a live stream even when its scheme does not say so (an http(s) URL of a camera or server that never ends). rtsp, rtsps, rtmp, rtmps, udp, rtp, srt and tcp URLs are live anyway. Live input is reopened when it drops (see --reconnect-timeout) and its result file is written in place, flushed every frame." };
        var reconnectTimeout = new Option<double?>("--reconnect-timeout") { Description = "Live input: seconds an outage may last (from the last frame received) before the run ends normally with what it has (default: reconnect forever; 0: end at the first drop). Reopen attempts wait 0.5 s, then 1, 2, 4 and 8 s, then every 8 s." };
        var rotate = new Option<int?>("--rotate") { Description = "Live input: start a new result file every N frame numbers: out.txt becomes out.000001.txt (frames 1..N), out.000002.txt (N+1..2N), ...; a part is created when its first frame arrives. --save-video is cut the same way (out.000001.mp4, ...), each part renamed into place as soon as it is complete." };
        var summaryEvery = new Option<double?>("--summary-every") { Description = "Also rewrite --summary every this many seconds while the run goes on (atomically: readers see the previous or the new summary, never half of one)." };
        var gt = new Option<string?>("--gt") { Description = "With --save-video: ground truth (gt.txt) to draw the run's errors against, live, as render --gt draws them (MOT17 rules): missed gt boxes dashed white, false positives red, an ID switch flagged old -> new id in magenta for a few frames." };
        var heatmap = new Option<string?>("--heatmap") { Description = "Also write a PNG of where the tracks went: the density of box bottom centres (one per track per frame), smoothed and coloured blue (rare) to red (frequent) over the first frame; written atomically. On public detections it needs the frames in img1/." };
        var maxFrames = new Option<int?>("--max-frames") { Description = "Stop after this many frames and finish the run as at the end of the input: results, video, summary and settings complete, exit 0. Any input; on a live stream it is how a run ends by itself." };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds of media time (frames whose time, (frame - 1) / frame rate, is below it), finishing as --max-frames does. On a live stream frame numbers follow the clock across outages, so this is the time since the stream was opened." };
        var tracker = new TrackerOptionSet();
        var inference = new InferenceOptionSet();
        var annotation = new AnnotationOptionSet();
        var counting = new CountingOptionSet();

        var command = new Command("track", "Track objects in a video, image folder or MOTChallenge sequence and write MOTChallenge results (frame,id,x,y,w,h,conf,-1,-1,-1).")
        {
            input, output, detections, overwrite, timing, saveVideo, summary, saveCmc, gt, heatmap, live, reconnectTimeout, rotate, summaryEvery, maxFrames, duration,
        };
        tracker.AddTo(command);
        inference.AddTo(command);
        annotation.AddTo(command);
        counting.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            // --config's file: the tracker's settings, the run options and limits, and the detector's settings.
            var config = tracker.ReadConfig(parse, context);
            var request = new TrackRequest
            {
                Input = parse.GetValue(input)!,
                Detections = parse.GetValue(detections),
                DetectionSource = parse.GetValue(inference.Detector) is not null ? DetectionSource.Detector
                    : parse.GetValue(detections) is not null ? DetectionSource.PublicDetections
                    : DetectionSource.Auto,
                Models = inference.Read(parse, context, config),
                Live = parse.GetValue(live) ? true : null,
                ReconnectTimeout = parse.GetValue(reconnectTimeout) is { } seconds ? Seconds("--reconnect-timeout", seconds, allowZero: true) : null,
            };
            request = tracker.Apply(parse, request, config);
            // The limits a replay of a sidecar needs: the command line's, else --config's (see TrackerConfig.RunKeys).
            int? frameLimit = OptionUse.Given(parse, maxFrames) ? parse.GetValue(maxFrames) : config?.RunCount("max-frames");
            double? secondsLimit = OptionUse.Given(parse, duration) ? parse.GetValue(duration) : config?.RunSeconds("duration");
            string? video = parse.GetValue(saveVideo);
            var outputs = annotation.Read(parse, video is not null, "--save-video") with
            {
                VideoPath = video is null ? null : context.ResolvePath(video),
                SummaryPath = parse.GetValue(summary) is { } sum ? context.ResolvePath(sum) : null,
                Zones = counting.ReadZones(parse),
                EventsPath = parse.GetValue(counting.Events) is { } events ? events == "-" ? "-" : context.ResolvePath(events) : null,
                EventsStdout = context.Out,
                CameraMotionPath = parse.GetValue(saveCmc) is { } cmcPath ? context.ResolvePath(cmcPath) : null,
                GroundTruthPath = parse.GetValue(gt) is { } gtPath ? context.ResolvePath(gtPath) : null,
                HeatmapPath = parse.GetValue(heatmap) is { } heatmapPath ? context.ResolvePath(heatmapPath) : null,
                Overwrite = parse.GetValue(overwrite),
                SummaryEvery = parse.GetValue(summaryEvery) is { } every ? Seconds("--summary-every", every, allowZero: false) : null,
            };
            if (outputs.SummaryEvery is not null && outputs.SummaryPath is null)
                throw new UsageException("--summary-every rewrites the --summary file: give --summary FILE too");
            if (frameLimit is < 1)
                throw new UsageException($"--max-frames {frameLimit}: give a number of frames ≥ 1");
            if (parse.GetValue(rotate) is < 1)
                throw new UsageException($"--rotate {parse.GetValue(rotate)}: a result file holds at least 1 frame");
            if (outputs.GroundTruthPath is { } gtFile)
            {
                if (video is null) throw new UsageException("--gt draws the run's errors on the annotated video: give --save-video");
                if (!File.Exists(gtFile)) throw new UsageException($"--gt '{gtFile}' not found");
            }
            if (video is not null && Path.GetExtension(video).ToLowerInvariant() is not (".mp4" or ".avi"))
                throw new UsageException($"--save-video '{video}': write .mp4 (MPEG-4 Part 2, mp4v) or .avi (Motion JPEG)");
            if (outputs.SummaryPath is not null && outputs.CountLines.Count == 0 && outputs.Zones.Count == 0)
                throw new UsageException("--summary holds line and zone counts: give at least one --count-line or --zone");
            if (outputs.HeatmapPath is { } heatmapFile && !heatmapFile.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--heatmap '{heatmapFile}': the heat map is a PNG picture; give a .png file");
            request = request with { ReadFrames = outputs.NeedsFrames, RecordCameraMotion = outputs.CameraMotionPath is not null };
            var run = new RunOptions(parse.GetValue(output), parse.GetValue(overwrite), parse.GetValue(timing), outputs, parse.GetValue(rotate),
                frameLimit, secondsLimit, secondsLimit is { } limit ? Seconds("--duration", limit, allowZero: false) : null,
                tracker.GivenRunOptions(parse, config));
            // On a worker thread, so System.CommandLine's Ctrl+C/SIGTERM handler is in place while the run goes on.
            return Task.Run(() => EngineErrors.Map(() => Run(context, parse, request, run, inference, cancellationToken)), CancellationToken.None);
        });
        return command;
    }

    private sealed record RunOptions(string? Output, bool Overwrite, bool Timing, TrackOutputSettings Outputs, int? Rotate, int? MaxFrames, double? DurationSeconds, TimeSpan? Duration,
        IReadOnlyList<KeyValuePair<string, object>> RunSettings);

    private static TimeSpan Seconds(string option, double seconds, bool allowZero)
    {
        if (!double.IsFinite(seconds) || seconds < 0 || (!allowZero && seconds == 0) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} {seconds}: give a number of seconds {(allowZero ? "≥ 0" : "> 0")}"));
        return TimeSpan.FromSeconds(seconds);
    }

    private static int Run(CliContext context, ParseResult parse, TrackRequest request, RunOptions run, InferenceOptionSet inference, CancellationToken cancellationToken)
    {
        var log = CliLog.Create(parse, context);
        var engine = new TrackingEngine(context.EngineEnvironment(log));
        using var job = engine.Prepare(request);
        inference.CheckApplies(parse, job, message => log.Warning("{Message}", message));
        string outPath = OutputPaths.Resolve(context, run.Output, "track", job.Name, run.Overwrite, job.InputFiles);
        string settingsPath = SettingsSidecar(outPath);
        CheckExtraOutputs(run, outPath, settingsPath, job);
        if (run.Rotate is not null)
        {
            if (!job.IsLive) throw new UsageException($"--rotate applies to live input (its result file is written in place); '{request.Input}' is written once, atomically");
            OutputPaths.CheckWritable(ResultStreamWriter.RotatedPath(outPath, 1), run.Overwrite, job.InputFiles);
            if (run.Outputs.VideoPath is { } video) OutputPaths.CheckWritable(ResultStreamWriter.RotatedPath(video, 1), run.Overwrite, job.InputFiles);
        }
        // A live run usually ends by being stopped: its settings are written first, not at an end that may not come.
        if (job.IsLive) TrackerConfigFile.Write(settingsPath, SidecarSettings(request, run, job.UsesDetector));

        // The same call every sequence of a batch goes through: the result, video and summary appear
        // together or not at all.
        TrackRunResult result;
        var limits = new TrackRunOptions { MaxFrames = run.MaxFrames, Duration = run.Duration };
        using (var progress = FrameProgress.Start(context, log, job.Name, job.FrameCountWithin(limits), parse.GetValue(CliLog.Quiet)))
        {
            result = TrackRun.Execute(job, outPath, run.Outputs, limits with
            {
                Progress = p => progress.FrameDone(p.FrameNumber),
                MeasureDetectorAlone = run.Timing && job.UsesDetector,
                RotateFrames = run.Rotate,
                ReplaceResult = run.Overwrite,
            }, cancellationToken);
        }
        var outcome = result.Outcome;
        if (!job.IsLive) TrackerConfigFile.Write(settingsPath, SidecarSettings(request, run, job.UsesDetector));

        string detections = outcome.Detections is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n} detections, ") : "";
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{outcome.Name}: {outcome.Frames} frames, {detections}{outcome.Tracks} tracks, {outcome.Boxes} boxes -> {outcome.OutputPath}{(outcome.ResultFiles > 1 ? $" (the last of {outcome.ResultFiles} files)" : "")}"));
        if (result.VideoPath is { } videoPath)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome.Name}: video, {result.VideoFrames} frames -> {videoPath}{(result.VideoFiles > 1 ? $" (the last of {result.VideoFiles} files)" : "")}"));
        if (result.Counter is { } counter)
        {
            foreach (var line in counter.Lines)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome.Name}: line {line.Line.Name}: in {line.In}, out {line.Out}"));
        }
        if (result.Counting is { } session)
        {
            foreach (var zone in session.Zones.Zones)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome.Name}: zone {zone.Zone.Name}: entries {zone.Entries}, exits {zone.Exits}, inside {zone.Occupancy}"));
            if (run.Outputs.SummaryPath is { } summaryPath)
                context.Out.WriteLine($"{outcome.Name}: counts -> {summaryPath}");
        }
        if (result.HeatmapPath is { } heatmapOut)
            context.Out.WriteLine($"{outcome.Name}: heat map -> {heatmapOut}");
        if (run.Outputs.CameraMotionPath is { } cmcOut)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome.Name}: camera motion, {result.CameraMotionFrames} frames -> {cmcOut}"));
        if (run.Timing) WriteTimings(context, outcome.Timings, job);
        return ExitCodes.Ok;
    }

    /// <summary>The video and the summary follow the result file's rules: never over an existing file without --overwrite, never over an input, never over each other.</summary>
    private static void CheckExtraOutputs(RunOptions run, string resultPath, string settingsPath, TrackJob job)
    {
        if (settingsPath == resultPath) throw new UsageException($"output '{resultPath}': results are MOTChallenge text; give a .txt file (its settings go to a .json beside it)");
        OutputPaths.CheckWritable(settingsPath, run.Overwrite, job.InputFiles);
        var taken = new List<string> { resultPath, settingsPath };
        string? events = run.Outputs.EventsPath == "-" ? null : run.Outputs.EventsPath;
        foreach (var (path, option) in new[] { (run.Outputs.VideoPath, "--save-video"), (run.Outputs.SummaryPath, "--summary"), (events, "--events"), (run.Outputs.CameraMotionPath, "--save-cmc"), (run.Outputs.HeatmapPath, "--heatmap") })
        {
            if (path is null) continue;
            if (Directory.Exists(path)) throw new UsageException($"{option} '{path}' is a directory; give a file name");
            if (!Directory.Exists(Path.GetDirectoryName(path))) throw new UsageException($"{option} '{path}': folder {Path.GetDirectoryName(path)} does not exist");
            if (taken.Contains(path, StringComparer.Ordinal)) throw new UsageException($"{option} '{path}' is another output of this run; choose another name");
            OutputPaths.CheckWritable(path, run.Overwrite, job.InputFiles);
            taken.Add(path);
        }
    }

    /// <summary>
    /// The sidecar's content: the tracker's effective settings, then the run options given (frame rate, camera
    /// motion, post-processing, output filter), the detector's settings when it ran, and the run's frame and
    /// time limits, so <c>--config</c> of it replays the same rows of the same frames rather than the tracker
    /// alone over the whole input.
    /// </summary>
    private static List<KeyValuePair<string, object>> SidecarSettings(TrackRequest request, RunOptions run, bool detectorRan)
    {
        var pairs = TrackerOptionSet.Effective(request).ToList();
        pairs.AddRange(run.RunSettings);
        if (detectorRan)
        {
            // conf and nms always (a replay must not depend on the defaults of the day). The input size only when
            // given: left out, the replay's detector picks it as this run's did (its own fixed size, or the
            // dynamic default), where writing the dynamic default would refuse a fixed-size model.
            var detector = request.Models.DetectorOptions;
            pairs.Add(new("conf", detector.ScoreThreshold));
            pairs.Add(new("nms", detector.NmsIouThreshold));
            if (request.Models.Given.Contains("imgsz") && detector.InputSize is { } size) pairs.Add(new("imgsz", size.ToString()));
        }
        if (run.MaxFrames is { } frames) pairs.Add(new("max-frames", frames));
        if (run.DurationSeconds is { } seconds) pairs.Add(new("duration", seconds));
        return pairs;
    }

    /// <summary>The settings sidecar of a result file: the same name with .json (results stay plain MOTChallenge rows).</summary>
    public static string SettingsSidecar(string resultPath) => Path.ChangeExtension(resultPath, ".json");

    private static void WriteTimings(CliContext context, StageTimings t, TrackJob job)
    {
        double n = Math.Max(t.Frames, 1);
        var inv = CultureInfo.InvariantCulture;
        string cmc = job.CameraMotion is CameraMotionMode.None ? "" : string.Create(inv, $"cmc {t.CameraMotionMs / n:F2}, ");
        context.Error.WriteLine(string.Create(inv,
            $"timing ({t.Frames} frames, ms/frame): decode {t.DecodeMs / n:F2}, {cmc}detect {t.DetectMs / n:F2}, {(t.CropMs > 0 ? string.Create(inv, $"reid crops {t.CropMs / n:F2}, ") : "")}reid {t.EmbedMs / n:F2}, associate {t.AssociateMs / n:F3}, write {t.WriteMs / n:F3}"));
        double endToEnd = t.Frames / Math.Max(t.WallMs, 1e-6) * 1000;
        string parse = t.ParseMs > 0 ? string.Create(inv, $"; parse {t.ParseMs:F1} ms") : "";
        context.Error.WriteLine(string.Create(inv,
            $"timing: end-to-end {endToEnd:F1} frames/s; detect stage {t.Frames / Math.Max(t.DetectMs, 1e-6) * 1000:F1} frames/s; wall {t.WallMs / 1000:F2} s{parse}"));
        if (job.RunsReid)
        {
            long all = t.CropsEmbedded + t.CropsSkipped;
            context.Error.WriteLine(string.Create(inv,
                $"timing: reid embedded {t.CropsEmbedded} of {all} crops ({t.CropsSkipped} saved: below the tracker's lowest matching score)"));
            if (t.ReidCalls > 0)
                context.Error.WriteLine(string.Create(inv,
                    $"timing: reid model {t.ReidCalls} calls, {t.CropsEmbedded / (double)t.ReidCalls:F1} crops a call, {t.EmbedMs / t.ReidCalls:F2} ms a call, {t.EmbedMs / Math.Max(t.CropsEmbedded, 1):F3} ms a crop"));
        }
        if (t.DetectorAloneMs is { } alone)
        {
            double limit = 1000 / alone;
            context.Error.WriteLine(string.Create(inv,
                $"timing: detector alone {alone:F2} ms = {limit:F1} frames/s; end-to-end is {endToEnd / limit * 100:F0}% of it"));
        }
    }
}

/// <summary>Engine outcomes as the CLI reports them: a request the engine refuses is a usage error naming its option.</summary>
internal static class EngineErrors
{
    public static int Map(Func<int> run)
    {
        try
        {
            return run();
        }
        catch (TrackRequestException ex)
        {
            throw new UsageException(ex.Setting is { } setting ? $"--{setting}: {ex.Message}" : ex.Message);
        }
    }
}
