namespace MotTracker.Core.MotChallenge;

/// <summary>
/// Reads a detections file (det.txt) frame by frame with memory bounded by a row budget instead of the
/// file's length, so a sequence of any length is tracked in flat memory. MOTChallenge detection files are
/// not sorted by frame (MOT17's are not), so the rows of a frame can be anywhere in the file: a first pass
/// counts the rows of every frame (and checks every line); then frames are served in windows of at most
/// <see cref="WindowRows"/> rows, each window one more pass over the file. A file that fits one window
/// (MOT17's largest has 28,406 rows) is kept from the first pass and read once.
/// </summary>
public sealed class DetectionFrameReader
{
    /// <summary>Rows held at once: about 3.7 MB of rows, the size of MOT17-04's whole det.txt twice over.</summary>
    public const int DefaultWindowRows = 65_536;

    // The shortest plausible det.txt line ("1,-1,1,1,1,1,1" and a line break), to bound a file's row count.
    private const long MinLineBytes = 15;

    // Chunks end at a line break, so the fast parser sees whole lines; 1 MiB keeps a chunk's rows small.
    private const int ChunkBytes = 1 << 20;

    private readonly string _path;
    private readonly int[] _counts;
    private readonly MotRow[][]? _allFrames;

    private DetectionFrameReader(string path, int[] counts, MotRow[][]? allFrames, int windowRows, int rowCount)
    {
        _path = path;
        _counts = counts;
        _allFrames = allFrames;
        WindowRows = windowRows;
        RowCount = rowCount;
    }

    /// <summary>The largest frame number in the file (or the sequence length when given).</summary>
    public int LastFrame => _counts.Length - 1;

    public int RowCount { get; }

    public int WindowRows { get; }

    /// <summary>Whether the whole file was kept in memory after the first pass.</summary>
    public bool IsSingleWindow => _allFrames is not null;

    /// <summary>Reads and checks the file once.</summary>
    /// <param name="path">The detections file.</param>
    /// <param name="sequenceLength">seqLength from seqinfo.ini: frames beyond it are an error; 0 when unknown.</param>
    /// <param name="windowRows">Row budget of a window.</param>
    /// <exception cref="MotFormatException">A malformed line (file, line and field named), or a frame beyond the sequence.</exception>
    public static DetectionFrameReader Open(string path, int sequenceLength = 0, int windowRows = DefaultWindowRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowRows, 1);
        if (!File.Exists(path)) throw new MotFormatException(path, 0, null, "file not found");
        var counts = new int[Math.Max(sequenceLength, 0) + 1];
        // A file that may fit one window is kept from the first pass (read once); the list is sized from
        // the file's length so it is not regrown. A larger file goes straight to windows.
        long length = new FileInfo(path).Length;
        List<MotRow>? kept = length / MinLineBytes <= windowRows ? new List<MotRow>((int)(length / MinLineBytes) + 1) : null;
        int total = 0;
        void Count(MotRow row)
        {
            if (sequenceLength > 0 && row.Frame > sequenceLength)
                throw new MotFormatException(path, row.Line, "frame", $"{row.Frame} is beyond seqLength {sequenceLength} in seqinfo.ini");
            if (row.Frame >= counts.Length) Array.Resize(ref counts, Math.Max(row.Frame + 1, counts.Length * 2));
            counts[row.Frame]++;
            total++;
            if (kept is null) return;
            if (kept.Count < windowRows) kept.Add(row);
            else kept = null;
        }

        if (!ForEachRow(path, Count))
        {
            // Not the plain layout the chunked parser takes (a byte order mark, spaces as separators, …) or
            // malformed: the general reader gives the exact error, or rows we then hold all at once.
            var rows = MotFileReader.Read(path, MotFileKind.Detections);
            Array.Clear(counts);
            total = 0;
            kept = null;
            foreach (var row in rows) Count(row);
            int lastFrame = sequenceLength > 0 ? sequenceLength : LastOf(counts);
            return new DetectionFrameReader(path, Trim(counts, lastFrame), MotRows.GroupByFrame(rows, lastFrame), windowRows, total);
        }

