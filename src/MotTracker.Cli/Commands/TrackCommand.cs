using System.CommandLine;
namespace MotTracker.Cli.Commands;
public static class TrackCommand { public static Command Create(CliContext context) => new("track"); }
