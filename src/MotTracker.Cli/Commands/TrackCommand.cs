using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Core.Tracking;
using MotTracker.Core.Tracking.ByteTrack;
using MotTracker.Cli.Logging;
using MotTracker.Cli.Pipeline;
using MotTracker.Media;

namespace MotTracker.Cli.Commands;

/// <summary><c>mottrack track</c>: tracks a sequence and writes MOTChallenge results.</summary>
internal static class TrackCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input")
        {
            Description = "A video file or URL, an image folder, or a MOTChallenge sequence folder. A sequence with det/det.txt is tracked from its public detections unless --detector is given.",
        };
        var output = new Option<string?>("--output", "-o") { Description = "Result file to write (default: runs/track/<sequence>.txt; never replaces an existing file unless --overwrite)." };
        var detections = new Option<string?>("--detections") { Description = "Public detections file to track (default: <sequence>/det/det.txt)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the output file if it exists." };
        var timing = new Option<bool>("--timing") { Description = "Print a per-stage timing report (decode, detect, ReID, associate, write) to stderr." };
        var byteTrack = new ByteTrackOptionSet();
        var inference = new InferenceOptionSet();

        var command = new Command("track", "Track objects in a sequence with ByteTrack and write MOTChallenge results (frame,id,x,y,w,h,conf,-1,-1,-1).")
        {
            input, output, detections, overwrite, timing,
        };
        byteTrack.AddTo(command);
        inference.AddTo(command);
        command.SetAction(parse =>
        {
            string inputPath = parse.GetValue(input)!;
            string resolved = inputPath.Contains("://", StringComparison.Ordinal) ? inputPath : context.ResolvePath(inputPath);
            bool isSequence = Directory.Exists(resolved) && File.Exists(Path.Combine(resolved, SeqInfo.FileName));
            bool hasPublicDetections = parse.GetValue(detections) is not null || File.Exists(Path.Combine(resolved, "det", "det.txt"));
            if (parse.GetValue(inference.Detector) is not null && parse.GetValue(detections) is not null)
                throw new UsageException("--detections and --detector exclude each other: track given detections, or detect with a model");
            if (!(isSequence && hasPublicDetections && parse.GetValue(inference.Detector) is null))
            {
                var modelRun = new ModelRun(resolved, parse.GetValue(output), parse.GetValue(overwrite), parse.GetValue(timing));
                return RunWithModels(context, modelRun, parse, byteTrack, inference);
            }
            var request = new PublicDetectionRun(
                context.ResolvePath(parse.GetValue(input)!),
                parse.GetValue(detections) is { } d ? context.ResolvePath(d) : null,
                parse.GetValue(output),
                parse.GetValue(overwrite),
                parse.GetValue(timing));
            return RunPublicDetections(context, request, parse, byteTrack);
        });
        return command;
    }

    private sealed record ModelRun(string Input, string? Output, bool Overwrite, bool Timing);

    private static int RunWithModels(CliContext context, ModelRun run, ParseResult parse, ByteTrackOptionSet byteTrack, InferenceOptionSet inference)
    {
        bool isUrl = run.Input.Contains("://", StringComparison.Ordinal);
        if (!isUrl && !File.Exists(run.Input) && !Directory.Exists(run.Input))
            throw new UsageException($"input '{run.Input}' does not exist");

        var log = CliLog.Create(parse, context);
        void Warn(string message) => log.Warning("{Message:l}", message);
        var pool = new FramePool();
        using var source = FrameSources.Open(run.Input, new FrameSourceOptions { Warning = Warn, Pool = pool });
        var info = source.Info;
        var options = byteTrack.Read(parse, info.Fps);
        string name = info.Name;
        string outPath = OutputPaths.Resolve(context, run.Output, "track", name, run.Overwrite, isUrl ? [] : [run.Input]);

        var (detector, embedder) = inference.Load(parse, context, Warn);
        using (detector)
        using (embedder)
        {
            var timings = new StageTimings();
            if (run.Timing) timings.DetectorAloneMs = MeasureDetectorAlone(source, detector);
            List<MotRow> rows;
            using (var progress = FrameProgress.Start(context, log, name, info.FrameCount, parse.GetValue(CliLog.Quiet)))
            {
                var pipeline = new TrackingPipeline(source, detector, embedder, new ByteTracker(options), byteTrack.ReadFilter(parse)) { FrameDone = progress.FrameDone, Pool = pool };
                // Kalman-predicted boxes can reach past the image edge; a video's results are clipped to it so
                // every box is a real image region (public-detection runs keep the reference's unclipped boxes).
                rows = MotRows.ClipToImage(pipeline.Run(timings), info.Width, info.Height);
            }
            var clock = Stopwatch.StartNew();
            ResultFileWriter.Write(outPath, rows);
            timings.WriteMs = clock.Elapsed.TotalMilliseconds;

            int trackCount = rows.Select(r => r.Id).Distinct().Count();
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {timings.Frames} frames, {trackCount} tracks, {rows.Count} boxes -> {outPath}"));
            if (run.Timing) WriteTimings(context, timings);
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The detector run by itself on the first frame (after warm-up), measured right before the run so
    /// the end-to-end rate can be compared with the limit the detector sets on this machine now.
    /// </summary>
    private static double? MeasureDetectorAlone(IFrameSource source, IDetector detector)
    {
        var first = source.ReadFrames().FirstOrDefault();
        if (first is null) return null;
        for (int i = 0; i < 3; i++) detector.Detect(first.Image);
        const int runs = 30;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < runs; i++) detector.Detect(first.Image);
        return clock.Elapsed.TotalMilliseconds / runs;
    }

    private static void WriteTimings(CliContext context, StageTimings t)
    {
        double n = Math.Max(t.Frames, 1);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timing ({t.Frames} frames, ms/frame): decode {t.DecodeMs / n:F2}, detect {t.DetectMs / n:F2}, reid {t.EmbedMs / n:F2}, associate {t.AssociateMs / n:F3}, write {t.WriteMs / n:F3}"));
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timing: end-to-end {t.Frames / Math.Max(t.WallMs, 1e-6) * 1000:F1} frames/s; detect stage {t.Frames / Math.Max(t.DetectMs, 1e-6) * 1000:F1} frames/s; wall {t.WallMs / 1000:F2} s"));
        if (t.DetectorAloneMs is { } alone)
        {
            double limit = 1000 / alone, endToEnd = t.Frames / Math.Max(t.WallMs, 1e-6) * 1000;
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timing: detector alone {alone:F2} ms = {limit:F1} frames/s; end-to-end is {endToEnd / limit * 100:F0}% of it"));
        }
    }

    private sealed record PublicDetectionRun(string Sequence, string? Detections, string? Output, bool Overwrite, bool Timing);

    private static int RunPublicDetections(CliContext context, PublicDetectionRun run, ParseResult parse, ByteTrackOptionSet byteTrack)
    {
        if (!Directory.Exists(run.Sequence) && run.Detections is null)
            throw new UsageException($"'{run.Sequence}' is not a folder; give a MOTChallenge sequence folder (or --detections FILE)");

        var clock = Stopwatch.StartNew();
        SeqInfo? info = File.Exists(Path.Combine(run.Sequence, SeqInfo.FileName)) ? SeqInfo.ReadFromDirectory(run.Sequence) : null;
        string detPath = run.Detections ?? Path.Combine(run.Sequence, "det", "det.txt");
        if (!File.Exists(detPath))
            throw new UsageException($"no detections at '{detPath}' (a sequence folder holds det/det.txt, or pass --detections FILE)");
        var rows = MotFileReader.Read(detPath, MotFileKind.Detections);
        if (info is not null)
        {
            foreach (var row in rows)
                if (row.Frame > info.SequenceLength)
                    throw new MotFormatException(detPath, row.Line, "frame", $"{row.Frame} is beyond seqLength {info.SequenceLength} in seqinfo.ini");
        }
        var frames = MotRows.GroupByFrame(rows, info?.SequenceLength ?? 0);
        double parseMs = clock.Elapsed.TotalMilliseconds;

        var options = byteTrack.Read(parse, info?.FrameRate);
        string name = info?.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(run.Sequence));
        string outPath = OutputPaths.Resolve(context, run.Output, "track", name, run.Overwrite, [detPath]);

        clock.Restart();
        var results = DetectionFileTracking.Run(frames, new ByteTracker(options), byteTrack.ReadFilter(parse));
        double trackMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        ResultFileWriter.Write(outPath, results);
        double writeMs = clock.Elapsed.TotalMilliseconds;

        int frameCount = frames.Length - 1;
        int trackCount = results.Select(r => r.Id).Distinct().Count();
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {frameCount} frames, {rows.Count} detections, {trackCount} tracks, {results.Count} boxes -> {outPath}"));
        if (run.Timing)
        {
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timing: parse {parseMs:F1} ms, associate {trackMs:F1} ms ({frameCount / Math.Max(trackMs, 1e-6) * 1000:F0} frames/s), write {writeMs:F1} ms"));
        }
        return ExitCodes.Ok;
    }
}
