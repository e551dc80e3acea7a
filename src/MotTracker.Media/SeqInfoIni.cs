using System.Globalization;
using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>The fields of a MOTChallenge seqinfo.ini this project reads.</summary>
internal sealed record SeqInfoIni(string Name, double FrameRate, int SeqLength, int Width, int Height, string ImDir, string ImExt)
{
    /// <summary>
    /// Reads the [Sequence] section. Kept internal and minimal: Core's SeqInfo reader can replace it
    /// without changing the public API of this project.
    /// </summary>
    public static SeqInfoIni Read(string path)
    {
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        string section = "";
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is ';' or '#')
                continue;
            if (line[0] == '[')
            {
                if (line[^1] != ']')
                    throw new MotFormatException(path, lineNumber, null, $"section header '{line}' has no closing ']'");
                section = line[1..^1].Trim();
                continue;
            }
            int equals = line.IndexOf('=');
            if (equals <= 0)
                throw new MotFormatException(path, lineNumber, null, $"expected key=value, found '{line}'");
            if (section.Equals("Sequence", StringComparison.OrdinalIgnoreCase))
                values[line[..equals].Trim()] = (line[(equals + 1)..].Trim(), lineNumber);
        }

        string Text(string key, string? fallback = null)
        {
            if (values.TryGetValue(key, out var entry) && entry.Value.Length > 0)
                return entry.Value;
            return fallback ?? throw new MotFormatException(path, 0, key, "missing from the [Sequence] section");
        }

        double Number(string key)
        {
            var (value, line) = values.TryGetValue(key, out var entry) ? entry : (Text(key), 0);
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !(number > 0))
                throw new MotFormatException(path, line, key, $"'{value}' is not a positive number");
            return number;
        }

        int Integer(string key)
        {
            double number = Number(key);
            if (number != Math.Floor(number) || number > int.MaxValue)
                throw new MotFormatException(path, values[key].Line, key, $"'{values[key].Value}' is not a whole number");
            return (int)number;
        }

        string name = Text("name", Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? "sequence");
        string ext = Text("imExt", ".jpg");
        return new SeqInfoIni(name, Number("frameRate"), Integer("seqLength"), Integer("imWidth"), Integer("imHeight"),
            Text("imDir", "img1"), ext.StartsWith('.') ? ext : "." + ext);
    }
}
