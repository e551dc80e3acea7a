using System.Diagnostics;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>The eval report opened in a real browser (headless Chromium; .ci/run installs it).</summary>
public sealed class EvalReportBrowserTests
{
    private static readonly string ByteTrack = Path.Combine(TestData.Shared, "data", "trackers", "MOT17-train", "ByteTrack-reference");

    [Fact]
    public void The_report_with_629_switches_opens_in_headless_chromium_and_draws_its_timelines()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "eval", "--gt", TestData.Mot17Train, "--results", ByteTrack, "--report", "report.html",
            "--frames", TestData.Mot17Train);
        result.ExitCode.ShouldBe(0, result.Error);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        System.Text.RegularExpressions.Regex.Matches(html, "<section class=\"errseq\"").Count.ShouldBe(7);
        // The staged frames (1-8) hold one switch: it gets its two crops.
        result.Error.ShouldContain("frames: 1 ID switches in pictures");
        html.ShouldContain("<figure class=\"card\"");

        string png = Path.Combine(dir, "shot.png");
        var start = new ProcessStartInfo(FindChromium()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,2600",
                     "--virtual-time-budget=5000", $"--screenshot={png}", new Uri(Path.Combine(dir, "report.html")).AbsoluteUri })
            start.ArgumentList.Add(arg);
        using (var process = Process.Start(start)!)
        {
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            process.WaitForExit(120_000).ShouldBeTrue("chromium did not finish within 2 minutes");
        }
        File.Exists(png).ShouldBeTrue();
        var (width, height, colours) = PngStats(png);
        (width, height).ShouldBe((1200, 2600));
        // A blank page is one colour; the tables, charts and coloured lanes give hundreds.
        colours.ShouldBeGreaterThan(200);
    }

    private static string FindChromium()
    {
        foreach (string name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        }
        throw new FileNotFoundException("chromium not found: install it with apt-get install -y chromium (.ci/run does)");
    }

    /// <summary>Size and a count of distinct colours of an 8-bit RGB(A) PNG, decoded with the framework's zlib.</summary>
    private static (int Width, int Height, int Colours) PngStats(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int pos = 8, width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        while (pos < file.Length)
        {
            int length = (file[pos] << 24) | (file[pos + 1] << 16) | (file[pos + 2] << 8) | file[pos + 3];
            string type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            if (type == "IHDR")
            {
                width = (file[pos + 8] << 24) | (file[pos + 9] << 16) | (file[pos + 10] << 8) | file[pos + 11];
                height = (file[pos + 12] << 24) | (file[pos + 13] << 16) | (file[pos + 14] << 8) | file[pos + 15];
                file[pos + 16].ShouldBe((byte)8);
                channels = file[pos + 17] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException("unexpected PNG colour type") };
            }
            else if (type == "IDAT") idat.Write(file, pos + 8, length);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var z = new System.IO.Compression.ZLibStream(idat, System.IO.Compression.CompressionMode.Decompress);
        int stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        var colours = new HashSet<int>();
        for (int y = 0; y < height; y++)
        {
            int filter = z.ReadByte();
            z.ReadExactly(row);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                int add = filter switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c,
                    _ => throw new InvalidDataException("bad PNG filter"),
                };
                row[i] = (byte)(row[i] + add);
            }
            for (int x = 0; x < width; x += 3) colours.Add((row[x * channels] << 16) | (row[x * channels + 1] << 8) | row[x * channels + 2]);
            (previous, row) = (row, previous);
        }
        return (width, height, colours.Count);
    }
}
