using System.Buffers;
using System.Runtime.InteropServices;

namespace MotTracker.Core.MotChallenge;

/// <summary>
/// Reads a detections file (det.txt) frame by frame in two passes, holding only the rows that arrive
/// ahead of their turn, so a sequence of any length is tracked in memory that does not grow with it.
/// MOTChallenge detection files are not sorted by frame (MOT17's are not), but they are nearly so: a
/// frame's rows lie close together. The first pass checks every line and notes, per frame, its row count
/// and the line of its last row. The second pass streams the file again and serves frame f as soon as
/// that line has been read, so only the rows of frames still waiting for a later line are held: for a
/// nearly sorted file a handful of frames, for an adversarial one (frame 1 last) the whole file. A file
/// no longer than one chunk is read once, its rows kept from the first pass.
/// </summary>
public sealed class DetectionFrameReader
{
    // Chunks end at a line break, so the fast parser sees whole lines; 1 MiB keeps a chunk's rows small.
    private const int ChunkBytes = 1 << 20;

    private readonly string _path;
    private readonly int[] _counts;
    private readonly int[] _lastLine;
    // Held rows, grouped by frame in one block: frame f's rows are _held[_starts[f].._starts[f + 1]].
    private readonly ReadOnlyMemory<MotRow> _held;
    private readonly int[]? _starts;

    private DetectionFrameReader(string path, int[] counts, int[] lastLine, int rowCount)
    {
        _path = path;
        _counts = counts;
        _lastLine = lastLine;
        RowCount = rowCount;
    }

    private DetectionFrameReader(string path, int[] counts, int[] lastLine, int rowCount, List<MotRow> rows)
        : this(path, counts, lastLine, rowCount)
    {
        _starts = GroupInPlace(rows, counts);
        _held = new ListMemory(rows).Memory;
    }

    /// <summary>The largest frame number in the file (or the sequence length when given).</summary>
    public int LastFrame => _counts.Length - 1;

    public int RowCount { get; }

    /// <summary>
    /// Whether the rows are held from the first pass (a file of one chunk, or a layout the chunked parser
    /// declines, read by the general reader) instead of streamed again by <see cref="Frames"/>.
    /// </summary>
    public bool IsHeldWhole => _starts is not null;

    /// <summary>Reads and checks the file once.</summary>
    /// <param name="path">The detections file.</param>
    /// <param name="sequenceLength">seqLength from seqinfo.ini: frames beyond it are an error; 0 when unknown.</param>
    /// <exception cref="MotFormatException">A malformed line (file, line and field named), or a frame beyond the sequence.</exception>
    public static DetectionFrameReader Open(string path, int sequenceLength = 0)
    {
        if (!File.Exists(path)) throw new MotFormatException(path, 0, null, "file not found");
        var counts = new int[Math.Max(sequenceLength, 0) + 1];
        var lastLine = new int[counts.Length];
        int total = 0;
        void Count(MotRow row)
        {
            if (sequenceLength > 0 && row.Frame > sequenceLength)
                throw new MotFormatException(path, row.Line, "frame", $"{row.Frame} is beyond seqLength {sequenceLength} in seqinfo.ini");
            if (row.Frame >= counts.Length)
            {
                Array.Resize(ref counts, Math.Max(row.Frame + 1, counts.Length * 2));
                Array.Resize(ref lastLine, counts.Length);
            }
            counts[row.Frame]++;
            lastLine[row.Frame] = row.Line;
            total++;
        }

        // A file of one chunk is held from this pass, and read whole into a buffer of its own size: reading
        // it a second time was a third of a public-detection run's time (MOT17-04: 0.9 MB), and the chunk
        // reader's full-size buffer and row lists (7 MB, then the held copy growing) were most of the run's
        // page faults. The rows are parsed once into a list sized by the line count, then grouped.
        if (new FileInfo(path).Length <= ChunkBytes)
        {
            var rows = FastMotReader.TryParse(File.ReadAllBytes(path), MotFileKind.Detections);
            if (rows is not null)
            {
                foreach (var row in rows) Count(row);
                int last = sequenceLength > 0 ? sequenceLength : LastOf(counts);
                return new DetectionFrameReader(path, Trim(counts, last), Trim(lastLine, last), total, rows);
            }
        }
        else
        {
            using var chunks = new ChunkRows(path);
            while (chunks.Next())
            {
                foreach (var row in chunks.Rows) Count(row);
            }
            if (!chunks.Declined)
            {
                int last = sequenceLength > 0 ? sequenceLength : LastOf(counts);
                return new DetectionFrameReader(path, Trim(counts, last), Trim(lastLine, last), total);
            }
        }
        // Not the plain layout the chunked parser takes (a byte order mark, spaces as separators, …) or
        // malformed: the general reader gives the exact error, or rows we then hold whole.
        var all = MotFileReader.Read(path, MotFileKind.Detections);
        Array.Clear(counts);
        Array.Clear(lastLine);
        total = 0;
        foreach (var row in all) Count(row);
        int lastFrame = sequenceLength > 0 ? sequenceLength : LastOf(counts);
        return new DetectionFrameReader(path, Trim(counts, lastFrame), Trim(lastLine, lastFrame), total, all);
    }

