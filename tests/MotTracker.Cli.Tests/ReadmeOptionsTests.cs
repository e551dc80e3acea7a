using System.CommandLine;
using System.Text.RegularExpressions;

namespace MotTracker.Cli.Tests;

/// <summary>
/// README.md is the user documentation: every long option any command's --help shows must be described
/// there, so a flag added to the CLI without documentation fails CI instead of going unnoticed.
/// </summary>
public sealed class ReadmeOptionsTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md"));

    [Fact]
    public void Every_long_option_of_every_command_appears_in_the_readme()
    {
        var options = OptionsByCommand(BuildRoot());

        // One line per missing flag, naming the commands that show it (recursive options show on every command).
        var missing = options
            .Where(o => !Mentions(Readme, o.Option))
            .GroupBy(o => o.Option)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(o => o.Command))})")
            .ToList();

        missing.ShouldBeEmpty($"options shown by --help but not described in README.md:\n  {string.Join("\n  ", missing)}");
    }

    [Fact]
    public void The_walk_reaches_every_command_and_subcommand_and_their_options()
    {
        // Guards the test above against passing vacuously: the walk must see nested commands and
        // options that only a subcommand or a recursive parent option defines.
        var options = OptionsByCommand(BuildRoot());
        var commands = options.Select(o => o.Command).ToHashSet();

        string[] expected = ["mottrack", "mottrack track", "mottrack batch", "mottrack eval", "mottrack synth",
            "mottrack models", "mottrack models list", "mottrack models pull"];
        expected.Where(c => !commands.Contains(c)).ShouldBeEmpty();
        options.ShouldContain(("mottrack models pull", "--force"));
        options.ShouldContain(("mottrack batch", "--save-video-dir"));
        options.ShouldContain(("mottrack track", "--track-thresh"));
        options.ShouldContain(("mottrack track", "--log-format"));
    }

    [Theory]
    [InlineData("use `--new-track-thresh` 0.6", "--track-thresh", false)]
    [InlineData("`--max-age-frames`", "--max-age", false)]
    [InlineData("| `--track-thresh` | 0.5 |", "--track-thresh", true)]
    [InlineData("(`--count-anchor bottom|center`)", "--count-anchor", true)]
    [InlineData("`-o, --output FILE`", "--output", true)]
    public void An_option_counts_as_mentioned_only_as_a_whole_flag(string text, string option, bool expected)
    {
        Mentions(text, option).ShouldBe(expected);
    }

    [Fact]
    public void The_root_help_names_several_trackers_not_only_bytetrack()
    {
        string description = BuildRoot().Description ?? "";

        description.ShouldContain("ByteTrack");
        description.ShouldContain("DeepSORT");
        description.ShouldContain("BoT-SORT");
        description.ShouldContain("OC-SORT");
    }

    private static RootCommand BuildRoot() =>
        MotTrackApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, _ => null, TestData.RepoRoot));

    /// <summary>(command path, long option name) for every option every command's --help lists, recursive ones included.</summary>
    private static List<(string Command, string Option)> OptionsByCommand(RootCommand root)
    {
        var found = new List<(string, string)>();
        var inherited = new List<Option>();
        Walk(root, "mottrack", inherited, found);
        return found;
    }

    private static void Walk(Command command, string path, List<Option> inherited, List<(string, string)> found)
    {
        foreach (var option in command.Options.Concat(inherited).Distinct())
        {
            foreach (string name in new[] { option.Name }.Concat(option.Aliases).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct())
                found.Add((path, name));
        }

        var passedDown = inherited.Concat(command.Options.Where(o => o.Recursive)).ToList();
        foreach (var sub in command.Subcommands)
            Walk(sub, $"{path} {sub.Name}", passedDown, found);
    }

    /// <summary>The flag as a whole word: "--track-thresh" is not mentioned by "--new-track-thresh".</summary>
    private static bool Mentions(string text, string option) =>
        Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(option)}(?![\w-])");
}
