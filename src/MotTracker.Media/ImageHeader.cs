using System.Buffers.Binary;

namespace MotTracker.Media;

/// <summary>
/// Reads an image's pixel size from its header (JPEG, PNG, BMP) without decoding it, so a folder's
/// sizes can be checked up front: ffmpeg would otherwise silently switch frame size mid-stream.
/// </summary>
internal static class ImageHeader
{
    // Not a u8 literal: "\x89" there would be UTF-8 encoded into two bytes.
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height)? TryReadSize(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> head = stackalloc byte[26];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];

        if (read >= 24 && head[..8].SequenceEqual(PngSignature) && head.Slice(12, 4).SequenceEqual("IHDR"u8))
            return Positive(BinaryPrimitives.ReadInt32BigEndian(head[16..]), BinaryPrimitives.ReadInt32BigEndian(head[20..]));
        if (read >= 26 && head[0] == (byte)'B' && head[1] == (byte)'M')
            return Positive(BinaryPrimitives.ReadInt32LittleEndian(head[18..]),
                Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(head[22..]))); // negative height = top-down rows
        if (read >= 4 && head[0] == 0xFF && head[1] == 0xD8)
            return ReadJpegSize(stream);
        return null;
    }

    // Walks the JPEG marker segments up to the first start-of-frame, which carries height and width.
    private static (int, int)? ReadJpegSize(FileStream stream)
    {
        stream.Position = 2;
        Span<byte> marker = stackalloc byte[9];
        while (true)
        {
            if (stream.ReadAtLeast(marker[..4], 4, throwOnEndOfStream: false) < 4 || marker[0] != 0xFF)
                return null;
            byte code = marker[1];
            // Fill bytes: a marker may be preceded by any number of 0xFF.
            while (code == 0xFF)
            {
                marker[1] = marker[2];
                marker[2] = marker[3];
                if (stream.ReadAtLeast(marker.Slice(3, 1), 1, throwOnEndOfStream: false) < 1)
                    return null;
                code = marker[1];
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(marker[2..]);
            bool startOfFrame = code is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (startOfFrame)
            {
                if (stream.ReadAtLeast(marker[..5], 5, throwOnEndOfStream: false) < 5)
                    return null;
                return Positive(BinaryPrimitives.ReadUInt16BigEndian(marker[3..]), BinaryPrimitives.ReadUInt16BigEndian(marker[1..]));
            }
            if (code is 0xD9 or 0xDA || length < 2)
                return null; // end of image or scan data before any frame header
            stream.Position += length - 2;
        }
    }

    private static (int, int)? Positive(int width, int height) => width > 0 && height > 0 ? (width, height) : null;
}
