using System.Globalization;

namespace MotTracker.Core.MotChallenge;

/// <summary>Writes tracker results as MOTChallenge lines <c>frame,id,x,y,w,h,conf,-1,-1,-1</c>.</summary>
public static class ResultFileWriter
{
    /// <summary>
    /// Sorts by frame then id and writes atomically. Boxes and scores get two decimals, the precision
    /// the reference ByteTrack writes, so files from both tools compare line by line.
    /// </summary>
    public static void Write(string path, IEnumerable<MotRow> rows)
    {
        var sorted = rows.ToList();
        sorted.Sort(static (a, b) => a.Frame != b.Frame ? a.Frame.CompareTo(b.Frame) : a.Id.CompareTo(b.Id));
        AtomicFile.Write(path, writer =>
        {
            Span<char> buffer = stackalloc char[256];
            foreach (var row in sorted)
            {
                var inv = CultureInfo.InvariantCulture;
                bool ok = buffer.TryWrite(inv, $"{row.Frame},{row.Id},{row.Box.X:0.00},{row.Box.Y:0.00},{row.Box.Width:0.00},{row.Box.Height:0.00},{row.Score:0.00},-1,-1,-1", out int written);
                if (!ok) throw new InvalidOperationException("result line longer than 256 characters");
                writer.Write(buffer[..written]);
                writer.Write('\n');
            }
        });
    }
}
