using System.CommandLine;
using MotTracker.Engine.Config;
using MotTracker.Tracking;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack config show</c>: prints a tracker's effective settings (defaults, then <c>--config</c>, then
/// flags) as a settings file, the starting point for one of one's own.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext context)
    {
        var format = new Option<string>("--format")
        {
            Description = "File format to print: yaml or json.",
            DefaultValueFactory = _ => "yaml",
        }.AcceptOnlyFromAmong("yaml", "json");
        var settings = new TrackerOptionSet();
        var show = new Command("show", "Print a tracker's effective settings (its defaults, then --config's file, then the flags given) in the settings-file format --config reads.") { format };
        settings.AddSettingsTo(show);
        show.SetAction(parse =>
        {
            var (entry, resolved) = settings.ResolveSettings(parse, context);
            var kind = parse.GetValue(format) == "json" ? TrackerConfigFormat.Json : TrackerConfigFormat.Yaml;
            context.Out.Write(TrackerConfigFile.Format(TrackerConfig.Describe(entry, resolved.OptionsFor(entry)), kind));
            return ExitCodes.Ok;
        });
        return new Command("config", "Tracker settings files (--config): show a tracker's effective settings.") { show };
    }
}
