using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MotTracker.Core;
using MotTracker.Evaluation;
using MotTracker.Evaluation.Output;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack eval</c>: HOTA, CLEAR and Identity metrics with TrackEval's MOTChallenge rules, for a
/// benchmark folder or a single gt/result pair.
/// </summary>
internal static class EvalCommand
{
    private static readonly string[] Formats = ["table", "json", "csv"];

    public static Command Create(CliContext context)
    {
        var gt = new Option<string>("--gt") { Description = "Ground truth: a benchmark folder (<seq>/gt/gt.txt + seqinfo.ini) or one gt.txt file.", Required = true };
        var results = new Option<string>("--results") { Description = "Tracker results: a folder of <seq>.txt (TrackEval layout) or one result file.", Required = true };
        var seqmap = new Option<string?>("--seqmap") { Description = "TrackEval seqmap listing the sequences (default: every folder with gt/gt.txt)." };
        var benchmark = new Option<string>("--benchmark") { Description = "Rules to apply: MOT17, MOT16, MOT20 or MOT15.", DefaultValueFactory = _ => "MOT17" };
        var seqLength = new Option<int?>("--seq-length") { Description = "Single-file form: number of frames (default: seqLength from the seqinfo.ini beside the gt folder)." };
        var format = new Option<string>("--format") { Description = "Output: table (headline metrics), json or csv (all fields).", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the --format output to this file instead of stdout." };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (table, HOTA/DetA/AssA against α, IDSW/FP/FN bars) to this file." };
        var personRows = new Option<bool>("--person-rows") { Description = "Score only the person rows of a multi-class result file (column 8 holds the COCO class id; person is 0); other classes are dropped." };
        var trackEvalFiles = new Option<string?>("--trackeval-files") { Description = "Also write TrackEval's pedestrian_summary.txt and pedestrian_detailed.csv into this folder." };
        var failUnder = new Option<string?>("--fail-under") { Description = "CI gate, e.g. MOTA=55,IDF1=60,HOTA=45 (percent): exit code 3 when a combined metric is lower." };
        var errors = new Option<string?>("--errors") { Description = "Also write every error behind the CLEAR counts (each ID switch and fragmentation, per gt id its timeline, per tracker id its false positives) as JSON to this file." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing output files." };
        var timing = new Option<bool>("--timing") { Description = "Print a timing report (per phase, summed over sequences) to stderr." };

        var command = new Command("eval", "Evaluate tracker results against MOTChallenge ground truth with TrackEval's rules and numbers (HOTA, CLEAR, Identity).")
        {
            gt, results, seqmap, benchmark, seqLength, format, output, report, errors, personRows, trackEvalFiles, failUnder, overwrite, timing,
        };
        command.SetAction(parse => Run(context, new Request(
            context.ResolvePath(parse.GetValue(gt)!),
            context.ResolvePath(parse.GetValue(results)!),
            parse.GetValue(seqmap) is { } s ? context.ResolvePath(s) : null,
            parse.GetValue(benchmark)!,
            parse.GetValue(seqLength),
            parse.GetValue(format)!,
            parse.GetValue(output),
            parse.GetValue(report),
            parse.GetValue(errors),
            parse.GetValue(personRows),
            parse.GetValue(trackEvalFiles),
            parse.GetValue(failUnder),
            parse.GetValue(overwrite),
            parse.GetValue(timing))));
        return command;
    }

    private sealed record Request(
        string Gt, string Results, string? Seqmap, string Benchmark, int? SeqLength, string Format,
        string? Output, string? Report, string? Errors, bool PersonRows, string? TrackEvalFiles, string? FailUnder, bool Overwrite, bool Timing);

    private static int Run(CliContext context, Request request)
    {
        // Check everything the user typed before spending time on the evaluation.
        if (!MotChallengeBenchmark.TryParse(request.Benchmark, out var benchmark))
            throw new UsageException($"unknown benchmark '{request.Benchmark}' (use MOT17, MOT16, MOT20 or MOT15)");
        string format = request.Format.ToLowerInvariant();
        if (Array.IndexOf(Formats, format) < 0)
            throw new UsageException($"unknown format '{request.Format}' (use table, json or csv)");
        var metrics = MotEvaluator.DefaultMetrics();
        IReadOnlyList<MetricThreshold> thresholds = [];
        if (request.FailUnder is not null)
        {
            try { thresholds = MetricThreshold.ParseList(request.FailUnder, metrics); }
            catch (FormatException ex) { throw new UsageException($"--fail-under: {ex.Message}"); }
        }

        var sequences = FindSequences(request);
        var inputs = sequences.SelectMany(s => new[] { s.GroundTruthFile, s.ResultsFile }).ToArray();
        string? outputPath = request.Output is null ? null
            : OutputPaths.Resolve(context, request.Output, "eval", "eval", request.Overwrite, inputs);
        string? reportPath = request.Report is null ? null
            : OutputPaths.Resolve(context, request.Report, "eval", "report", request.Overwrite, inputs);
        string? errorsPath = request.Errors is null ? null
            : OutputPaths.Resolve(context, request.Errors, "eval", "errors", request.Overwrite, inputs);
        CheckDistinct(("--output", outputPath), ("--report", reportPath), ("--errors", errorsPath));
        string? trackEvalDir = request.TrackEvalFiles is null ? null : CheckTrackEvalFolder(context, request.TrackEvalFiles, request.Overwrite, inputs);

        var clock = Stopwatch.StartNew();
        var timing = request.Timing ? new EvaluationTiming() : null;
        var report = MotEvaluator.Evaluate(MotChallengeBenchmark.For(benchmark), sequences, metrics, timing: timing,
            resultRows: request.PersonRows ? ResultRows.CocoPersonRows : ResultRows.Pedestrian,
            listErrors: errorsPath is not null || reportPath is not null);
        double evaluateMs = clock.Elapsed.TotalMilliseconds;

        Action<TextWriter> write = format switch
        {
            "json" => w => JsonReport.Write(w, report),
            "csv" => w => TrackEvalFiles.WriteDetailed(w, report),
            _ => w => TextTable.Write(w, report),
        };
        if (outputPath is null)
        {
            write(context.Out);
        }
        else
        {
            AtomicFile.Write(outputPath, write);
            if (format != "table") TextTable.Write(context.Out, report);
            context.Error.WriteLine($"wrote {outputPath}");
        }
        if (reportPath is not null)
        {
            string title = $"mottrack eval: {Path.GetFileName(Path.TrimEndingDirectorySeparator(request.Results))}";
            AtomicFile.Write(reportPath, w => HtmlReport.Write(w, report, title));
            context.Error.WriteLine($"wrote {reportPath}");
        }
        if (errorsPath is not null)
        {
            var listing = ErrorsJson.From(report);
            AtomicFile.Write(errorsPath, w => ErrorsJson.Write(w, listing));
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {errorsPath} ({listing.Totals.IdSwitches} ID switches, {listing.Totals.Fragmentations} fragmentations, {listing.Totals.FalsePositives} FP, {listing.Totals.FalseNegatives} FN)"));
        }
        if (trackEvalDir is not null)
        {
            TrackEvalFiles.WriteAll(trackEvalDir, report);
            context.Error.WriteLine($"wrote {Path.Combine(trackEvalDir, TrackEvalFiles.SummaryFileName)} and {TrackEvalFiles.DetailedFileName}");
        }

        if (timing is not null)
        {
            string phases = string.Join(", ", timing.Phases().Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Milliseconds:F1}")));
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timing: {sequences.Count} sequences evaluated in {evaluateMs:F1} ms wall; summed over workers (ms): {phases}; allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MB, {GC.CollectionCount(0)} gen0/{GC.CollectionCount(2)} gen2 GCs; JIT {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms for {System.Runtime.JitInfo.GetCompiledMethodCount()} methods; process alive {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms"));
        }
        return CheckThresholds(context, report, thresholds);
    }

    private static void CheckDistinct(params (string Option, string? Path)[] outputs)
    {
        for (int a = 0; a < outputs.Length; a++)
        {
            for (int b = a + 1; b < outputs.Length; b++)
            {
                if (outputs[a].Path is { } p && string.Equals(p, outputs[b].Path, StringComparison.Ordinal))
                    throw new UsageException($"{outputs[a].Option} and {outputs[b].Option} are the same file '{p}'; choose two names");
            }
        }
    }

    private static IReadOnlyList<EvaluationSequence> FindSequences(Request request)
    {
        if (File.Exists(request.Gt))
        {
            if (Directory.Exists(request.Results))
                throw new UsageException($"--gt is a file, so --results must be one result file too, not the folder '{request.Results}'");
            if (request.Seqmap is not null)
                throw new UsageException("--seqmap applies to a benchmark folder; --gt is a single gt file");
            if (request.SeqLength is < 1)
                throw new UsageException($"--seq-length must be at least 1 (got {request.SeqLength})");
            return [MotChallengeLayout.Single(request.Gt, request.Results, request.SeqLength)];
        }
        if (Directory.Exists(request.Gt))
        {
            if (File.Exists(request.Results))
                throw new UsageException($"--gt is a benchmark folder, so --results must be a folder of <sequence>.txt files, not the file '{request.Results}'");
            if (request.SeqLength is not null)
                throw new UsageException("--seq-length applies to the single-file form; a benchmark folder takes lengths from each seqinfo.ini");
            return MotChallengeLayout.Discover(request.Gt, request.Results, request.Seqmap);
        }
        throw new UsageException($"ground truth '{request.Gt}' not found (give a benchmark folder or a gt.txt file)");
    }

    private static string CheckTrackEvalFolder(CliContext context, string folder, bool overwrite, IReadOnlyList<string> inputs)
    {
        string dir = context.ResolvePath(folder);
        if (File.Exists(dir)) throw new UsageException($"--trackeval-files '{folder}' is a file; give a folder");
        foreach (string name in new[] { TrackEvalFiles.SummaryFileName, TrackEvalFiles.DetailedFileName })
            OutputPaths.CheckWritable(Path.Combine(dir, name), overwrite, inputs);
        return dir;
    }

    internal static int CheckThresholds(CliContext context, EvaluationReport report, IReadOnlyList<MetricThreshold> thresholds)
    {
        if (thresholds.Count == 0) return ExitCodes.Ok;
        var failures = MetricThreshold.Failures(report, thresholds);
        foreach (var (threshold, actual) in failures)
        {
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fail-under: {threshold.Metric} {actual:0.000} is below {threshold.MinimumPercent:0.###} (short by {threshold.MinimumPercent - actual:0.000})"));
        }
        if (failures.Count > 0) return ExitCodes.ThresholdNotMet;
        context.Error.WriteLine($"fail-under: all {thresholds.Count} thresholds met");
        return ExitCodes.Ok;
    }
}
