namespace MotTracker.Core.MotChallenge;

/// <summary>
/// Writes a file so that readers only ever see the old content or the complete new one: the text goes
/// to a temporary file in the same folder (same file system, so the rename is atomic) and is renamed
/// over the target only after it was written and flushed without error.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        using var file = AtomicTextFile.Create(path);
        write(file.Writer);
        file.Commit();
    }

    /// <summary>A temporary name beside <paramref name="fullPath"/>, hidden and unique to this process and call.</summary>
    public static string TempPathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath) ?? ".", $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Whether <paramref name="candidate"/> is named exactly as <see cref="TempPathFor"/> names a temporary
    /// file of <paramref name="fullPath"/> (".&lt;name&gt;.&lt;pid&gt;.&lt;32 hex&gt;.tmp" in the same folder). The
    /// exact shape matters: cleanup deletes what matches, and a user's own ".&lt;name&gt;.something.tmp" must survive.
    /// </summary>
    public static bool IsTempPathFor(string fullPath, string candidate)
    {
        string prefix = $".{Path.GetFileName(fullPath)}.";
        string name = Path.GetFileName(candidate);
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        string[] middle = name[prefix.Length..^".tmp".Length].Split('.');
        return middle.Length == 2
            && middle[0].Length > 0 && middle[0].All(char.IsAsciiDigit)
            && middle[1].Length == 32 && middle[1].All(char.IsAsciiHexDigitLower);
    }

    /// <summary>
    /// Deletes the temporary files a killed process left for <paramref name="fullPath"/> (only names
    /// <see cref="IsTempPathFor"/> accepts). Call it only when nothing is writing that file now.
    /// </summary>
    public static void RemoveLeftoverTemps(string fullPath)
    {
        string? folder = Path.GetDirectoryName(fullPath);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder)) return;
        foreach (string leftover in Directory.EnumerateFiles(folder, $".{Path.GetFileName(fullPath)}.*.tmp"))
            if (IsTempPathFor(fullPath, leftover)) TryDelete(leftover);
    }

    /// <summary>Deletes a leftover temporary file, ignoring a file that is already gone or locked.</summary>
    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// A text file written over time (e.g. one frame's results at a time) into a temporary file beside the
/// target, renamed into place by <see cref="Commit"/>. Disposed without a commit (an error, a
/// cancellation) it deletes the temporary file, so the target is never half-written.
/// </summary>
public sealed class AtomicTextFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;
    private bool _disposed;

    private AtomicTextFile(string path, string temp, FileStream stream)
    {
        Path = path;
        TempPath = temp;
        _stream = stream;
        Writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), TextFileBuffer.Chars) { NewLine = "\n" };
    }

    /// <summary>The target file.</summary>
    public string Path { get; }

    /// <summary>Where the text goes until <see cref="Commit"/>.</summary>
    public string TempPath { get; }

    public TextWriter Writer { get; }

    /// <summary>Creates the folder if needed and opens a fresh temporary file beside <paramref name="path"/>.</summary>
    public static AtomicTextFile Create(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full) ?? ".");
        string temp = AtomicFile.TempPathFor(full);
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, TextFileBuffer.StreamBytes);
        return new AtomicTextFile(full, temp, stream);
    }

    /// <summary>Flushes to disk and renames the temporary file over the target.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            Writer.Flush();
            _stream.Flush(flushToDisk: true);
            Writer.Dispose();
            File.Move(TempPath, Path, overwrite: true);
            _committed = true;
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { Writer.Dispose(); }
        catch (IOException) { } // a full disk on the final flush: the file is deleted below anyway
        if (!_committed) AtomicFile.TryDelete(TempPath);
    }
}

/// <summary>Buffer sizes of the text files written through a <see cref="StreamWriter"/> (results, sidecars).</summary>
internal static class TextFileBuffer
{
    /// <summary>
    /// The writer's buffer, in characters. Its arrays (the characters, and the UTF-8 bytes at 3 a character)
    /// stay below the large-object threshold of 85,000 bytes: 65,536 characters made two large objects
    /// (128 KB and 196 KB), and the second, allocated at the first flush, was what set off a full collection in
    /// the middle of a public-detection run, after det.txt's buffer and rows had used up the large-object budget.
    /// </summary>
    public const int Chars = 1 << 14;

    /// <summary>
    /// The file stream under the writer has no buffer of its own (1 turns it off): the writer hands it whole
    /// 48 KB blocks, which a second buffer would only copy once more.
    /// </summary>
    public const int StreamBytes = 1;
}
