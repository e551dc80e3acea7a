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
            Span<char> buffer = stackalloc char[256];
            foreach (var row in sorted)
            {
                var inv = CultureInfo.InvariantCulture;
                bool ok = buffer.TryWrite(inv, $"{row.Frame},{row.Id},{row.Box.X:0.00},{row.Box.Y:0.00},{row.Box.Width:0.00},{row.Box.Height:0.00},{row.Score:0.00},{(classColumn ? row.ClassId : -1)},-1,-1", out int written);
                if (!ok) throw new InvalidOperationException("result line longer than 256 characters");
                writer.Write(buffer[..written]);
                writer.Write('\n');
            }
        });
    }
}
