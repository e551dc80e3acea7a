namespace MotTracker.Cli;

/// <summary>
/// What a command may touch of the outside world. Injected so the whole CLI runs in-process in tests,
/// with captured writers and a controlled environment.
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter @out, TextWriter error, Func<string, string?>? environment = null, string? workingDirectory = null)
    {
        Out = @out;
        Error = error;
        Environment = environment ?? System.Environment.GetEnvironmentVariable;
        WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
    }

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public Func<string, string?> Environment { get; }
    public string WorkingDirectory { get; }

    /// <summary>
    /// What the Engine sees of this context: its environment variables, working directory, and the command's log for
    /// the Engine's warnings and notes. One place, so every command hands the Engine the same world.
    /// </summary>
    public Engine.EngineEnvironment EngineEnvironment(Serilog.ILogger log) => new()
    {
        Variables = Environment,
        WorkingDirectory = WorkingDirectory,
        Warn = message => log.Warning("{Message:l}", message),
        Info = message => log.Information("{Message:l}", message),
    };

    /// <summary>Resolves a user-given path against the working directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
