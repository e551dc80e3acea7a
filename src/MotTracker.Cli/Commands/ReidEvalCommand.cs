using System.CommandLine;
using System.Globalization;
using MotTracker.Cli.Logging;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine;
using MotTracker.Engine.Reid;
using MotTracker.Evaluation.Reid;
using MotTracker.Inference.Runtime;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack reid-eval</c>: Rank-k and mAP of a ReID model on a Market-1501 folder or on multi-camera
/// MOTChallenge sequences (the Market-1501 protocol; see <see cref="ReidEvaluation"/>).
/// </summary>
internal static class ReidEvalCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Argument<string>("data") { Description = "A Market-1501 folder (query/ + bounding_box_test/) or a folder of MOTChallenge sequences, one camera each, with gt ids global across them." };
        var reid = new Option<string>("--reid") { Description = "ReID model: a name from 'mottrack models list' or an .onnx path.", Required = true };
        var device = new Option<string>("--device") { Description = "Where the model runs: cpu, cuda or auto.", DefaultValueFactory = _ => "cpu" }.AcceptOnlyFromAmong("cpu", "cuda", "auto");
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of the model (0: all cores).", DefaultValueFactory = _ => 0 };
        var minVisibility = new Option<double>("--min-visibility") { Description = "MOT sequences: crop only gt boxes at least this visible (0-1).", DefaultValueFactory = _ => 0.5 };
        var queryEvery = new Option<int>("--query-every") { Description = "MOT sequences: 0 makes the middle crop of each identity in each camera the query; K >= 2 makes every K-th crop (the 1st, (K+1)-th, ...) a query and the rest gallery.", DefaultValueFactory = _ => 0 };
        var sampleEvery = new Option<int>("--sample-every") { Description = "MOT sequences: one crop every N frames of each identity in each camera.", DefaultValueFactory = _ => 10 };
        var minHeight = new Option<int>("--min-height") { Description = "MOT sequences: crop only boxes at least this many pixels tall.", DefaultValueFactory = _ => 32 };
        var maxRank = new Option<int>("--max-rank") { Description = "Ranks in the CMC curve (JSON and plot).", DefaultValueFactory = _ => ReidMetrics.DefaultMaxRank };
        var json = new Option<string?>("--json") { Description = "Also write the scores and the CMC curve as JSON to this file." };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML page (table and CMC plot) to this file." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing output files." };

        var command = new Command("reid-eval", "Score a ReID model: Rank-1/5/10, mAP and the CMC curve on a Market-1501 folder or on multi-camera MOTChallenge sequences.")
        {
            data, reid, device, threads, minVisibility, sampleEvery, queryEvery, minHeight, maxRank, json, report, overwrite,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(threads) < 0) throw new UsageException("--threads must be 0 (all cores) or a positive number");
            string dataPath = context.ResolvePath(parse.GetValue(data)!);
            bool replace = parse.GetValue(overwrite);
            string? jsonPath = parse.GetValue(json) is { } j ? OutputPaths.Resolve(context, j, "reid-eval", "reid", replace, []) : null;
            string? reportPath = parse.GetValue(report) is { } r ? OutputPaths.Resolve(context, r, "reid-eval", "report", replace, []) : null;
            if (jsonPath is not null && string.Equals(jsonPath, reportPath, StringComparison.Ordinal))
                throw new UsageException($"--json and --report are the same file '{jsonPath}'; choose two names");
            var request = new ReidEvaluationRequest
            {
                Data = dataPath,
                Models = new ModelSettings
                {
                    Reid = parse.GetValue(reid),
                    Device = parse.GetValue(device) switch { "cuda" => ExecutionDevice.Cuda, "auto" => ExecutionDevice.Auto, _ => ExecutionDevice.Cpu },
                    Threads = parse.GetValue(threads),
                },
                MinVisibility = parse.GetValue(minVisibility),
                SampleEvery = parse.GetValue(sampleEvery),
                QueryEvery = parse.GetValue(queryEvery),
                MinHeight = parse.GetValue(minHeight),
                MaxRank = parse.GetValue(maxRank),
            };
            var log = CliLog.Create(parse, context);
            var engine = new TrackingEngine(context.EngineEnvironment(log));
            return Task.Run(() => EngineErrors.Map(() =>
            {
                var run = ReidEvaluation.Run(request, engine, cancellationToken);
                ReidReport.WriteTable(context.Out, run);
                if (jsonPath is not null)
                {
                    AtomicFile.Write(jsonPath, w => ReidReport.WriteJson(w, run));
                    context.Error.WriteLine($"wrote {jsonPath}");
                }
                if (reportPath is not null)
                {
                    AtomicFile.Write(reportPath, w => ReidReport.WriteHtml(w, run));
                    context.Error.WriteLine($"wrote {reportPath}");
                }
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reid-eval: {run.Crops} crops in {run.EmbedSeconds:F1} s ({run.CropsPerSecond:F1} crops/s)"));
                return ExitCodes.Ok;
            }), CancellationToken.None);
        });
        return command;
    }
}
