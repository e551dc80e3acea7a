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

    /// <summary>Resolves a user-given path against the working directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
