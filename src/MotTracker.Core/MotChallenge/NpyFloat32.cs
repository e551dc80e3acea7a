using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MotTracker.Core.MotChallenge;

/// <summary>
/// A NumPy <c>.npy</c> file (format 1.0) holding one little-endian float32 matrix of shape (rows, columns),
/// C order: what <c>numpy.load</c> reads with no library beyond NumPy. A detection cache stores its
/// appearance vectors this way, row i belonging to line i of det/det.txt.
/// </summary>
public static partial class NpyFloat32
{
    /// <summary>
    /// Header bytes, fixed so the writer can put the row count in once the rows are written (NumPy pads
    /// the header to a multiple of 64 with spaces; 128 holds any shape).
    /// </summary>
    private const int HeaderLength = 128;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes rows as they come; <see cref="Finish"/> puts the final shape in the header.</summary>
    public sealed class Writer(Stream stream, int columns) : IDisposable
    {
        private readonly byte[] _row = new byte[columns * sizeof(float)];

        public int Columns { get; } = columns;

        public long Rows { get; private set; }

        public void Start() => stream.Write(Header(0, Columns));

        public void Append(ReadOnlySpan<float> vector)
        {
            if (vector.Length != Columns) throw new ArgumentException($"expected {Columns} values, got {vector.Length}", nameof(vector));
            for (int i = 0; i < vector.Length; i++)
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(_row.AsSpan(i * sizeof(float)), vector[i]);
            stream.Write(_row);
            Rows++;
        }

        public void Finish()
        {
            stream.Flush();
            stream.Seek(0, SeekOrigin.Begin);
            stream.Write(Header(Rows, Columns));
            stream.Seek(0, SeekOrigin.End);
            stream.Flush();
        }

        public void Dispose() => stream.Dispose();
    }

    private static byte[] Header(long rows, int columns)
    {
        string dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), HeaderLength - 10);
        int n = Encoding.ASCII.GetBytes(dict, header.AsSpan(10));
        header.AsSpan(10 + n, HeaderLength - 10 - n - 1).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    /// <summary>Reads rows in order from a file checked whole up front (header, shape and length).</summary>
    public sealed class Reader : IDisposable
    {
        private readonly FileStream _stream;
        private readonly byte[] _row;
        private long _read;

        private Reader(string path, FileStream stream, long rows, int columns)
        {
            Path = path;
            _stream = stream;
            Rows = rows;
            Columns = columns;
            _row = new byte[columns * sizeof(float)];
        }

        public string Path { get; }

        public long Rows { get; }

        public int Columns { get; }

        /// <exception cref="MotFormatException">Not a float32 matrix .npy, or shorter (truncated) or longer than its header says.</exception>
        public static Reader Open(string path)
        {
            if (!File.Exists(path)) throw new MotFormatException(path, 0, null, "file not found");
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            try
            {
                Span<byte> start = stackalloc byte[10];
                if (stream.ReadAtLeast(start, 10, throwOnEndOfStream: false) < 10 || !start[..6].SequenceEqual(Magic))
                    throw new MotFormatException(path, 0, null, "not a NumPy .npy file (no \\x93NUMPY magic)");
                if (start[6] != 1)
                    throw new MotFormatException(path, 0, "version", $"format {start[6]}.{start[7]}; expected 1.0");
                int length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(start[8..]);
                var header = new byte[length];
                if (stream.ReadAtLeast(header, length, throwOnEndOfStream: false) < length)
                    throw new MotFormatException(path, 0, "header", "the header is cut short (truncated file)");
                string text = Encoding.ASCII.GetString(header);
                var match = HeaderPattern().Match(text);
                if (!match.Success)
                    throw new MotFormatException(path, 0, "header", $"expected a little-endian float32 (rows, columns) matrix in C order, found {text.Trim()}");
                long rows = long.Parse(match.Groups["rows"].Value, CultureInfo.InvariantCulture);
                int columns = int.Parse(match.Groups["columns"].Value, CultureInfo.InvariantCulture);
                if (columns <= 0) throw new MotFormatException(path, 0, "shape", "a vector needs at least one column");
                long expected = 10 + length + rows * columns * sizeof(float);
                if (stream.Length != expected)
                {
                    long whole = (stream.Length - 10 - length) / (columns * sizeof(float));
                    throw new MotFormatException(path, 0, "shape", stream.Length < expected
                        ? $"the header says {rows} rows of {columns} but the file holds {whole} whole rows (truncated): row {whole + 1} is missing"
                        : $"the header says {rows} rows of {columns} but the file is {stream.Length - expected} bytes longer");
                }
                return new Reader(path, stream, rows, columns);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>The next row, as a new array (the tracker may keep it).</summary>
        public float[] Next()
        {
            if (_read >= Rows) throw new MotFormatException(Path, 0, null, $"asked for row {_read + 1} of {Rows}");
            _stream.ReadExactly(_row);
            var vector = new float[Columns];
            for (int i = 0; i < vector.Length; i++)
                vector[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(_row.AsSpan(i * sizeof(float)));
            _read++;
            return vector;
        }

        public void Dispose() => _stream.Dispose();
    }

    [GeneratedRegex(@"^\{\s*'descr'\s*:\s*'<f4'\s*,\s*'fortran_order'\s*:\s*False\s*,\s*'shape'\s*:\s*\(\s*(?<rows>\d+)\s*,\s*(?<columns>\d+)\s*\)\s*,?\s*\}\s*$")]
    private static partial Regex HeaderPattern();
}