        int last = sequenceLength > 0 ? sequenceLength : LastOf(counts);
        counts = Trim(counts, last);
        return new DetectionFrameReader(path, counts, kept is null ? null : MotRows.GroupByFrame(kept, last), windowRows, total);
    }

    /// <summary>Every frame 1..<see cref="LastFrame"/> in order (empty for frames without rows), rows in file order.</summary>
    /// <remarks>
    /// A frame's rows are only valid until the enumeration moves past the window holding them: every window
    /// is read into the same buffer, so a long sequence leaves no trail of dead windows for the collector.
    /// </remarks>
    public IEnumerable<(int Frame, ArraySegment<MotRow> Rows)> Frames()
    {
        if (_allFrames is not null)
        {
            for (int f = 1; f < _allFrames.Length; f++) yield return (f, new ArraySegment<MotRow>(_allFrames[f]));
            yield break;
        }
        int largest = 0;
        for (int f = 1; f <= LastFrame; f++) largest = Math.Max(largest, _counts[f]);
        var buffer = new MotRow[Math.Max(WindowRows, largest)];
        var fill = new int[LastFrame + 2];
        int first = 1;
        while (first <= LastFrame)
        {
            // Grow the window frame by frame up to the budget (at least one frame, however large).
            int last = first, rows = _counts[first];
            while (last < LastFrame && rows + _counts[last + 1] <= WindowRows) rows += _counts[++last];
            // fill[f] walks from the start of frame f's slice of the buffer as its rows arrive.
            int offset = 0;
            for (int f = first; f <= last; f++)
            {
                fill[f] = offset;
                offset += _counts[f];
            }
            int lo = first, hi = last;
            ForEachRow(_path, row =>
            {
                if (row.Frame < lo || row.Frame > hi) return;
                buffer[fill[row.Frame]++] = row;
            });
            for (int f = first; f <= last; f++)
                yield return (f, new ArraySegment<MotRow>(buffer, fill[f] - _counts[f], _counts[f]));
            first = last + 1;
        }
    }

    // One chunk buffer and one row list serve every pass: large arrays allocated per chunk would land on
    // the large-object heap, which is only reclaimed by full collections, and memory would grow with the file.
    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static List<MotRow>? t_rows;

    /// <summary>Parses the file chunk by chunk with the fast parser; false when a chunk needs the general reader.</summary>
    private static bool ForEachRow(string path, Action<MotRow> onRow)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = t_buffer ??= new byte[ChunkBytes];
        var rows = t_rows ??= new List<MotRow>(ChunkBytes / 24);
        int filled = 0, lineOffset = 0;
        while (true)
        {
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            bool end = read == 0;
            if (filled == 0) return true;
            var span = buffer.AsSpan(0, filled);
            int cut = end ? filled : span.LastIndexOf((byte)'\n') + 1;
            if (cut == 0)
            {
                // One line longer than the chunk: not a MOTChallenge row.
                if (filled == buffer.Length) return false;
                continue;
            }
            if (!FastMotReader.TryParseInto(span[..cut], MotFileKind.Detections, rows)) return false;
            foreach (var row in rows) onRow(row with { Line = row.Line + lineOffset });
            lineOffset += span[..cut].Count((byte)'\n');
            span[cut..].CopyTo(buffer);
            filled -= cut;
            if (end) return true;
        }
    }

    private static int LastOf(int[] counts)
    {
        for (int f = counts.Length - 1; f > 0; f--)
            if (counts[f] > 0) return f;
        return 0;
    }

    private static int[] Trim(int[] counts, int last)
    {
        if (counts.Length == last + 1) return counts;
        var trimmed = new int[last + 1];
        Array.Copy(counts, trimmed, Math.Min(counts.Length, last + 1));
        return trimmed;
    }
}
