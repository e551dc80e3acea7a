using System.CommandLine;
using System.Globalization;
using MotTracker.Media.Synthesis;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack synth</c>: writes a synthetic scene with exact ground truth (MOT17 people on vtest.avi's
/// street) in MOTChallenge layout, so <c>mottrack track</c> + <c>mottrack eval</c> can score it.
/// </summary>
internal static class SynthCommand
{
    public static Command Create(CliContext context)
    {
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed and options give byte-identical files.", DefaultValueFactory = _ => 1 };
        var people = new Option<int>("--people") { Description = "Identities in the scene (each a different MOT17 person).", DefaultValueFactory = _ => 20 };
        var frames = new Option<int>("--frames") { Description = "Frames to write.", DefaultValueFactory = _ => 600 };
        var fps = new Option<double>("--fps") { Description = "Frame rate (motion is scripted in seconds; 10 is vtest.avi's own rate).", DefaultValueFactory = _ => 10 };
        var difficulty = new Option<string>("--difficulty") { Description = "easy, default or hard: people in view, share of scripted encounters and look-alike pairs, walking speed.", DefaultValueFactory = _ => "default" };
        var camera = new Option<string>("--camera") { Description = "static, pan or zoom: a virtual camera moving over a 1.5x canvas (its per-frame affine is in camera.txt).", DefaultValueFactory = _ => "static" };
        var cameras = new Option<int>("--cameras") { Description = "Cameras of a network over the same street (1-4): more than 1 writes <name>/<name>-c1, -c2, ... one sequence per camera, gt ids global (overlapping views, hand-overs after a delay, people seen by one camera only).", DefaultValueFactory = _ => 1 };
        var name = new Option<string?>("--name") { Description = "Sequence folder name (default: synth-<camera>-<difficulty>-s<seed>)." };
        var output = new Option<string>("--output", "-o") { Description = "Benchmark folder to write the sequence folder into (what eval's --gt takes).", DefaultValueFactory = _ => "runs/synth" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing sequence folder of the same name." };
        var mot17 = new Option<string>("--mot17") { Description = "MOT17 training folder the people are cut from (<seq>/img1 + gt/gt.txt).", DefaultValueFactory = _ => "../shared/data/MOT17/train" };
        var background = new Option<string>("--background-video") { Description = "Video whose per-pixel median is the empty street (768x576).", DefaultValueFactory = _ => SceneSources.DefaultBackgroundVideo };

        var command = new Command("synth", "Write a synthetic tracking scene with exact ground truth: MOT17 people cut out with GrabCut, walking on vtest.avi's empty street (MOTChallenge layout + video).")
        {
            seed, people, frames, fps, difficulty, camera, cameras, name, output, overwrite, mot17, background,
        };
        command.SetAction(parse =>
        {
            var options = new SceneOptions
            {
                Seed = parse.GetValue(seed),
                People = parse.GetValue(people),
                Frames = parse.GetValue(frames),
                Fps = parse.GetValue(fps),
                Difficulty = ParseEnum<SceneDifficulty>(parse.GetValue(difficulty)!, "--difficulty", "easy, default or hard"),
                Camera = ParseEnum<SceneCamera>(parse.GetValue(camera)!, "--camera", "static, pan or zoom"),
                Name = parse.GetValue(name),
                Cameras = parse.GetValue(cameras),
            };
            try { options.Validate(); }
            catch (ArgumentException ex) { throw new UsageException(ex.Message); }

            string benchmark = context.ResolvePath(parse.GetValue(output)!);
            string target = Path.Combine(benchmark, options.ResolvedName);
            if ((Directory.Exists(target) || File.Exists(target)) && !parse.GetValue(overwrite))
                throw new UsageException($"scene folder '{target}' already exists; pass --overwrite to replace it");
            if (File.Exists(benchmark))
                throw new UsageException($"output '{benchmark}' is a file; give a folder");
            var sources = new SceneSources(context.ResolvePath(parse.GetValue(mot17)!), context.ResolvePath(parse.GetValue(background)!));

            if (options.Cameras > 1) return Network(context, options, sources, benchmark, parse.GetValue(overwrite));
            SceneSummary summary;
            SceneTimings timings;
            try
            {
                (summary, timings) = SceneGenerator.Generate(options, sources, benchmark, parse.GetValue(overwrite));
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Name}: {summary.Frames} frames, {summary.People} people, {summary.GroundTruthRows} gt rows, {summary.MeanPeopleInView:F1} in view on average -> {summary.Directory}"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  walks {summary.Walks}, re-entries {summary.Reentries}, encounters {summary.Encounters} (look-alike pairs {summary.SimilarPairEncounters}), crossings {summary.Crossings}, occlusion episodes {summary.OcclusionEpisodes} (deep {summary.DeepOcclusionEpisodes})"));
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timing: people {timings.PeopleMs / 1000:F1} s, street {timings.BackgroundMs / 1000:F1} s, render+write {timings.RenderAndWriteMs / 1000:F1} s"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Network(CliContext context, SceneOptions options, SceneSources sources, string benchmark, bool overwrite)
    {
        IReadOnlyList<SceneSummary> cameras;
        SceneTimings timings;
        try
        {
            (cameras, timings) = SceneGenerator.GenerateNetwork(options, sources, benchmark, overwrite);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.ResolvedName}: {cameras.Count} cameras, {options.Frames} frames, {options.People} people (gt ids global) -> {Path.Combine(benchmark, options.ResolvedName)}"));
        foreach (var summary in cameras)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {summary.Name}: {summary.GroundTruthRows} gt rows, {summary.MeanPeopleInView:F1} in view on average, occlusion episodes {summary.OcclusionEpisodes}"));
        }
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timing: people {timings.PeopleMs / 1000:F1} s, street {timings.BackgroundMs / 1000:F1} s, render+write {timings.RenderAndWriteMs / 1000:F1} s"));
        return ExitCodes.Ok;
    }

    private static T ParseEnum<T>(string value, string option, string allowed) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new UsageException($"{option}: unknown value '{value}' (use {allowed})");
}
