using System.Globalization;

namespace MotTracker.Evaluation.Output;

/// <summary>The terminal table: one row per sequence plus COMBINED, the headline metrics as percentages.</summary>
public static class TextTable
{
    private sealed record Column(string Header, string Field, bool IsPercent);

    private static readonly Column[] Columns =
    [
        new("HOTA", "HOTA___AUC", true), new("DetA", "DetA___AUC", true), new("AssA", "AssA___AUC", true),
        new("MOTA", "MOTA", true), new("MOTP", "MOTP", true), new("IDF1", "IDF1", true),
        new("IDSW", "IDSW", false), new("Frag", "Frag", false), new("FP", "CLR_FP", false), new("FN", "CLR_FN", false),
        new("MT", "MT", false), new("ML", "ML", false), new("GT_IDs", "GT_IDs", false), new("IDs", "IDs", false),
    ];

    public static void Write(TextWriter writer, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.SequencesByName().Append(report.Combined).ToArray();
        var columns = Columns.Where(c => report.Combined.TryGet(c.Field, out _)).ToArray();

        var cells = new string[rows.Length][];
        for (int r = 0; r < rows.Length; r++)
        {
            cells[r] = new string[columns.Length];
            for (int c = 0; c < columns.Length; c++)
            {
                double v = rows[r][columns[c].Field].Value;
                cells[r][c] = columns[c].IsPercent
                    ? (100 * v).ToString("0.000", CultureInfo.InvariantCulture)
                    : ((long)v).ToString(CultureInfo.InvariantCulture);
            }
        }

        int nameWidth = Math.Max("Sequence".Length, rows.Max(r => r.Name.Length));
        var widths = new int[columns.Length];
        for (int c = 0; c < columns.Length; c++)
            widths[c] = Math.Max(columns[c].Header.Length, cells.Max(row => row[c].Length));

        void Line(string name, IReadOnlyList<string> values)
        {
            writer.Write(name.PadRight(nameWidth));
            for (int c = 0; c < values.Count; c++)
            {
                writer.Write("  ");
                writer.Write(values[c].PadLeft(widths[c]));
            }
            writer.WriteLine();
        }

        Line("Sequence", columns.Select(c => c.Header).ToArray());
        writer.WriteLine(new string('-', nameWidth + widths.Sum(w => w + 2)));
        for (int r = 0; r < rows.Length; r++)
        {
            if (r == rows.Length - 1) writer.WriteLine(new string('-', nameWidth + widths.Sum(w => w + 2)));
            Line(rows[r].Name, cells[r]);
        }
    }
}
