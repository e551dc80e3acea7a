using System.Text;

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
        return name.Trim('.').Length == 0 ? "stream" : name;
    }

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return builder.ToString();
    }
}
