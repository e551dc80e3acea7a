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
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16))
            {
                writer.NewLine = "\n";
                write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
