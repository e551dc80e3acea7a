namespace MotTracker.Cli.Tests;

/// <summary>Runs the whole CLI in-process with captured output.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static Result Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error,
            name => environment is not null && environment.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name),
            workingDirectory);
        int code = MotTrackApp.Invoke(args, context);
        return new Result(code, output.ToString(), error.ToString());
    }
}
