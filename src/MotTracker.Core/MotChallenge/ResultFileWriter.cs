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
        var sorted = rows.ToList();
        sorted.Sort(static (a, b) => a.Frame != b.Frame ? a.Frame.CompareTo(b.Frame) : a.Id.CompareTo(b.Id));
        AtomicFile.Write(path, writer =>
        {
            foreach (var row in sorted) WriteLine(writer, row, classColumn);
        });
    }

    /// <summary>Writes one result line (with its trailing newline); column 8 holds the class id when <paramref name="classColumn"/>.</summary>
    public static void WriteLine(TextWriter writer, in MotRow row, bool classColumn = false)
    {
        Span<char> buffer = stackalloc char[256];
        var inv = CultureInfo.InvariantCulture;
        bool ok = buffer.TryWrite(inv, $"{row.Frame},{row.Id},{row.Box.X:0.00},{row.Box.Y:0.00},{row.Box.Width:0.00},{row.Box.Height:0.00},{row.Score:0.00},{(classColumn ? row.ClassId : -1)},-1,-1", out int written);
        if (!ok) throw new InvalidOperationException("result line longer than 256 characters");
        writer.Write(buffer[..written]);
        writer.Write('\n');
    }
}

/// <summary>
/// Writes results as frames complete instead of holding every row to the end: memory stays flat on a
/// sequence of any length. Rows go to a temporary file beside the target (each frame's rows sorted by
/// id), renamed into place by <see cref="Commit"/>; disposed without a commit the temporary file is
/// deleted, so a failed or cancelled run leaves no result file.
/// </summary>
public sealed class ResultStreamWriter : IDisposable
{
    private readonly AtomicTextFile _file;
    private readonly List<MotRow> _frame = [];
    private readonly bool _classColumn;
    private int _lastFrame;

    /// <param name="path">The result file.</param>
    /// <param name="classColumn">Write each row's class id in column 8 (multi-class runs) instead of -1.</param>
    public ResultStreamWriter(string path, bool classColumn = false)
    {
        _file = AtomicTextFile.Create(path);
        _classColumn = classColumn;
    }

    public string Path => _file.Path;

    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Writes one frame's rows (any order; written sorted by id). Frames must come in increasing order.</summary>
    public void WriteFrame(int frame, IEnumerable<MotRow> rows)
    {
        if (frame <= _lastFrame)
            throw new InvalidOperationException($"frame {frame} written after frame {_lastFrame}; frames must increase");
        _lastFrame = frame;
        _frame.Clear();
        _frame.AddRange(rows);
        _frame.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        foreach (var row in _frame) ResultFileWriter.WriteLine(_file.Writer, row, _classColumn);
        Rows += _frame.Count;
    }

    /// <summary>Flushes and renames the file into place.</summary>
    public void Commit() => _file.Commit();

    public void Dispose() => _file.Dispose();
}
