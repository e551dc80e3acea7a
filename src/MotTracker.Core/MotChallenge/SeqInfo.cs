using System.Globalization;

namespace MotTracker.Core.MotChallenge;

/// <summary>The [Sequence] section of a MOTChallenge <c>seqinfo.ini</c>.</summary>
public sealed record SeqInfo(string Name, string ImageDirectory, double FrameRate, int SequenceLength, int ImageWidth, int ImageHeight, string ImageExtension)
{
    public const string FileName = "seqinfo.ini";

    /// <summary>Reads <c>seqinfo.ini</c> from a sequence folder.</summary>
    public static SeqInfo ReadFromDirectory(string sequenceDirectory) => Read(Path.Combine(sequenceDirectory, FileName));

    public static SeqInfo Read(string path)
    {
        if (!File.Exists(path))
            throw new MotFormatException(path, 0, null, "file not found (a MOTChallenge sequence folder holds seqinfo.ini)");

        // Keys are case-insensitive in practice (MOT15 files differ from MOT17 ones in spelling case).
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is ';' or '#' or '[') continue;
            int eq = line.IndexOf('=');
            if (eq <= 0)
                throw new MotFormatException(path, lineNumber, null, $"expected 'key=value', found '{line}'");
            values[line[..eq].Trim()] = (line[(eq + 1)..].Trim(), lineNumber);
        }

        string Text(string key, string? fallback = null)
        {
            if (values.TryGetValue(key, out var v)) return v.Value;
            return fallback ?? throw new MotFormatException(path, 0, key, "missing key");
        }

        double Number(string key, double min)
        {
            if (!values.TryGetValue(key, out var v))
                throw new MotFormatException(path, 0, key, "missing key");
            if (!double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d))
                throw new MotFormatException(path, v.Line, key, $"'{v.Value}' is not a number");
            if (d < min)
                throw new MotFormatException(path, v.Line, key, $"{v.Value} is below the minimum {min}");
            return d;
        }

        int Integer(string key)
        {
            double d = Number(key, 1);
            if (d != Math.Floor(d))
                throw new MotFormatException(path, values[key].Line, key, $"'{values[key].Value}' is not a whole number");
            return (int)d;
        }

        // The name becomes the default result file (runs/track/<name>.txt): only a plain file name is accepted.
        string name = values.TryGetValue("name", out var named)
            ? PlainName.Check(named.Value, path, named.Line, "name")
            : PlainName.Check(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? "", path, 0, "name");
        return new SeqInfo(
            name,
            // Frames are read from <folder>/<imDir>/<frame><imExt>: neither may point outside the sequence folder.
            PlainName.Check(Text("imDir", "img1"), path, values.TryGetValue("imDir", out var dir) ? dir.Line : 0, "imDir"),
            Number("frameRate", double.Epsilon),
            Integer("seqLength"),
            Integer("imWidth"),
            Integer("imHeight"),
            PlainName.Check(Text("imExt", ".jpg"), path, values.TryGetValue("imExt", out var ext) ? ext.Line : 0, "imExt"));
    }
}
