using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Core.Tracking;

namespace MotTracker.Cli.Commands;

/// <summary><c>mottrack track</c>: tracks a sequence and writes MOTChallenge results.</summary>
internal static class TrackCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "A MOTChallenge sequence folder (seqinfo.ini + det/det.txt)." };
        var output = new Option<string?>("--output", "-o") { Description = "Result file to write (default: runs/track/<sequence>.txt; never replaces an existing file unless --overwrite)." };
        var detections = new Option<string?>("--detections") { Description = "Public detections file to track (default: <sequence>/det/det.txt)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the output file if it exists." };
        var timing = new Option<bool>("--timing") { Description = "Print a timing report (parse, associate, write) to stderr." };
        var byteTrack = new ByteTrackOptionSet();

        var command = new Command("track", "Track objects in a sequence with ByteTrack and write MOTChallenge results (frame,id,x,y,w,h,conf,-1,-1,-1).")
        {
            input, output, detections, overwrite, timing,
        };
        byteTrack.AddTo(command);
        command.SetAction(parse =>
        {
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
        var results = TrackFrames(frames, options);
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

    /// <summary>Runs ByteTrack over frames 1..N of grouped detections and collects the result rows.</summary>
    internal static List<MotRow> TrackFrames(MotRow[][] frames, ByteTrackOptions options)
    {
        var tracker = new ByteTracker(options);
        var results = new List<MotRow>();
        var buffer = new Detection[64];
        for (int f = 1; f < frames.Length; f++)
        {
            var frameRows = frames[f];
            if (buffer.Length < frameRows.Length) buffer = new Detection[frameRows.Length * 2];
            for (int i = 0; i < frameRows.Length; i++) buffer[i] = new Detection(frameRows[i].Box, frameRows[i].Score);
            foreach (var t in tracker.Update(buffer.AsSpan(0, frameRows.Length)))
                results.Add(new MotRow(f, t.TrackId, t.Box, t.Score, -1, -1));
        }
        return results;
    }
}
