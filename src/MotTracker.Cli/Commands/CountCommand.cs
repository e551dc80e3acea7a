using System.CommandLine;
using System.Globalization;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Analytics;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack count</c>: line and zone counts from a finished results file or a ground truth, with the
/// rules and outputs of live counting (<c>track --count-line/--zone/--summary/--events</c>), so a live
/// count can be checked against the truth.
/// </summary>
internal static class CountCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("results") { Description = "A MOTChallenge results file (frame,id,x,y,w,h,conf,class,...), or a ground truth gt.txt (read as ground truth when named gt.txt: considered pedestrian rows only)." };
        var lines = new Option<string[]>("--count-line") { Description = "As for track: count tracks crossing the segment x1,y1,x2,y2[,name]. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var anchor = new Option<string>("--count-anchor") { Description = "The point of each box that must cross a line or be inside a zone: bottom or center.", DefaultValueFactory = _ => "bottom" }.AcceptOnlyFromAmong("bottom", "center", "centre");
        var summary = new Option<string?>("--summary") { Description = "Write the counts as JSON (the same file as track --summary), atomically." };
        var fps = new Option<double?>("--fps") { Description = "Frame rate for media time and dwell seconds (default: seqinfo.ini of the sequence the file sits in, <seq>/gt/gt.txt or <seq>/<file>, else 30)." };
        var lost = new Option<int?>("--lost-frames") { Description = "Frames a track may go unseen before it has ended (default: ByteTrack's track buffer, 30 frames at 30 fps scaled to --fps)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing --summary or --events file." };
        var counting = new CountingOptionSet();
        var command = new Command("count", "Count line crossings and zone entries, exits, occupancy and dwell from a results or ground-truth file, with the same rules and outputs as track's live counting.")
        {
            input, lines, anchor, summary, fps, lost, overwrite,
        };
        counting.AddTo(command);
        command.SetAction(parse =>
        {
            string path = context.ResolvePath(parse.GetValue(input)!);
            if (!File.Exists(path)) throw new UsageException($"results file '{path}' not found");
            IReadOnlyList<CountLine> countLines;
            CountAnchor countAnchor;
            try
            {
                countLines = CountLine.ParseAll(parse.GetValue(lines) ?? []);
                countAnchor = CountAnchors.Parse(parse.GetValue(anchor)!);
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
            var zones = counting.ReadZones(parse);
            if (countLines.Count == 0 && zones.Count == 0) throw new UsageException("give at least one --count-line or --zone to count");
            double rate = parse.GetValue(fps) ?? FrameRateBeside(path) ?? 30;
            if (!(rate > 0) || double.IsInfinity(rate)) throw new UsageException($"--fps must be a positive number, got {rate.ToString(CultureInfo.InvariantCulture)}");
            int lostFrames = parse.GetValue(lost) ?? (int)(rate / 30.0 * 30);
            if (lostFrames < 0) throw new UsageException($"--lost-frames must be 0 or more, got {lostFrames}");
            bool replace = parse.GetValue(overwrite);
            string? summaryPath = parse.GetValue(summary) is { } s ? context.ResolvePath(s) : null;
            string? eventsText = parse.GetValue(counting.Events);
            string? eventsPath = eventsText is null or "-" ? null : context.ResolvePath(eventsText);
            foreach (var (output, option) in new[] { (summaryPath, "--summary"), (eventsPath, "--events") })
            {
                if (output is null) continue;
                if (Directory.Exists(output)) throw new UsageException($"{option} '{output}' is a directory; give a file name");
                if (string.Equals(output, path, StringComparison.Ordinal)) throw new UsageException($"{option} '{output}' is the input; choose another name");
                if (File.Exists(output) && !replace) throw new UsageException($"{option} '{output}' exists; pass --overwrite to replace it");
            }
            if (summaryPath is not null && string.Equals(summaryPath, eventsPath, StringComparison.Ordinal))
                throw new UsageException($"--events '{eventsPath}' is also the --summary file; choose another name");

            var kind = string.Equals(Path.GetFileName(path), "gt.txt", StringComparison.OrdinalIgnoreCase) ? MotFileKind.GroundTruth : MotFileKind.Results;
            var rows = MotFileReader.Read(path, kind);
            var tracks = OfflineCounting.ToTracks(rows, kind, out var frames);
            var settings = new CountingSettings { Lines = countLines, Zones = zones, Anchor = countAnchor, FrameRate = rate, LostFrames = lostFrames };
            CountEventWriter? events = eventsText switch
            {
                null => null,
                "-" => new CountEventWriter(context.Out, ownsWriter: false),
                _ => CountEventWriter.Create(eventsPath!),
            };
            using var session = new CountingSession(settings, events);
            OfflineCounting.Run(session, tracks, frames);
            string name = Path.GetFileName(path);
            foreach (var line in session.Lines.Lines)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: line {line.Line.Name}: in {line.In}, out {line.Out}"));
            foreach (var zone in session.Zones.Zones)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: zone {zone.Zone.Name}: entries {zone.Entries}, exits {zone.Exits}, inside {zone.Occupancy}"));
            if (summaryPath is not null)
            {
                session.Summary().Write(summaryPath);
                context.Out.WriteLine($"{name}: counts -> {summaryPath}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The frame rate in the seqinfo.ini of the sequence the file belongs to (<c>seq/gt/gt.txt</c> or <c>seq/file</c>), if any.</summary>
    private static double? FrameRateBeside(string path)
    {
        string? dir = Path.GetDirectoryName(path);
        foreach (string? candidate in new[] { dir, Path.GetDirectoryName(dir) })
        {
            if (candidate is null) continue;
            string ini = Path.Combine(candidate, SeqInfo.FileName);
            if (File.Exists(ini)) return SeqInfo.Read(ini).FrameRate;
        }
        return null;
    }
}
