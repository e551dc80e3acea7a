using MotTracker.Core.MotChallenge;

namespace MotTracker.Evaluation;

/// <summary>
/// Finds the sequences to evaluate in the MOTChallenge folder layout: ground truth as
/// <c>&lt;benchmark&gt;/&lt;seq&gt;/gt/gt.txt</c> with <c>seqinfo.ini</c>, results as TrackEval's tracker
/// layout <c>&lt;results&gt;/&lt;seq&gt;.txt</c>.
/// </summary>
/// <remarks>
/// A seqmap sequence without a gt folder is an error rather than silently skipped: a skipped sequence
/// would change the combined numbers without anyone noticing. (MOT17's full seqmap lists the DPM, FRCNN
/// and SDP copies of each sequence; evaluate FRCNN-only data with the MOT17-train-FRCNN seqmap.)
/// </remarks>
public static class MotChallengeLayout
{
    public static string GroundTruthFile(string benchmarkDirectory, string sequence) =>
        Path.Combine(benchmarkDirectory, sequence, "gt", "gt.txt");

    public static string ResultsFile(string resultsDirectory, string sequence) =>
        Path.Combine(resultsDirectory, sequence + ".txt");

    /// <summary>
    /// The sequences of a benchmark folder: those named in <paramref name="seqmapFile"/> in its order, or
    /// without one every sub-folder holding <c>gt/gt.txt</c>, ordered by name.
    /// </summary>
    /// <exception cref="MotFormatException">A sequence lacks gt, seqinfo.ini or a result file.</exception>
    public static IReadOnlyList<EvaluationSequence> Discover(string benchmarkDirectory, string resultsDirectory, string? seqmapFile)
    {
        if (!Directory.Exists(benchmarkDirectory))
            throw new MotFormatException(benchmarkDirectory, 0, null, "ground-truth folder not found");
        if (!Directory.Exists(resultsDirectory))
            throw new MotFormatException(resultsDirectory, 0, null, "results folder not found");

        List<(string Name, int Line)> names;
        if (seqmapFile is not null)
        {
            names = ReadSeqmap(seqmapFile);
        }
        else
        {
            names = Directory.EnumerateDirectories(benchmarkDirectory)
                .Select(d => Path.GetFileName(d))
                .Where(n => File.Exists(GroundTruthFile(benchmarkDirectory, n)))
                .Order(StringComparer.Ordinal)
                // A folder name names the result file read for it: plain, like every name from an input.
                .Select(n => (PlainName.Check(n, Path.Combine(benchmarkDirectory, n), 0, null), 0))
                .ToList();
            if (names.Count == 0)
                throw new MotFormatException(benchmarkDirectory, 0, null, "no sequence folders with gt/gt.txt found");
        }

        var sequences = new List<EvaluationSequence>(names.Count);
        foreach (var (name, line) in names)
        {
            string gt = GroundTruthFile(benchmarkDirectory, name);
            if (!File.Exists(gt))
            {
                if (seqmapFile is not null)
                    throw new MotFormatException(seqmapFile, line, null, $"sequence '{name}' has no ground truth: {gt} not found{Mot17Hint(benchmarkDirectory, name)}");
                throw new MotFormatException(gt, 0, null, "file not found");
            }
            var info = SeqInfo.ReadFromDirectory(Path.Combine(benchmarkDirectory, name));
            string results = ResultsFile(resultsDirectory, name);
            if (!File.Exists(results))
                throw new MotFormatException(results, 0, null, $"no result file for sequence '{name}' (expected {name}.txt in the results folder)");
            sequences.Add(new EvaluationSequence(name, gt, results, info.SequenceLength) { ImageWidth = info.ImageWidth, ImageHeight = info.ImageHeight });
        }
        return sequences;
    }

    /// <summary>
    /// Reads a TrackEval seqmap: the first line is a header ("name"), then one sequence per line (first
    /// csv field); blank lines are skipped. Duplicates are an error, as they would count a sequence twice.
    /// </summary>
    public static List<(string Name, int Line)> ReadSeqmap(string path)
    {
        if (!File.Exists(path)) throw new MotFormatException(path, 0, null, "seqmap not found");
        var names = new List<(string, int)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1) continue;
            string name = raw.Split(',')[0].Trim();
            if (name.Length == 0) continue;
            // The name becomes a folder to read and a result file to write: a plain name or exit 2.
            PlainName.Check(name, path, lineNumber, "name");
            if (seen.TryGetValue(name, out int first))
                throw new MotFormatException(path, lineNumber, null, $"sequence '{name}' is listed twice (first on line {first})");
            seen.Add(name, lineNumber);
            names.Add((name, lineNumber));
        }
        if (names.Count == 0) throw new MotFormatException(path, 0, null, "seqmap lists no sequences");
        return names;
    }

    /// <summary>
    /// The single-sequence form: a gt file and a result file. The length comes from
    /// <paramref name="sequenceLength"/> when given, otherwise from the seqinfo.ini beside the gt folder
    /// (<c>&lt;seq&gt;/gt/gt.txt</c> → <c>&lt;seq&gt;/seqinfo.ini</c>).
    /// </summary>
    public static EvaluationSequence Single(string groundTruthFile, string resultsFile, int? sequenceLength = null, string? name = null)
    {
        if (!File.Exists(groundTruthFile)) throw new MotFormatException(groundTruthFile, 0, null, "file not found");
        if (!File.Exists(resultsFile)) throw new MotFormatException(resultsFile, 0, null, "file not found");
        string gtFolder = Path.GetDirectoryName(Path.GetFullPath(groundTruthFile)) ?? ".";
        string sequenceFolder = Path.GetDirectoryName(gtFolder) ?? gtFolder;
        int length;
        string? infoName = null;
        int width = 0, height = 0;
        if (sequenceLength is { } given)
        {
            if (given < 1) throw new ArgumentOutOfRangeException(nameof(sequenceLength), "sequence length must be at least 1");
            length = given;
        }
        else
        {
            string ini = Path.Combine(sequenceFolder, SeqInfo.FileName);
            if (!File.Exists(ini))
                throw new MotFormatException(ini, 0, null, "file not found; the single-sequence form reads seqLength from seqinfo.ini beside the gt folder, or give the length explicitly");
            var info = SeqInfo.Read(ini);
            length = info.SequenceLength;
            infoName = info.Name;
            (width, height) = (info.ImageWidth, info.ImageHeight);
        }
        string resolvedName = name ?? infoName ?? Path.GetFileName(sequenceFolder);
        if (string.IsNullOrEmpty(resolvedName)) resolvedName = Path.GetFileNameWithoutExtension(resultsFile);
        return new EvaluationSequence(resolvedName, groundTruthFile, resultsFile, length) { ImageWidth = width, ImageHeight = height };
    }

    /// <summary>
    /// MOT17's full seqmap names each sequence three times (DPM, FRCNN, SDP detections) although the gt is
    /// the same, and often only the FRCNN folder is on disk: say so instead of only "not found".
    /// </summary>
    private static string Mot17Hint(string benchmarkDirectory, string name)
    {
        foreach (string suffix in new[] { "-DPM", "-SDP" })
        {
            if (!name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            string frcnn = name[..^suffix.Length] + "-FRCNN";
            if (File.Exists(GroundTruthFile(benchmarkDirectory, frcnn)))
                return $" (only {frcnn} is present; MOT17 gt is identical for DPM, FRCNN and SDP, so evaluate with a FRCNN-only seqmap such as MOT17-train-FRCNN.txt)";
        }
        return "";
    }
}
