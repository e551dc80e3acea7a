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
        var results = new Option<string?>("--results") { Description = "Tracker results: a folder of <seq>.txt (TrackEval layout) or one result file." };
        var compare = new Option<string[]>("--compare")
        {
            Description = "Compare two runs on the same gt instead of --results: --compare A B (folders or files); metric deltas B - A and the ID switches B fixed and introduced.",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var tolerance = new Option<int>("--tolerance") { Description = "With --compare: frames within which two runs' switches of the same gt id are the same switch.", DefaultValueFactory = _ => RunComparison.DefaultToleranceFrames };
        var frames = new Option<string?>("--frames") { Description = "Frames for the report's ID-switch gallery: a sequence's img1/ folder or video (single-sequence form), or a folder holding <seq>/ sequence folders (benchmark form)." };
        var seqmap = new Option<string?>("--seqmap") { Description = "TrackEval seqmap listing the sequences (default: every folder with gt/gt.txt)." };
        var benchmark = new Option<string>("--benchmark") { Description = "Rules to apply: MOT17, MOT16, MOT20 or MOT15.", DefaultValueFactory = _ => "MOT17" };
        var seqLength = new Option<int?>("--seq-length") { Description = "Single-file form: number of frames (default: seqLength from the seqinfo.ini beside the gt folder)." };
        var format = new Option<string>("--format") { Description = "Output: table (headline metrics), json or csv (all fields).", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the --format output to this file instead of stdout." };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (table, HOTA/DetA/AssA against α, IDSW/FP/FN bars) to this file." };
        var personRows = new Option<bool>("--person-rows") { Description = "Score only the person rows of a multi-class result file (column 8 holds the COCO class id; person is 0); other classes are dropped." };
        var trackEvalFiles = new Option<string?>("--trackeval-files") { Description = "Also write TrackEval's pedestrian_summary.txt and pedestrian_detailed.csv into this folder." };
        var failUnder = new Option<string?>("--fail-under") { Description = "CI gate, e.g. MOTA=55,IDF1=60,HOTA=45 (percent): exit code 3 when a combined metric is lower; with --mtmc also MTMC_IDF1, MTMC_IDP, MTMC_IDR (the multi-camera scores)." };
        var errors = new Option<string?>("--errors") { Description = "Also write every error behind the CLEAR counts (each ID switch and fragmentation, per gt id its timeline, per tracker id its false positives) as JSON to this file." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing output files." };
        var timing = new Option<bool>("--timing") { Description = "Print a timing report (per phase, summed over sequences) to stderr." };
        var mtmc = new Option<bool>("--mtmc") { Description = "The sequences are cameras whose ids are global: also score multi-camera IDF1, IDP and IDR over all cameras jointly (AI City / CityFlow), next to each camera's own metrics." };
        var mtmcMinCameras = new Option<int>("--mtmc-min-cameras") { Description = "With --mtmc: score only gt identities seen by at least this many cameras (CityFlow: 2).", DefaultValueFactory = _ => 1 };

        var command = new Command("eval", "Evaluate tracker results against MOTChallenge ground truth with TrackEval's rules and numbers (HOTA, CLEAR, Identity).")
        {
            gt, results, compare, tolerance, seqmap, benchmark, seqLength, format, output, report, errors, frames, personRows, trackEvalFiles, failUnder, overwrite, timing, mtmc, mtmcMinCameras,
        };
        command.SetAction(parse => Run(context, new Request(
            context.ResolvePath(parse.GetValue(gt)!),
            parse.GetValue(results) is { } r ? context.ResolvePath(r) : null,
            parse.GetValue(compare)?.Select(context.ResolvePath).ToArray(),
            parse.GetValue(tolerance),
            parse.GetValue(frames) is { } f ? context.ResolvePath(f) : null,
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
            parse.GetValue(timing),
            parse.GetValue(mtmc),
            OptionUse.Given(parse, mtmcMinCameras) ? parse.GetValue(mtmcMinCameras) : null)));
        return command;
    }

    private sealed record Request(
        string Gt, string? Results, string[]? Compare, int Tolerance, string? Frames, string? Seqmap, string Benchmark, int? SeqLength, string Format,
        string? Output, string? Report, string? Errors, bool PersonRows, string? TrackEvalFiles, string? FailUnder, bool Overwrite, bool Timing,
        bool Mtmc = false, int? MtmcMinCameras = null);

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
            // With --mtmc the multi-camera scores may be gated too (MTMC_IDF1=70), by their table labels.
            var names = metrics.SelectMany(m => m.SummaryFields).Where(f => f.IsPercent).Select(f => f.Label)
                .Concat(request.Mtmc ? MetricThreshold.MultiCameraMetrics : []).ToArray();
            try { thresholds = MetricThreshold.ParseList(request.FailUnder, names); }
            catch (FormatException ex)
            {
                string hint = !request.Mtmc && MetricThreshold.MultiCameraMetrics.Any(m => request.FailUnder.Contains(m, StringComparison.OrdinalIgnoreCase))
                    ? " (MTMC_IDF1, MTMC_IDP and MTMC_IDR need --mtmc)" : "";
                throw new UsageException($"--fail-under: {ex.Message}{hint}");
            }
        }

        if (request.MtmcMinCameras is { } minCameras)
        {
            if (!request.Mtmc) throw new UsageException("--mtmc-min-cameras applies to --mtmc");
            if (minCameras < 1) throw new UsageException($"--mtmc-min-cameras must be at least 1 (got {minCameras})");
        }
        if (request.Mtmc)
        {
            if (request.Compare is { Length: > 0 }) throw new UsageException("--mtmc scores one run; it does not combine with --compare");
            if (format == "csv") throw new UsageException("--mtmc writes a table or json, not csv");
            if (File.Exists(request.Gt)) throw new UsageException("--mtmc scores a benchmark folder of camera sequences, not a single gt file");
        }

        if (request.Compare is { Length: > 0 } pair)
        {
            if (request.Results is not null) throw new UsageException("give either --results or --compare A B, not both");
            return Compare(context, request, benchmark, format, metrics, thresholds, pair);
        }
        if (request.Results is null) throw new UsageException("--results is required (or --compare A B)");
        var sequences = FindSequences(request, request.Results);
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
        var multiCamera = request.Mtmc
            ? MotTracker.Evaluation.Mtmc.MultiCameraIdentity.Evaluate(MotChallengeBenchmark.For(benchmark), sequences, request.MtmcMinCameras ?? 1,
                request.PersonRows ? ResultRows.CocoPersonRows : ResultRows.Pedestrian)
            : null;
        double evaluateMs = clock.Elapsed.TotalMilliseconds;

        Action<TextWriter> write = format switch
        {
            "json" => w => JsonReport.Write(w, report, multiCamera),
            "csv" => w => TrackEvalFiles.WriteDetailed(w, report),
            _ => w =>
            {
                TextTable.Write(w, report);
                if (multiCamera is not null) MotTracker.Evaluation.Mtmc.MultiCameraOutput.WriteTable(w, multiCamera);
            },
        };
        if (outputPath is null)
        {
            write(context.Out);
        }
        else
        {
            AtomicFile.Write(outputPath, write);
            if (format != "table")
            {
                TextTable.Write(context.Out, report);
                if (multiCamera is not null) MotTracker.Evaluation.Mtmc.MultiCameraOutput.WriteTable(context.Out, multiCamera);
            }
            context.Error.WriteLine($"wrote {outputPath}");
        }
        if (reportPath is not null)
        {
            string title = $"mottrack eval: {RunName(request.Results)}";
            var extras = new HtmlReportExtras { Crops = Gallery(context, request, report), Mtmc = multiCamera };
            AtomicFile.Write(reportPath, w => HtmlReport.Write(w, report, title, extras));
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
        return CheckThresholds(context, report, thresholds, multiCamera);
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

    private static string RunName(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(path));

    /// <summary>Crops around the switches of each sequence whose frames --frames provides.</summary>
    private static IReadOnlyList<SwitchCrops> Gallery(CliContext context, Request request, EvaluationReport report)
    {
        if (request.Frames is null) return [];
        var crops = new List<SwitchCrops>();
        bool single = File.Exists(request.Gt);
        foreach (var seq in report.SequencesByName())
        {
            if (seq.Errors is not { } errors || errors.Switches.Count == 0) continue;
            string? frames = single ? request.Frames : FramesOf(request.Frames, seq.Name);
            if (frames is null)
            {
                context.Error.WriteLine($"frames: no {Path.Combine(request.Frames, seq.Name)}/ (img1/ or a video), so {seq.Name} gets no switch pictures");
                continue;
            }
            try
            {
                crops.AddRange(MotTracker.Engine.Outputs.SwitchGallery.Build(errors, frames));
            }
            catch (Exception ex) when (ex is IOException or MotFormatException or InvalidOperationException)
            {
                throw new UsageException($"--frames: cannot read the frames of {seq.Name} from {frames}: {ex.Message}");
            }
        }
        context.Error.WriteLine($"frames: {crops.Count} ID switches in pictures");
        return crops;
    }

    /// <summary>A benchmark-form frames folder: &lt;dir&gt;/&lt;seq&gt;/img1, else &lt;dir&gt;/&lt;seq&gt; (a sequence or image folder).</summary>
    private static string? FramesOf(string folder, string sequence)
    {
        if (!PlainName.IsPlain(sequence)) return null;
        string img1 = Path.Combine(folder, sequence, "img1");
        if (Directory.Exists(img1)) return img1;
        string dir = Path.Combine(folder, sequence);
        return Directory.Exists(dir) ? dir : null;
    }

    private static int Compare(CliContext context, Request request, MotBenchmark benchmark, string format,
        IReadOnlyList<MotTracker.Evaluation.Metrics.IEvaluationMetric> metrics, IReadOnlyList<MetricThreshold> thresholds, string[] pair)
    {
        if (format == "csv") throw new UsageException("--compare writes a table or json, not csv");
        if (request.TrackEvalFiles is not null) throw new UsageException("--trackeval-files applies to one run, not --compare");
        if (request.Tolerance < 0) throw new UsageException($"--tolerance must be 0 or more frames (got {request.Tolerance})");
        var sequencesA = FindSequences(request, pair[0]);
        var sequencesB = FindSequences(request, pair[1]);
        var inputs = sequencesA.Concat(sequencesB).SelectMany(s => new[] { s.GroundTruthFile, s.ResultsFile }).ToArray();
        string? outputPath = request.Output is null ? null
            : OutputPaths.Resolve(context, request.Output, "eval", "compare", request.Overwrite, inputs);
        string? reportPath = request.Report is null ? null
            : OutputPaths.Resolve(context, request.Report, "eval", "report", request.Overwrite, inputs);
        string? errorsPath = request.Errors is null ? null
            : OutputPaths.Resolve(context, request.Errors, "eval", "errors", request.Overwrite, inputs);
        CheckDistinct(("--output", outputPath), ("--report", reportPath), ("--errors", errorsPath));

        var rules = MotChallengeBenchmark.For(benchmark);
        var resultRows = request.PersonRows ? ResultRows.CocoPersonRows : ResultRows.Pedestrian;
        var a = MotEvaluator.Evaluate(rules, sequencesA, metrics, resultRows: resultRows, listErrors: true);
        var b = MotEvaluator.Evaluate(rules, sequencesB, metrics, resultRows: resultRows, listErrors: true);
        var comparison = RunComparison.Compare(a, b, RunName(pair[0]), RunName(pair[1]), request.Tolerance);

        Action<TextWriter> write = format == "json"
            ? w => ComparisonJson.Write(w, comparison)
            : w => ComparisonTable.Write(w, comparison);
        if (outputPath is null) write(context.Out);
        else
        {
            AtomicFile.Write(outputPath, write);
            if (format != "table") ComparisonTable.Write(context.Out, comparison);
            context.Error.WriteLine($"wrote {outputPath}");
        }
        if (errorsPath is not null)
        {
            var listing = ErrorsJson.From(b);
            AtomicFile.Write(errorsPath, w => ErrorsJson.Write(w, listing));
            context.Error.WriteLine($"wrote {errorsPath} (errors of {comparison.NameB})");
        }
        if (reportPath is not null)
        {
            string title = $"mottrack eval: {comparison.NameB} compared with {comparison.NameA}";
            var extras = new HtmlReportExtras { Comparison = comparison, Crops = Gallery(context, request, b) };
            AtomicFile.Write(reportPath, w => HtmlReport.Write(w, b, title, extras));
            context.Error.WriteLine($"wrote {reportPath}");
        }
        // A CI gate applies to the candidate, B.
        return CheckThresholds(context, b, thresholds);
    }

    private static IReadOnlyList<EvaluationSequence> FindSequences(Request request, string resultsPath)
    {
        request = request with { Results = resultsPath };
        if (File.Exists(request.Gt))
        {
            if (Directory.Exists(request.Results))
                throw new UsageException($"--gt is a file, so --results must be one result file too, not the folder '{request.Results}'");
            if (request.Seqmap is not null)
                throw new UsageException("--seqmap applies to a benchmark folder; --gt is a single gt file");
            if (request.SeqLength is < 1)
                throw new UsageException($"--seq-length must be at least 1 (got {request.SeqLength})");
            return [MotChallengeLayout.Single(request.Gt, resultsPath, request.SeqLength)];
        }
        if (Directory.Exists(request.Gt))
        {
            if (File.Exists(request.Results))
                throw new UsageException($"--gt is a benchmark folder, so --results must be a folder of <sequence>.txt files, not the file '{request.Results}'");
            if (request.SeqLength is not null)
                throw new UsageException("--seq-length applies to the single-file form; a benchmark folder takes lengths from each seqinfo.ini");
            return MotChallengeLayout.Discover(request.Gt, resultsPath, request.Seqmap);
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

    internal static int CheckThresholds(CliContext context, EvaluationReport report, IReadOnlyList<MetricThreshold> thresholds, MotTracker.Evaluation.Mtmc.MultiCameraScores? multiCamera = null)
    {
        if (thresholds.Count == 0) return ExitCodes.Ok;
        var failures = MetricThreshold.Failures(report, thresholds);
        if (multiCamera is not null) failures = [.. failures, .. MetricThreshold.Failures(multiCamera, thresholds)];
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
