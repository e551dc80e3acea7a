namespace MotTracker.Core;

/// <summary>
/// Input that does not follow the MOTChallenge formats. Carries the file, line and field so the
/// message tells the user exactly what to fix.
/// </summary>
public sealed class MotFormatException : Exception
{
    public MotFormatException(string file, int line, string? field, string reason)
        : base(Format(file, line, field, reason))
    {
        File = file;
        Line = line;
        Field = field;
        Reason = reason;
    }

    public string File { get; }

    /// <summary>1-based line number; 0 when the problem is not tied to one line.</summary>
    public int Line { get; }

    public string? Field { get; }
    public string Reason { get; }

    private static string Format(string file, int line, string? field, string reason)
    {
        string where = line > 0 ? $"{file}:{line}" : file;
        return field is null ? $"{where}: {reason}" : $"{where}: field '{field}': {reason}";
    }
}
