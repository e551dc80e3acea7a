using System.Text;
using MotTracker.Core;

namespace MotTracker.Engine;

/// <summary>Names for inputs, used for default output files.</summary>
public static class InputNames
{
    public static bool IsUrl(string input) => input.Contains("://", StringComparison.Ordinal);

    /// <summary>
    /// A file-name-safe name for a stream URL: its host and last path segment (without extension), e.g.
    /// rtsp://cam.example.org:554/live/entrance.sdp → cam.example.org_entrance. Characters other than
    /// letters, digits, '.', '-' and '_' become '_', so the name can never leave the output folder.
    /// </summary>
    public static string ForUrl(string url)
    {
        string host = "stream", last = "";
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            if (!string.IsNullOrEmpty(uri.Host)) host = uri.Host;
            string segment = uri.AbsolutePath.TrimEnd('/');
            segment = segment[(segment.LastIndexOf('/') + 1)..];
            last = Path.GetFileNameWithoutExtension(Uri.UnescapeDataString(segment));
        }
        string name = Sanitize(last.Length > 0 ? $"{host}_{last}" : host);
        name = name.Trim('.').Length == 0 ? "stream" : name;
        // Sanitize already leaves nothing but a plain name; the shared check keeps that promise if it changes.
        return PlainName.Check(name, url, 0, "url");
    }

    /// <summary>
    /// The result name of a run: <paramref name="name"/> (from seqinfo.ini, a folder, a video or a URL)
    /// when it is a plain file name, since it becomes <c>&lt;name&gt;.txt</c> in the output folder.
    /// </summary>
    /// <exception cref="MotFormatException">The name is not plain; the message names <paramref name="source"/>.</exception>
    public static string ForOutput(string name, string source) => PlainName.Check(name, source, 0, null);

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return builder.ToString();
    }
}
