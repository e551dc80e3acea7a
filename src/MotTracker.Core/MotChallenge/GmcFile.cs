using System.Globalization;

namespace MotTracker.Core.MotChallenge;

/// <summary>
/// Camera motion per frame in BoT-SORT's GMC file format (the <c>gmc.txt</c> of a sequence folder,
/// BoT-SORT's <c>GMC-&lt;seq&gt;.txt</c>): one line per frame, in frame order, holding the 0-based frame
/// index then the 2x3 affine <c>a11 a12 tx a21 a22 ty</c>, tab separated (published files end every
/// line with a tab). Line <c>i</c> maps frame <c>i</c>'s coordinates to frame <c>i+1</c>'s, frames being
/// 1-based: line 0 belongs to frame 1 and is the identity.
/// </summary>
public sealed class GmcFile
{
    /// <summary>The name a sequence folder's file has.</summary>
    public const string FileName = "gmc.txt";

    private readonly AffineWarp[] _warps;

    private GmcFile(string path, AffineWarp[] warps)
    {
        Path = path;
        _warps = warps;
    }

    /// <summary>The file read (for messages).</summary>
    public string Path { get; }

    /// <summary>Frames the file covers (its line count).</summary>
    public int FrameCount => _warps.Length;

    /// <summary>The warp into 1-based <paramref name="frame"/> from the frame before it (line frame-1).</summary>
    public AffineWarp Into(int frame) => _warps[frame - 1];

    /// <summary>
    /// The camera's motion from frame <paramref name="fromFrame"/> to frame <paramref name="toFrame"/>:
    /// the warps into frames fromFrame+1 … toFrame applied in turn, so a tracker that was not called on
    /// the frames between (they had no detections) still gets the whole motion. From frame 0 (before the
    /// first frame) it starts with line 0, the identity.
    /// </summary>
    /// <exception cref="MotFormatException">The file has no line for <paramref name="toFrame"/>.</exception>
    public AffineWarp Between(int fromFrame, int toFrame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromFrame);
        ArgumentOutOfRangeException.ThrowIfLessThan(toFrame, fromFrame + 1);
        if (toFrame > _warps.Length)
            throw TooShort(Path, _warps.Length, toFrame);
        // The warp into frame f is line f-1.
        var warp = _warps[fromFrame];
        for (int f = fromFrame + 2; f <= toFrame; f++)
            warp = Compose(_warps[f - 1], warp);
        return warp;
    }

    /// <summary>The error for a file with fewer lines than the input has frames: the first missing line is named.</summary>
    public static MotFormatException TooShort(string path, int lines, int frames) =>
        new(path, lines + 1, null, $"the file has {lines} lines (one per frame) but the input has at least {frames} frames: line {lines + 1} (frame index {lines}) is missing");

    /// <summary><paramref name="second"/> after <paramref name="first"/>: x ↦ second(first(x)).</summary>
    public static AffineWarp Compose(in AffineWarp second, in AffineWarp first) => new(
        second.M11 * first.M11 + second.M12 * first.M21,
        second.M11 * first.M12 + second.M12 * first.M22,
        second.M11 * first.M13 + second.M12 * first.M23 + second.M13,
        second.M21 * first.M11 + second.M22 * first.M21,
        second.M21 * first.M12 + second.M22 * first.M22,
        second.M21 * first.M13 + second.M22 * first.M23 + second.M23);

    /// <summary>Reads a GMC file whole (a few tens of kB per thousand frames).</summary>
    /// <exception cref="MotFormatException">Missing file, a line without seven numbers, or an index out of order.</exception>
    public static GmcFile Read(string path)
    {
        if (!File.Exists(path))
            throw new MotFormatException(path, 0, null, "camera-motion file not found");
        var warps = new List<AffineWarp>();
        var fields = new double[6];
        int lineNumber = 0, blankLine = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.AsSpan().Trim();
            // A blank last line (a file ending in a newline read by another tool) is not a frame.
            if (line.IsEmpty)
            {
                if (blankLine == 0) blankLine = lineNumber;
                continue;
            }
            if (blankLine > 0)
                throw new MotFormatException(path, blankLine, null, "blank line inside the file (one line per frame, no gaps)");
            int expected = warps.Count;
            int field = 0;
            foreach (var range in line.SplitAny('\t', ' '))
            {
                var token = line[range];
                if (token.IsEmpty) continue;
                if (field == 0)
                {
                    if (!int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
                        throw new MotFormatException(path, lineNumber, "frame index", $"'{token}' is not an integer");
                    if (index != expected)
                        throw new MotFormatException(path, lineNumber, "frame index", $"expected {expected} (lines are frames 0, 1, 2, … in order), found {index}");
                }
                else if (field <= 6)
                {
                    if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                        throw new MotFormatException(path, lineNumber, FieldName(field), $"'{token}' is not a finite number");
                    fields[field - 1] = value;
                }
                field++;
            }
            if (field != 7)
                throw new MotFormatException(path, lineNumber, null, $"expected 7 tab-separated fields (frame index, a11 a12 tx a21 a22 ty), found {field}");
            warps.Add(new AffineWarp(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]));
        }
        if (warps.Count == 0)
            throw new MotFormatException(path, 0, null, "the camera-motion file is empty");
        return new GmcFile(path, [.. warps]);
    }

    /// <summary>A file of known warps (tests, and a run that replays what it wrote).</summary>
    public static GmcFile FromWarps(string path, IReadOnlyList<AffineWarp> warps)
    {
        ArgumentNullException.ThrowIfNull(warps);
        if (warps.Count == 0) throw new ArgumentException("at least one frame", nameof(warps));
        return new GmcFile(path, [.. warps]);
    }

    /// <summary>
    /// Writes <paramref name="warps"/> (index 0 = frame 1) atomically in the published layout, every
    /// number in its shortest round-trip form, so reading the file back gives the very same doubles and
    /// a run replayed from it is identical to the run that wrote it.
    /// </summary>
    public static void Write(string path, IReadOnlyList<AffineWarp> warps)
    {
        ArgumentNullException.ThrowIfNull(warps);
        AtomicFile.Write(path, writer =>
        {
            for (int i = 0; i < warps.Count; i++) writer.Write(FormatLine(i, warps[i]));
        });
    }

    /// <summary>One line with its newline: index, the six entries, each followed by a tab.</summary>
    public static string FormatLine(int index, in AffineWarp warp)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv, $"{index}\t{R(warp.M11)}\t{R(warp.M12)}\t{R(warp.M13)}\t{R(warp.M21)}\t{R(warp.M22)}\t{R(warp.M23)}\t\n");

        static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string FieldName(int field) => field switch
    {
        1 => "a11",
        2 => "a12",
        3 => "tx",
        4 => "a21",
        5 => "a22",
        _ => "ty",
    };
}
