using System.Collections.Concurrent;
using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Inference.Models;

/// <summary>
/// Checks that a model file is the one its manifest entry names (SHA-256), where it is loaded: a partial
/// download or another file under a known name would otherwise run with the entry's pre-processing and
/// give wrong boxes quietly. Hashing a large model on every run would cost time, so a file's hash is
/// remembered by full path + size + modification time: in memory for the process, and in one small file
/// under the user's cache folder ($XDG_CACHE_HOME/mottrack, default ~/.cache/mottrack) across runs.
/// Never beside the model: model folders may be read-only or shared between users.
/// </summary>
public sealed class ModelChecksums
{
    /// <summary>Lines of "sha256 TAB size TAB mtime-ticks TAB full path".</summary>
    public const string CacheFileName = "model-sha256.tsv";

    /// <summary>Entries kept in the cache file; older ones are dropped (a user has a handful of models).</summary>
    private const int MaxCachedFiles = 256;

    private static readonly ConcurrentDictionary<FileKey, string> s_memory = new();
    private static readonly Lock s_fileLock = new();

    public ModelChecksums(Func<string, string?> environment)
    {
        CacheFile = UserFolders.Cache(environment) is { } dir ? Path.Combine(dir, CacheFileName) : null;
    }

    /// <summary>Where hashes are remembered across runs; null when there is no home folder.</summary>
    public string? CacheFile { get; }

    /// <summary>The lower-case hex SHA-256 of <paramref name="path"/>, from the cache when the file is unchanged.</summary>
    public string Sha256(string path)
    {
        var info = new FileInfo(path);
        var key = new FileKey(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks);
        if (s_memory.TryGetValue(key, out string? known)) return known;
        string? hash = ReadCached(key);
        if (hash is null)
        {
            hash = FileHash.Sha256OfFile(info.FullName);
            TryRemember(key, hash);
        }
        s_memory[key] = hash;
        return hash;
    }

    /// <summary>Refuses <paramref name="path"/> unless its content is <paramref name="entry"/>'s.</summary>
    /// <exception cref="InvalidModelException">The sha256 differs from the manifest's.</exception>
    public void Verify(string path, ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string actual = Sha256(path);
        if (actual != entry.Sha256)
            throw new InvalidModelException(
                $"model '{path}' is not the manifest's {entry.Name}: its sha256 is {actual}, {entry.ManifestSource} lists {entry.Sha256} " +
                $"(a partial download or another file under that name); replace it with `mottrack models pull {entry.Name} --force`, " +
                "or give your own model a file name the manifest does not list");
    }

    private string? ReadCached(FileKey key)
    {
        if (CacheFile is null) return null;
        try
        {
            if (!File.Exists(CacheFile)) return null;
            foreach (string line in File.ReadLines(CacheFile))
            {
                if (Parse(line) is { } entry && entry.Key == key) return entry.Sha256;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>Adds the hash to the cache file; a cache that cannot be written (read-only home) only costs the next run a hash.</summary>
    private void TryRemember(FileKey key, string sha256)
    {
        // Tabs or line breaks in a path would break the line format; such a file is simply hashed each run.
        if (CacheFile is null || key.Path.Any(char.IsControl)) return;
        lock (s_fileLock)
        {
            try
            {
                var entries = new List<string>();
                if (File.Exists(CacheFile))
                {
                    foreach (string line in File.ReadLines(CacheFile))
                    {
                        // The file's older versions are stale: keep one line per path.
                        if (Parse(line) is { } entry && entry.Key.Path != key.Path) entries.Add(line);
                    }
                }
                entries.Add(string.Create(CultureInfo.InvariantCulture, $"{sha256}\t{key.Size}\t{key.Ticks}\t{key.Path}"));
                // Written whole and renamed into place, so a concurrent run reads the old or the new file, never half of one.
                AtomicFile.Write(CacheFile, writer =>
                {
                    foreach (string line in entries.Skip(Math.Max(0, entries.Count - MaxCachedFiles)))
                        writer.Write(line + "\n");
                });
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static (FileKey Key, string Sha256)? Parse(string line)
    {
        string[] parts = line.Split('\t', 4);
        if (parts.Length != 4 || parts[0].Length != 64 || !parts[0].All(char.IsAsciiHexDigit)) return null;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size)) return null;
        if (!long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ticks)) return null;
        return (new FileKey(parts[3], size, ticks), parts[0]);
    }

    private readonly record struct FileKey(string Path, long Size, long Ticks);
}
