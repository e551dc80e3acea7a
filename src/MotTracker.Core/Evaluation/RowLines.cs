namespace MotTracker.Core.Evaluation;

/// <summary>
/// Maps a row index from <see cref="MotChallenge.MotFileReader"/> back to its line in the file. The reader
/// skips blank lines, so row i is the (i+1)-th non-blank line. Only used on the error path, where a
/// second pass over the file costs nothing that matters.
/// </summary>
internal static class RowLines
{
    /// <remarks>Rows given in memory (no such file) have no blank lines: row i is line i + 1.</remarks>
    public static int LineOf(string path, int rowIndex)
    {
        if (!File.Exists(path)) return rowIndex + 1;
        int line = 0, row = -1;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (text.AsSpan().Trim().IsEmpty) continue;
            if (++row == rowIndex) return line;
        }
        return 0;
    }
}