    /// <summary>Every frame 1..<see cref="LastFrame"/> in order (empty for frames without rows), rows in file order.</summary>
    /// <remarks>
    /// A frame's rows are valid until the enumeration moves on: they live in arrays rented from the shared
    /// pool and returned as soon as the next frame is asked for, so a long file allocates nothing per frame.
    /// </remarks>
    public IEnumerable<(int Frame, ReadOnlyMemory<MotRow> Rows)> Frames()
    {
        if (_starts is not null)
        {
            for (int f = 1; f < _starts.Length - 1; f++) yield return (f, _held[_starts[f].._starts[f + 1]]);
            yield break;
        }
        var pool = ArrayPool<MotRow>.Shared;
        // Rows of frames not served yet, by frame; a frame's array goes back to the pool once served.
        var pending = new MotRow[LastFrame + 1][];
        var filled = new int[LastFrame + 1];
        int next = 1;
        using var chunks = new ChunkRows(_path);
        while (chunks.Next())
        {
            var rows = chunks.Rows;
            int i = 0;
            while (i < rows.Count)
            {
                // Take rows up to the line that completes the next frame to serve, then serve what is complete.
                int line = 0;
                for (; i < rows.Count; i++)
                {
                    var row = rows[i];
                    int f = row.Frame;
                    if (f > LastFrame) continue;
                    (pending[f] ??= pool.Rent(_counts[f]))[filled[f]++] = row;
                    line = row.Line;
                    if (next <= LastFrame && line >= _lastLine[next]) { i++; break; }
                }
                while (next <= LastFrame && _lastLine[next] <= line)
                {
                    var served = pending[next];
                    yield return (next, served is null ? ReadOnlyMemory<MotRow>.Empty : new ReadOnlyMemory<MotRow>(served, 0, _counts[next]));
                    if (served is not null) pool.Return(served);
                    pending[next] = null!;
                    next++;
                }
            }
        }
        if (chunks.Declined) throw new MotFormatException(_path, 0, null, "the file changed while it was being read");
        for (; next <= LastFrame; next++)
        {
            var served = pending[next];
            yield return (next, served is null ? ReadOnlyMemory<MotRow>.Empty : new ReadOnlyMemory<MotRow>(served, 0, _counts[next]));
            if (served is not null) pool.Return(served);
        }
    }

    /// <summary>
    /// The file's rows a chunk at a time through the fast parser, with absolute line numbers. One buffer and
    /// one row list serve every chunk, so a long file leaves no trail of large arrays for the collector.
    /// </summary>
    private sealed class ChunkRows(string path) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        private readonly byte[] _buffer = new byte[ChunkBytes];
        private readonly List<MotRow> _parsed = new(ChunkBytes / 24);
        private int _filled;
        private int _lineOffset;
        private bool _done;

