namespace MotTracker.Cli;

/// <summary>Where results go, without ever overwriting a user's file unasked.</summary>
internal static class OutputPaths
{
    /// <summary>
    /// An explicit path is used as given, but an existing file is only replaced with --overwrite.
    /// Without one, results go to runs/&lt;kind&gt;/&lt;name&gt;.txt, or runs/&lt;kind&gt;2, 3, ... when that
    /// file already exists, so earlier runs are kept.
    /// </summary>
    public static string Resolve(CliContext context, string? explicitPath, string kind, string name, bool overwrite, IEnumerable<string> inputs)
    {
        string path;
        if (explicitPath is not null)
        {
            path = context.ResolvePath(explicitPath);
            if (Directory.Exists(path))
                throw new UsageException($"output '{explicitPath}' is a directory; give a file name");
        }
        else
        {
            string runs = Path.Combine(context.WorkingDirectory, "runs");
            path = Path.Combine(runs, kind, name + ".txt");
            for (int n = 2; File.Exists(path); n++)
                path = Path.Combine(runs, kind + n, name + ".txt");
        }
        CheckWritable(path, overwrite, inputs);
        return path;
    }

    /// <summary>Refuses to replace an existing file without --overwrite, and never writes over an input.</summary>
    public static void CheckWritable(string path, bool overwrite, IEnumerable<string> inputs)
    {
        if (File.Exists(path) && !overwrite)
            throw new UsageException($"output '{path}' already exists; pass --overwrite to replace it");
        foreach (string input in inputs)
        {
            if (string.Equals(Path.GetFullPath(input), path, StringComparison.Ordinal))
                throw new UsageException($"output '{path}' is also an input file; choose another output");
        }
    }
}
