using System.Globalization;

namespace MotTracker.Core.MotChallenge;

/// <summary>
/// Writes tracker results as MOTChallenge lines <c>frame,id,x,y,w,h,conf,-1,-1,-1</c>; a multi-class run
/// writes the COCO class id in column 8 instead (<c>frame,id,x,y,w,h,conf,class,-1,-1</c>, person = 0).
/// </summary>
public static class ResultFileWriter
{
    /// <summary>
    /// Sorts by frame then id and writes atomically. Boxes and scores get two decimals, the precision
    /// the reference ByteTrack writes, so files from both tools compare line by line.
    /// </summary>
    /// <param name="classColumn">
    /// Write each row's <see cref="MotRow.ClassId"/> (the COCO class id) in column 8, for multi-class runs;
    /// false keeps the single-class person format (-1), which TrackEval accepts as is.
    /// </param>
    public static void Write(string path, IEnumerable<MotRow> rows, bool classColumn = false)
    {
        var sorted = rows.ToArray();
        // One primitive key per row: sorting longs is several times faster than a comparison delegate,
        // and a whole MOT17-04 run spends a noticeable part of its time here. The id is offset into
        // unsigned range so negative ids still order below positive ones.
        var keys = new long[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
            keys[i] = ((long)sorted[i].Frame << 32) + ((long)sorted[i].Id - int.MinValue);
        Array.Sort(keys, sorted);
        AtomicFile.Write(path, writer =>
        {
            foreach (var row in sorted) WriteLine(writer, row, classColumn);
        });
    }

    /// <summary>Writes one result line (with its trailing newline); column 8 holds the class id when <paramref name="classColumn"/>.</summary>
    public static void WriteLine(TextWriter writer, in MotRow row, bool classColumn = false)
    {
        Span<char> buffer = stackalloc char[256];
        int n = 0;
        bool ok = row.Frame.TryFormat(buffer, out int w, provider: CultureInfo.InvariantCulture);
        n += w;
        buffer[n++] = ',';
        ok &= row.Id.TryFormat(buffer[n..], out w, provider: CultureInfo.InvariantCulture);
        n += w;
        foreach (double value in (ReadOnlySpan<double>)[row.Box.X, row.Box.Y, row.Box.Width, row.Box.Height, row.Score])
        {
            buffer[n++] = ',';
            ok &= TwoDecimals.TryFormat(value, buffer[n..], out w);
            n += w;
        }
        buffer[n++] = ',';
        ok &= (classColumn ? row.ClassId : -1).TryFormat(buffer[n..], out w, provider: CultureInfo.InvariantCulture);
        n += w;
        if (!ok || n + 7 > buffer.Length) throw new InvalidOperationException("result line longer than 256 characters");
        ",-1,-1\n".CopyTo(buffer[n..]);
        writer.Write(buffer[..(n + 7)]);
    }
}

/// <summary>
/// Writes results as frames complete instead of holding every row to the end: memory stays flat on a
/// sequence of any length. Rows go to a temporary file beside the target (each frame's rows sorted by
/// id), renamed into place by <see cref="Commit"/>; disposed without a commit the temporary file is
/// deleted, so a failed or cancelled run leaves no result file.
/// </summary>
/// <remarks>
/// A live stream has no end to rename at, so <see cref="Live"/> writes in place instead: the target is
/// written directly and flushed after every frame (a reader can tail it), and it stays as far as it got
/// when the run fails or is stopped. With rotation every part holds a fixed range of frame numbers
/// (see <see cref="RotatedPath"/>).
/// </remarks>
public sealed class ResultStreamWriter : IDisposable
{
    private readonly AtomicTextFile? _file;
    private readonly List<MotRow> _frame = [];
    private readonly bool _classColumn;
    private readonly string _target;
    private readonly int? _rotate;
    private readonly bool _replace;
    private TextWriter? _live;
    private int _part;
    private int _lastFrame;

    /// <param name="path">The result file.</param>
    /// <param name="classColumn">Write each row's class id in column 8 (multi-class runs) instead of -1.</param>
    public ResultStreamWriter(string path, bool classColumn = false)
    {
        _file = AtomicTextFile.Create(path);
        _target = _file.Path;
        Path = _file.Path;
        Parts = 1;
        _classColumn = classColumn;
    }

