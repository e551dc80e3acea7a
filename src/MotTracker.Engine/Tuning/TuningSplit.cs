using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tuning;

/// <summary>
/// One sequence of a split, read once and kept in memory for every trial of a search: its detections per
/// frame (as <see cref="PublicDetectionStage"/> hands them to the tracker), the camera motion per frame (as
/// <see cref="FileCameraMotionStage"/> would, for a tracker that compensates it), and its ground truth.
/// </summary>
public sealed class TuningSequence
{
    internal TuningSequence(string name, string directory, SeqInfo info, Detection[][] frames, AffineWarp?[]? motion, List<MotRow> groundTruth, string groundTruthFile)
    {
        Name = name;
        Directory = directory;
        Info = info;
        Frames = frames;
        Motion = motion;
        GroundTruth = groundTruth;
        GroundTruthFile = groundTruthFile;
    }

    public string Name { get; }

    public string Directory { get; }

    public SeqInfo Info { get; }

    /// <summary>Detections of frame f at index f - 1, in file order; frames 1 … the last frame <c>track</c> would feed.</summary>
    public Detection[][] Frames { get; }

    /// <summary>The warp into frame f from the frame before (index f - 1), or null when the tracker gets no camera motion.</summary>
    public AffineWarp?[]? Motion { get; }

    public List<MotRow> GroundTruth { get; }

    public string GroundTruthFile { get; }
}

/// <summary>
/// The sequences a seqmap names in a split folder (<c>&lt;split&gt;/&lt;seq&gt;/</c> with seqinfo.ini,
/// det/det.txt and gt/gt.txt), each parsed once (<see cref="TuningSequence"/>), so trials cost only tracking
/// and scoring.
/// </summary>
public sealed class TuningSplit
{
    private TuningSplit(string seqmap, IReadOnlyList<TuningSequence> sequences)
    {
        Seqmap = seqmap;
        Sequences = sequences;
    }

    /// <summary>The seqmap file the sequences were named by.</summary>
    public string Seqmap { get; }

    /// <summary>In name order (the order TrackEval sums them in).</summary>
    public IReadOnlyList<TuningSequence> Sequences { get; }

    public IEnumerable<string> Names => Sequences.Select(s => s.Name);

    /// <summary>
    /// Reads the sequences <paramref name="seqmap"/> lists under <paramref name="splitDirectory"/>, with the
    /// camera motion of their gmc.txt when <paramref name="entry"/> uses it (<c>--cmc auto</c>'s choice for
    /// a folder without frames).
    /// </summary>
    /// <exception cref="MotFormatException">The seqmap names a sequence that is missing or malformed (file and line named).</exception>
    public static TuningSplit Load(string splitDirectory, string seqmap, TrackerEntry entry, Action<string>? warn = null)
    {
        if (!System.IO.Directory.Exists(splitDirectory))
            throw new MotFormatException(splitDirectory, 0, null, "split folder not found");
        var names = MotChallengeLayout.ReadSeqmap(seqmap);
        var sequences = new TuningSequence[names.Count];
        var failures = new System.Runtime.ExceptionServices.ExceptionDispatchInfo?[names.Count];
        // Sequences parse independently, one thread each; a bad file is reported as itself (the first in seqmap order), not wrapped.
        Parallel.For(0, names.Count, i =>
        {
            try
            {
                sequences[i] = LoadSequence(splitDirectory, seqmap, names[i].Name, names[i].Line, entry, warn);
            }
            catch (Exception ex)
            {
                failures[i] = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            }
        });
        foreach (var failure in failures) failure?.Throw();
        return new TuningSplit(seqmap, [.. sequences.OrderBy(s => s.Name, StringComparer.Ordinal)]);
    }

    private static TuningSequence LoadSequence(string splitDirectory, string seqmap, string name, int line, TrackerEntry entry, Action<string>? warn)
    {
        string dir = Path.Combine(splitDirectory, name);
        foreach (string needed in new[] { SeqInfo.FileName, Path.Combine("det", "det.txt"), Path.Combine("gt", "gt.txt") })
        {
            if (!File.Exists(Path.Combine(dir, needed)))
                throw new MotFormatException(seqmap, line, "name", $"sequence '{name}' has no {needed} ({Path.Combine(dir, needed)} not found)");
        }
        var info = SeqInfo.ReadFromDirectory(dir);
        var reader = DetectionFrameReader.Open(Path.Combine(dir, "det", "det.txt"), info.SequenceLength);
        var frames = new Detection[reader.LastFrame][];
        for (int f = 0; f < frames.Length; f++) frames[f] = [];
        foreach (var (frame, rows) in reader.Frames())
        {
            var span = rows.Span;
            var detections = new Detection[span.Length];
            for (int i = 0; i < span.Length; i++) detections[i] = new Detection(span[i].Box, span[i].Score);
            frames[frame - 1] = detections;
        }

        AffineWarp?[]? motion = null;
        if (entry.UsesCameraMotion)
        {
            string gmcPath = Path.Combine(dir, GmcFile.FileName);
            if (File.Exists(gmcPath))
            {
                var gmc = GmcFile.Read(gmcPath);
                int needed = Math.Max(frames.Length, info.SequenceLength);
                if (needed > gmc.FrameCount) throw GmcFile.TooShort(gmcPath, gmc.FrameCount, needed);
                motion = new AffineWarp?[frames.Length];
                // Frames arrive one after another, so each warp is the one from the previous frame (the first from frame 0).
                for (int f = 1; f <= frames.Length; f++) motion[f - 1] = gmc.Between(f - 1, f);
            }
            else
            {
                warn?.Invoke($"{name}: {entry.Name} runs without camera-motion compensation: the sequence has no {GmcFile.FileName}");
            }
        }
        string gtFile = Path.Combine(dir, "gt", "gt.txt");
        return new TuningSequence(name, dir, info, frames, motion, MotFileReader.Read(gtFile, MotFileKind.GroundTruth), gtFile);
    }
}
