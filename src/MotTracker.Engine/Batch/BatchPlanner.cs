using MotTracker.Core;
using MotTracker.Evaluation;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Engine.Batch;

/// <summary>
/// Finds what a batch runs: the sequences of a MOTChallenge split (optionally as listed by a seqmap), or
/// the videos and image folders of a plain folder. Every name is checked before anything runs, since a
/// name becomes a file name in the results folder.
/// </summary>
public static class BatchPlanner
{
    /// <summary>File endings taken as videos in a folder of recordings (what OpenCV's FFmpeg backend reads).</summary>
    public static readonly string[] VideoExtensions = [".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v", ".mpg", ".mpeg", ".wmv", ".flv", ".ts", ".mts"];

    /// <summary>File endings that make a sub-folder an image folder.</summary>
    public static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"];

    /// <summary>Lists the batch's inputs, sorted by name.</summary>
    /// <exception cref="MotFormatException">The folder or seqmap is unusable, a name is unsafe, or two inputs share a result name.</exception>
    public static IReadOnlyList<BatchInput> Discover(string directory, string? seqmapFile)
    {
        if (!Directory.Exists(directory))
            throw new MotFormatException(directory, 0, null, "folder not found");

        var inputs = seqmapFile is null ? ListFolder(directory) : FromSeqmap(directory, seqmapFile);
        if (inputs.Count == 0)
            throw new MotFormatException(directory, 0, null,
                "nothing to track: no MOTChallenge sequence folders (seqinfo.ini), videos or image folders found");

        var byName = new Dictionary<string, BatchInput>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (byName.TryGetValue(input.Name, out var other))
                throw new MotFormatException(directory, 0, null,
                    $"'{Path.GetFileName(other.Path)}' and '{Path.GetFileName(input.Path)}' would both write {input.Name}.txt; rename one or track them in separate batches");
            byName.Add(input.Name, input);
        }
        return [.. inputs.OrderBy(i => i.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// <paramref name="path"/> as one input when it is one (a video file, a detection cache, a sequence
    /// folder or a folder of images); null for a folder of inputs.
    /// </summary>
    public static BatchInput? Single(string path)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
            return new BatchInput(PlainName.Check(Path.GetFileNameWithoutExtension(full), full, 0, null), full, BatchInputKind.Video);
        if (!Directory.Exists(full)) throw new MotFormatException(full, 0, null, "not found");
        string name = PlainName.Check(Path.GetFileName(Path.TrimEndingDirectorySeparator(full)), full, 0, null);
        if (Cache.CacheManifest.IsCache(full)) return new BatchInput(name, full, BatchInputKind.Cache);
        if (File.Exists(Path.Combine(full, SeqInfo.FileName))) return SequenceFolder(name, full);
        return HasImages(full) ? new BatchInput(name, full, BatchInputKind.ImageFolder) : null;
    }

    private static List<BatchInput> FromSeqmap(string directory, string seqmapFile)
    {
        var inputs = new List<BatchInput>();
        // ReadSeqmap refuses any name that is not plain (PlainName), naming the line.
        foreach (var (name, line) in MotChallengeLayout.ReadSeqmap(seqmapFile))
        {
            string folder = Path.Combine(directory, name);
            if (!File.Exists(Path.Combine(folder, SeqInfo.FileName)))
                throw new MotFormatException(seqmapFile, line, null, $"sequence '{name}' is not a sequence folder in {directory} (no {SeqInfo.FileName})");
            inputs.Add(Cache.CacheManifest.IsCache(folder) ? new BatchInput(name, Path.GetFullPath(folder), BatchInputKind.Cache) : SequenceFolder(name, folder));
        }
        return inputs;
    }

    private static List<BatchInput> ListFolder(string directory)
    {
        var inputs = new List<BatchInput>();
        foreach (string entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            string fileName = Path.GetFileName(entry);
            if (fileName.StartsWith('.')) continue; // hidden files and our own temp files
            BatchInput? input = null;
            if (Directory.Exists(entry))
            {
                if (Cache.CacheManifest.IsCache(entry)) input = new BatchInput(fileName, Path.GetFullPath(entry), BatchInputKind.Cache);
                else if (File.Exists(Path.Combine(entry, SeqInfo.FileName))) input = SequenceFolder(fileName, entry);
                else if (HasImages(entry)) input = new BatchInput(fileName, Path.GetFullPath(entry), BatchInputKind.ImageFolder);
            }
            else if (VideoExtensions.Contains(Path.GetExtension(entry).ToLowerInvariant()))
            {
                input = new BatchInput(Path.GetFileNameWithoutExtension(entry), Path.GetFullPath(entry), BatchInputKind.Video);
            }
            if (input is null) continue;
            // A folder or video name becomes <name>.txt in the output folder.
            PlainName.Check(input.Name, entry, 0, null);
            inputs.Add(input);
        }
        return inputs;
    }

    /// <summary>
    /// A sequence folder is tracked from its frames (img1/) or public detections (det/det.txt). One
    /// that has neither but holds exactly one video (what <c>mottrack synth</c> writes: seqinfo.ini,
    /// gt/ and the video) is tracked from that video under the folder's name, so its result lines up
    /// with the folder's gt for --eval.
    /// </summary>
    private static BatchInput SequenceFolder(string name, string folder)
    {
        string full = Path.GetFullPath(folder);
        if (Directory.Exists(Path.Combine(folder, "img1")) || File.Exists(Path.Combine(folder, "det", "det.txt")))
            return new BatchInput(name, full, BatchInputKind.Sequence);
        var videos = Directory.EnumerateFiles(folder)
            .Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Take(2).ToList();
        return videos.Count == 1
            ? new BatchInput(name, Path.GetFullPath(videos[0]), BatchInputKind.Video)
            : new BatchInput(name, full, BatchInputKind.Sequence);
    }

    private static bool HasImages(string folder) =>
        Directory.EnumerateFiles(folder).Any(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()));
}
