using MotTracker.Core;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Engine.Batch;

/// <summary>
/// <c>run.json</c> (or <c>run-shard-i-of-n.json</c>): what a batch ran, with which options and models,
/// and for each sequence whether its result is complete. A rerun trusts a result only when this file
/// says it was completed with the same result-relevant options and the file still has the recorded
/// checksum.
/// </summary>
public sealed class RunManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;
    public string Tool { get; set; } = "mottrack";
    public string Version { get; set; } = "";

    /// <summary>"i/n" when sharded, else null.</summary>
    public string? Shard { get; set; }

    /// <summary>Every option of the run, as given or defaulted, by its command-line name.</summary>
    public SortedDictionary<string, string> Options { get; set; } = new(StringComparer.Ordinal);

    /// <summary>sha256 over the options that change results (tracker, thresholds, models' contents, …).</summary>
    public string OptionsHash { get; set; } = "";

    public List<ModelRecord> Models { get; set; } = [];
    public List<SequenceRecord> Sequences { get; set; } = [];

    /// <summary>Reads a manifest; null when the file does not exist.</summary>
    /// <exception cref="MotFormatException">The file is not a manifest this version understands.</exception>
    public static RunManifest? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        var manifest = ManifestFile.Read(path, ManifestJson.Default.RunManifest, ex =>
            new MotFormatException(path, (int)(ex.LineNumber ?? -1) + 1, null, $"not a valid run manifest ({ex.Message}); move the file away or pass --overwrite"))
            ?? throw new MotFormatException(path, 0, null, "empty run manifest");
        if (manifest.Format != CurrentFormat)
            throw new MotFormatException(path, 0, "format", $"run manifest format {manifest.Format} is not {CurrentFormat}; move the file away or pass --overwrite");
        return manifest;
    }

    /// <summary>Writes atomically (temp file, then rename), so a kill never leaves half a manifest.</summary>
    public void Write(string path) => ManifestFile.Write(path, this, ManifestJson.Default.RunManifest);

    public SequenceRecord? Find(string name) => Sequences.Find(s => s.Name == name);

    /// <summary>Replaces (or adds) the record of <paramref name="record"/>'s sequence, keeping name order.</summary>
    public void Put(SequenceRecord record)
    {
        int i = Sequences.FindIndex(s => s.Name == record.Name);
        if (i >= 0) Sequences[i] = record;
        else
        {
            Sequences.Add(record);
            Sequences.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }
    }
}

/// <summary>A model a run used: its role (detector, reid), its name or path as given, and its content hash.</summary>
public sealed class ModelRecord
{
    public string Role { get; set; } = "";
    public string Name { get; set; } = "";
    public string Path { get; set; } = "";
    public string Sha256 { get; set; } = "";
}

/// <summary>The state of one sequence's result.</summary>
public static class SequenceStatus
{
    /// <summary>Started and not finished (a kill or a crash leaves it so; a rerun redoes it).</summary>
    public const string Running = "running";

    /// <summary>The result file is complete and its checksum recorded.</summary>
    public const string Done = "done";

    /// <summary>The run of this sequence failed; <see cref="SequenceRecord.Error"/> says why.</summary>
    public const string Failed = "failed";

    /// <summary>Stopped by Ctrl+C or SIGTERM before it finished.</summary>
    public const string Cancelled = "cancelled";
}

public sealed class SequenceRecord
{
    public string Name { get; set; } = "";
    public string Input { get; set; } = "";
    public string Status { get; set; } = SequenceStatus.Running;
    public string OptionsHash { get; set; } = "";
    public int Frames { get; set; }
    public double Seconds { get; set; }
    public double FramesPerSecond { get; set; }
    public string? ResultSha256 { get; set; }

    /// <summary>The input's content when the run started (see <see cref="InputFingerprint"/>): a rerun redoes the input when it differs.</summary>
    public string? InputFingerprint { get; set; }

    public string? Error { get; set; }

    /// <summary>A copy: a record handed to the manifest is never changed afterwards, since the manifest may be written from another thread at any time.</summary>
    public SequenceRecord With(string status, double seconds, string? error = null) => new()
    {
        Name = Name,
        Input = Input,
        OptionsHash = OptionsHash,
        InputFingerprint = InputFingerprint,
        Status = status,
        Seconds = seconds,
        Error = error,
    };
}