    private ResultStreamWriter(string path, bool classColumn, int? rotateFrames, bool replace)
    {
        _target = System.IO.Path.GetFullPath(path);
        _classColumn = classColumn;
        _rotate = rotateFrames;
        _replace = replace;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_target) ?? ".");
        if (rotateFrames is null) OpenPart(_target);
        else Path = RotatedPath(_target, 1);
    }

    /// <summary>
    /// A writer for a live stream: rows go straight to <paramref name="path"/> (not through a temporary
    /// file) and are flushed after every frame. With <paramref name="rotateFrames"/>, a new part starts
    /// every that many frame numbers, named by <see cref="RotatedPath"/>; a part is created when its first
    /// frame arrives (an outage can skip one). An existing file is an error unless <paramref name="replace"/>.
    /// </summary>
    public static ResultStreamWriter Live(string path, bool classColumn = false, int? rotateFrames = null, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (rotateFrames is < 1) throw new ArgumentOutOfRangeException(nameof(rotateFrames), rotateFrames, "a part holds at least one frame");
        return new ResultStreamWriter(path, classColumn, rotateFrames, replace);
    }

    /// <summary>
    /// Part <paramref name="part"/> (1-based) of a rotated result file: <c>dir/name.txt</c> becomes
    /// <c>dir/name.000001.txt</c>, <c>dir/name.000002.txt</c>, …; part k holds frames (k−1)·N+1 … k·N.
    /// </summary>
    public static string RotatedPath(string path, int part) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".",
            System.IO.Path.GetFileNameWithoutExtension(path) + "." + part.ToString("D6", CultureInfo.InvariantCulture) + System.IO.Path.GetExtension(path));

    /// <summary>The result file (for a rotated live file: the part written last).</summary>
    public string Path { get; private set; } = "";

    /// <summary>Files written: 1, or the number of parts of a rotated live file.</summary>
    public int Parts { get; private set; }

    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>
    /// Also receives every row as written (each frame's sorted by id), before the text rounds it to two
    /// decimals: for callers that score a run in process exactly as it was written.
    /// </summary>
    public ICollection<MotRow>? Copy { get; set; }

    /// <summary>Writes one frame's rows (any order; written sorted by id). Frames must come in increasing order.</summary>
    public void WriteFrame(int frame, IEnumerable<MotRow> rows)
    {
        if (frame <= _lastFrame)
            throw new InvalidOperationException($"frame {frame} written after frame {_lastFrame}; frames must increase");
        _lastFrame = frame;
        _frame.Clear();
        _frame.AddRange(rows);
        _frame.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        if (_rotate is int n && (frame - 1) / n + 1 != _part)
        {
            _live?.Dispose();
            _part = (frame - 1) / n + 1;
            OpenPart(RotatedPath(_target, _part));
        }
        var writer = _file?.Writer ?? _live!;
        foreach (var row in _frame) ResultFileWriter.WriteLine(writer, row, _classColumn);
        // A live file is read while it grows: each frame is on disk as soon as it is done.
        _live?.Flush();
        if (Copy is { } copy)
            foreach (var row in _frame) copy.Add(row);
        Rows += _frame.Count;
    }

    /// <summary>Flushes and renames the file into place (a live file: flushes it).</summary>
    public void Commit()
    {
        if (_file is not null) _file.Commit();
        else _live?.Flush();
    }

    public void Dispose()
    {
        _file?.Dispose();
        _live?.Dispose();
    }

    private void OpenPart(string path)
    {
        var stream = new FileStream(path, _replace ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.Read, TextFileBuffer.StreamBytes);
        _live = new StreamWriter(stream, new System.Text.UTF8Encoding(false), TextFileBuffer.Chars) { NewLine = "\n" };
        Path = path;
        Parts++;
    }
}

/// <summary>
/// Formats a double exactly as <c>value.ToString("0.00", CultureInfo.InvariantCulture)</c> does, without
/// the general custom-format machinery (which took a fifth of a whole public-detection track run).
/// </summary>
/// <remarks>
/// .NET's custom format first rounds a double to 15 significant digits and then to two decimals, half
/// away from zero. Away from a half-cent boundary that equals rounding the value itself, which integer
/// arithmetic does quickly. Values within a millionth of a cent of a boundary (0.995 stored as
/// 0.99499999999999999556), negatives that round to zero, and very large values go to the runtime's
/// formatter, so the output is the same character for character.
/// </remarks>
internal static class TwoDecimals
{
    // Below a million (100,000,000 cents) the 15-digit pre-rounding moves a value by at most 5e-7 cents
    // and the scaling by 100 by about 1e-8, both well inside the 1e-6 margin kept around boundaries.
    private const double FastLimit = 1e8;
    private const double Margin = 1e-6;

    public static bool TryFormat(double value, Span<char> destination, out int written)
    {
        double scaled = Math.Abs(value) * 100;
        if (!(scaled < FastLimit)) return Slow(value, destination, out written); // also NaN
        double floor = Math.Floor(scaled);
        double fraction = scaled - floor;
        if (Math.Abs(fraction - 0.5) < Margin) return Slow(value, destination, out written);
        long cents = (long)floor + (fraction > 0.5 ? 1 : 0);
        bool negative = double.IsNegative(value);
        if (negative && cents == 0) return Slow(value, destination, out written);

        written = 0;
        if (negative)
        {
            if (destination.IsEmpty) return false;
            destination[written++] = '-';
        }
        if (!(cents / 100).TryFormat(destination[written..], out int whole, provider: CultureInfo.InvariantCulture)) return false;
        written += whole;
        if (destination.Length < written + 3) return false;
        long rest = cents % 100;
        destination[written++] = '.';
        destination[written++] = (char)('0' + rest / 10);
        destination[written++] = (char)('0' + rest % 10);
        return true;
    }

    private static bool Slow(double value, Span<char> destination, out int written) =>
        value.TryFormat(destination, out written, "0.00", CultureInfo.InvariantCulture);
}
