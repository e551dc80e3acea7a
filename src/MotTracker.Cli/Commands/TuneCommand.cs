using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MotTracker.Engine;
using MotTracker.Engine.Tuning;
using MotTracker.Evaluation;
using MotTracker.Tracking;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack tune</c>: searches a tracker's options on the TRAIN sequences of a split and scores the best
/// setting on the held-out VAL sequences (the Engine's <see cref="TuneSearch"/> does the work).
/// </summary>
internal static class TuneCommand
{
    public static Command Create(CliContext context)
    {
        var split = new Argument<string>("split") { Description = "Folder of MOTChallenge sequence folders (seqinfo.ini, det/det.txt, gt/gt.txt; gmc.txt for trackers that use camera motion)." };
        var tracker = new Option<string>("--tracker") { Description = "Tracker whose declared search ranges are searched.", DefaultValueFactory = _ => TrackerFactory.DefaultName };
        var seqmap = new Option<string>("--seqmap") { Description = "TRAIN: seqmap of the sequences the search maximises the metric on.", Required = true };
        var valSeqmap = new Option<string>("--val-seqmap") { Description = "VAL: seqmap of the held-out sequences the best setting is scored on (the number to quote).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Folder for trials.jsonl (the trial log; rerunning with it continues the search), best.json (usable with --config) and report.html.", Required = true };
        var metric = new Option<string>("--metric") { Description = "What to maximise: HOTA, IDF1, MOTA, or a weighted sum such as HOTA:0.5,IDF1:0.5 (combined over TRAIN, in percent).", DefaultValueFactory = _ => "HOTA" };
        var trials = new Option<int>("--trials") { Description = "Number of trials (a rerun with more continues the log).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampler: the same seed gives the same trials and result whatever --jobs.", DefaultValueFactory = _ => 0 };
        var sampler = new Option<string>("--sampler")
        {
            Description = $"random (uniform), or tpe (Tree-structured Parzen Estimator after {TuneSearch.RandomStartup} random trials).",
            DefaultValueFactory = _ => "tpe",
        }.AcceptOnlyFromAmong("random", "tpe");
        var jobs = new Option<int>("--jobs") { Description = "Trials run at once, in process (0: one per core).", DefaultValueFactory = _ => 0 };
        var format = new Option<string>("--format") { Description = "Summary on stdout: table or json.", DefaultValueFactory = _ => "table" }.AcceptOnlyFromAmong("table", "json");
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace best.json and report.html in an output folder that holds no trial log." };

        var command = new Command("tune", "Search a tracker's options on TRAIN sequences (random or TPE, trials in parallel in process) and score the best setting on held-out VAL sequences.")
        {
            split, tracker, seqmap, valSeqmap, output, metric, trials, seed, sampler, jobs, format, overwrite,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            TuneObjective objective;
            try { objective = TuneObjective.Parse(parse.GetValue(metric)!); }
            catch (FormatException ex) { throw new UsageException($"--metric: {ex.Message}"); }
            var request = new TuneRequest
            {
                Split = context.ResolvePath(parse.GetValue(split)!),
                Tracker = parse.GetValue(tracker)!,
                TrainSeqmap = context.ResolvePath(parse.GetValue(seqmap)!),
                ValSeqmap = context.ResolvePath(parse.GetValue(valSeqmap)!),
                OutputDirectory = context.ResolvePath(parse.GetValue(output)!),
                Objective = objective,
                Trials = parse.GetValue(trials),
                Seed = parse.GetValue(seed),
                Sampler = parse.GetValue(sampler) == "random" ? TuneSampler.Random : TuneSampler.Tpe,
                Jobs = parse.GetValue(jobs),
            };
            bool json = parse.GetValue(format) == "json";
            bool replace = parse.GetValue(overwrite);
            // On a worker thread, so System.CommandLine's Ctrl+C handler is in place while the trials run.
            return Task.Run(() => EngineErrors.Map(() => Run(context, request, json, replace, cancellationToken)), CancellationToken.None);
        });
        return command;
    }

    private static int Run(CliContext context, TuneRequest request, bool json, bool overwrite, CancellationToken cancellationToken)
    {
        CheckOutputFolder(request.OutputDirectory, overwrite);
        var search = new TuneSearch(line => context.Error.WriteLine(line), warning => context.Error.WriteLine($"warning: {warning}"));
        TuneResult result;
        try
        {
            result = search.Run(request, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            string log = Path.Combine(request.OutputDirectory, TuneSearch.LogFileName);
            context.Error.WriteLine($"interrupted: every finished trial is kept in {log}; rerun the same command to continue");
            return ExitCodes.Interrupted;
        }
        if (json) WriteJson(context.Out, result);
        else WriteTable(context.Out, result);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tune: {result.RanNow} trials run in {result.TrialSeconds:F1} s ({result.RanNow / Math.Max(1e-9, result.TrialSeconds):F1} trials/s, {result.Trials.Count - result.RanNow} from the log); split read in {result.LoadSeconds:F1} s"));
        context.Error.WriteLine($"wrote {Path.Combine(request.OutputDirectory, TuneSearch.BestFileName)} (use with --config) and {Path.Combine(request.OutputDirectory, TuneSearch.ReportFileName)}");
        return ExitCodes.Ok;
    }

    /// <summary>A folder with a trial log is a search to continue; one with our other files but no log is someone's, replaced only with --overwrite.</summary>
    private static void CheckOutputFolder(string folder, bool overwrite)
    {
        if (File.Exists(folder)) throw new UsageException($"-o '{folder}' is a file; give a folder");
        if (!Directory.Exists(folder) || File.Exists(Path.Combine(folder, TuneSearch.LogFileName)) || overwrite) return;
        foreach (string name in new[] { TuneSearch.BestFileName, TuneSearch.ReportFileName })
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path)) throw new UsageException($"'{path}' exists and the folder holds no {TuneSearch.LogFileName}; pass --overwrite to replace it, or choose another -o folder");
        }
    }

    private static readonly (string Name, Func<TuneResult, SequenceScores> Scores, string Split)[] Rows =
    [
        ("defaults", r => r.DefaultTrain, "TRAIN"), ("defaults", r => r.DefaultVal, "VAL"),
        ("best", r => r.BestTrain, "TRAIN"), ("best", r => r.BestVal, "VAL"),
    ];

    private static void WriteTable(TextWriter w, TuneResult result)
    {
        var r = result.Request;
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mottrack tune: {result.Entry.Name}, {result.Trials.Count} trials ({r.Sampler.ToString().ToLowerInvariant()}, seed {r.Seed}), maximising {r.Objective} on TRAIN; best is trial {result.Best.Index}"));
        w.WriteLine($"TRAIN: {string.Join(", ", result.TrainSequences)}   VAL: {string.Join(", ", result.ValSequences)}");
        w.WriteLine();
        w.WriteLine($"{"Setting",-9} {"Split",-5} {"Objective",10} {"HOTA",7} {"MOTA",7} {"IDF1",7} {"IDSW",6} {"FP",7} {"FN",7}");
        foreach (var (name, scores, split) in Rows)
        {
            var s = scores(result);
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-9} {split,-5} {r.Objective.Of(s),10:F3} {TuneObjective.Percent(s, "HOTA"),7:F3} {TuneObjective.Percent(s, "MOTA"),7:F3} {TuneObjective.Percent(s, "IDF1"),7:F3} {s["IDSW"].Value,6:F0} {s["CLR_FP"].Value,7:F0} {s["CLR_FN"].Value,7:F0}"));
        }
        w.WriteLine();
        w.WriteLine("Best setting (best.json): " + string.Join(" ", result.Space.Options.Select(o => $"--{o.Name} {TrackerConfig.FormatScalar(o.Read(result.BestOptions))}")));
    }

    private static void WriteJson(TextWriter output, TuneResult result)
    {
        var r = result.Request;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("tracker", result.Entry.Name);
            w.WriteString("metric", r.Objective.ToString());
            w.WriteString("sampler", r.Sampler.ToString().ToLowerInvariant());
            w.WriteNumber("seed", r.Seed);
            w.WriteNumber("trials", result.Trials.Count);
            w.WriteNumber("trials_run", result.RanNow);
            w.WriteNumber("trial_seconds", result.TrialSeconds);
            w.WriteStartArray("train_sequences");
            foreach (string s in result.TrainSequences) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartArray("val_sequences");
            foreach (string s in result.ValSequences) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartObject("best");
            w.WriteNumber("trial", result.Best.Index);
            w.WriteStartObject("settings");
            foreach (var (key, value) in TrackerConfig.Describe(result.Entry, result.BestOptions))
            {
                w.WritePropertyName(key);
                if (value is string text) w.WriteStringValue(text);
                else if (value is bool b) w.WriteBooleanValue(b);
                else if (value is double d && !double.IsFinite(d)) w.WriteStringValue(TrackerConfig.FormatScalar(d));
                else w.WriteRawValue(TrackerConfig.FormatScalar(value), skipInputValidation: true);
            }
            w.WriteEndObject();
            w.WriteEndObject();
            foreach (var (name, scores, split) in Rows)
            {
                var s = scores(result);
                w.WriteStartObject($"{name}_{split.ToLowerInvariant()}");
                w.WriteNumber("objective", r.Objective.Of(s));
                foreach (var (metric, _) in TuneObjective.Metrics) w.WriteNumber(metric, TuneObjective.Percent(s, metric));
                w.WriteNumber("IDSW", (long)s["IDSW"].Value);
                w.WriteNumber("FP", (long)s["CLR_FP"].Value);
                w.WriteNumber("FN", (long)s["CLR_FN"].Value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