        /// <summary>This chunk's rows, valid until the next call of <see cref="Next"/>.</summary>
        public List<MotRow> Rows { get; } = new(ChunkBytes / 24);

        /// <summary>True when a chunk was not in the plain layout the fast parser takes (the caller falls back).</summary>
        public bool Declined { get; private set; }

        public bool Next()
        {
            Rows.Clear();
            while (!_done)
            {
                int read = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
                _filled += read;
                bool end = read == 0;
                if (_filled == 0)
                {
                    _done = true;
                    return false;
                }
                int cut = end ? _filled : _buffer.AsSpan(0, _filled).LastIndexOf((byte)'\n') + 1;
                if (cut == 0)
                {
                    // One line longer than the chunk: not a MOTChallenge row.
                    if (_filled == _buffer.Length) return Decline();
                    continue;
                }
                if (!FastMotReader.TryParseInto(_buffer.AsSpan(0, cut), MotFileKind.Detections, _parsed)) return Decline();
                foreach (var row in _parsed) Rows.Add(row with { Line = row.Line + _lineOffset });
                _lineOffset += _buffer.AsSpan(0, cut).Count((byte)'\n');
                _buffer.AsSpan(cut, _filled - cut).CopyTo(_buffer);
                _filled -= cut;
                if (end) _done = true;
                if (Rows.Count > 0 || _done) return Rows.Count > 0;
            }
            return false;
        }

        private bool Decline()
        {
            Declined = true;
            _done = true;
            Rows.Clear();
            return false;
        }

        public void Dispose() => _stream.Dispose();
    }

    /// <summary>
    /// Sorts the rows by frame, stably (file order within a frame), in the list itself, and returns where
    /// each frame's rows start (one entry more than frames, so frame f ends where f + 1 starts). Copying
    /// them into an array per frame instead allocated the rows a second time (MOT17-04: 2 MB in 1,050
    /// arrays), which set off a collection that moved them all once more.
    /// </summary>
    /// <param name="counts">Rows per frame, every row's frame below its length (checked by the caller).</param>
    private static int[] GroupInPlace(List<MotRow> list, int[] counts)
    {
        var starts = new int[counts.Length + 1];
        for (int f = 0; f < counts.Length; f++) starts[f + 1] = starts[f] + counts[f];
        var rows = CollectionsMarshal.AsSpan(list);
        // Each row's place in frame order, then the permutation applied by following its cycles: every swap
        // puts one row where it belongs, so a file already in order moves nothing.
        var next = starts.AsSpan(0, counts.Length).ToArray();
        var place = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) place[i] = next[rows[i].Frame]++;
        for (int i = 0; i < rows.Length; i++)
        {
            while (place[i] != i)
            {
                int to = place[i];
                (rows[i], rows[to]) = (rows[to], rows[i]);
                (place[i], place[to]) = (place[to], to);
            }
        }
        return starts;
    }

    /// <summary>A list's rows as memory, so frames are served as slices of one block; the list is never changed again.</summary>
    private sealed class ListMemory(List<MotRow> rows) : MemoryManager<MotRow>
    {
        public override Span<MotRow> GetSpan() => CollectionsMarshal.AsSpan(rows);

        // The rows are only read through spans; nothing pins them.
        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("held detection rows are not pinned");

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    private static int LastOf(int[] counts)
    {
        for (int f = counts.Length - 1; f > 0; f--)
            if (counts[f] > 0) return f;
        return 0;
    }

    private static int[] Trim(int[] values, int last)
    {
        if (values.Length == last + 1) return values;
        var trimmed = new int[last + 1];
        Array.Copy(values, trimmed, Math.Min(values.Length, last + 1));
        return trimmed;
    }
}
