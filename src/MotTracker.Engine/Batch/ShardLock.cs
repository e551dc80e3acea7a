using System.Globalization;

namespace MotTracker.Engine.Batch;

/// <summary>
/// The lock one shard of a batch holds on its results folder while it plans and runs:
/// <c>.mottrack-shard-i-of-n.lock</c>, opened without sharing (an OS lock: <c>flock</c> on Linux and
/// macOS, a sharing lock on Windows), so the OS releases it when the process ends, however it ends.
/// One lock per shard, never one for the folder: shards share a results folder and run at once. A second
/// run of the same shard would delete the first one's temporary files and rewrite its manifest, so it is
/// refused. The file stays after the run (an empty hidden file): deleting it on release would let a run
/// that opened the old file and one that creates a new one both hold "the" lock.
/// </summary>
public sealed class ShardLock : IDisposable
{
    private readonly FileStream _stream;

    private ShardLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file's name for <paramref name="shard"/>.</summary>
    public static string FileName(ShardSpec shard) =>
        string.Create(CultureInfo.InvariantCulture, $".mottrack-shard-{shard.Index}-of-{shard.Count}.lock");

    /// <summary>Takes the shard's lock, creating the results folder if needed.</summary>
    /// <exception cref="TrackRequestException">Another run holds this shard's lock (exit code 2 in the CLI).</exception>
    public static ShardLock Acquire(string outputDirectory, ShardSpec shard)
    {
        Directory.CreateDirectory(outputDirectory);
        string path = System.IO.Path.Combine(outputDirectory, FileName(shard));
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            return new ShardLock(path, stream);
        }
        catch (IOException) when (File.Exists(path))
        {
            string which = shard.IsWhole ? "this batch" : $"shard {shard}";
            throw new TrackRequestException("output",
                $"another mottrack run is writing {which} into '{outputDirectory}' (it holds {FileName(shard)}); wait for it to finish, or give another -o folder");
        }
    }

    public void Dispose() => _stream.Dispose();
}
