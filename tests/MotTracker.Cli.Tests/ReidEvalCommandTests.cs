using System.Text.Json;
using OpenCvSharp;

namespace MotTracker.Cli.Tests;

public sealed class ReidEvalCommandTests
{
    /// <summary>A 64x128 crop: a person-sized block of two colours (shirt, trousers), distinct per pattern.</summary>
    private static void WriteCrop(string file, Scalar top, Scalar bottom)
    {
        using var image = new Mat(128, 64, MatType.CV_8UC3, new Scalar(200, 200, 200));
        Cv2.Rectangle(image, new Rect(16, 10, 32, 54), top, -1);
        Cv2.Rectangle(image, new Rect(18, 64, 28, 58), bottom, -1);
        Cv2.ImWrite(file, image).ShouldBeTrue();
    }

    private static string MarketFolder()
    {
        string dir = TestData.NewTempDirectory();
        string data = Path.Combine(dir, "market");
        string query = Path.Combine(data, "query"), gallery = Path.Combine(data, "bounding_box_test");
        Directory.CreateDirectory(query);
        Directory.CreateDirectory(gallery);
        var red = (new Scalar(30, 30, 220), new Scalar(40, 40, 40));
        var blue = (new Scalar(220, 60, 20), new Scalar(20, 160, 220));
        var green = (new Scalar(40, 200, 40), new Scalar(120, 20, 120));
        // Identity 1 (red) and 2 (blue) are queried from camera 1; the gallery holds their identical crop in camera 2.
        WriteCrop(Path.Combine(query, "0001_c1s1_000100_00.jpg"), red.Item1, red.Item2);
        WriteCrop(Path.Combine(query, "0002_c1s1_000200_00.jpg"), blue.Item1, blue.Item2);
        // Identity 3 is only seen by camera 1: its query has no valid match and is skipped.
        WriteCrop(Path.Combine(query, "0003_c1s1_000300_00.jpg"), green.Item1, green.Item2);
        WriteCrop(Path.Combine(gallery, "0001_c2s1_000150_00.jpg"), red.Item1, red.Item2);
        WriteCrop(Path.Combine(gallery, "0002_c2s1_000250_00.jpg"), blue.Item1, blue.Item2);
        WriteCrop(Path.Combine(gallery, "0003_c1s1_000350_00.jpg"), green.Item1, green.Item2);
        // Junk identical to a query, sorted first: counted, it would take rank 1 from the true match.
        WriteCrop(Path.Combine(gallery, "-1_c2s1_000100_00.jpg"), red.Item1, red.Item2);
        // A distractor stays as a negative.
        WriteCrop(Path.Combine(gallery, "0000_c2s1_000400_00.jpg"), new Scalar(10, 10, 10), new Scalar(250, 250, 250));
        File.WriteAllText(Path.Combine(gallery, "Thumbs.txt"), "not an image, ignored");
        return dir;
    }

    [Fact]
    public void Reid_eval_scores_a_market_folder_with_the_standard_protocol()
    {
        string dir = MarketFolder();

        var result = CliRunner.Run(dir, "reid-eval", "market", "--reid", "osnet_x0_25_msmt17", "--json", "reid.json", "--report", "reid.html", "--threads", "1");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("osnet_x0_25_msmt17");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "reid.json")));
        var root = json.RootElement;
        root.GetProperty("layout").GetString().ShouldBe("market");
        root.GetProperty("queries").GetInt32().ShouldBe(3);
        root.GetProperty("scoredQueries").GetInt32().ShouldBe(2);
        root.GetProperty("skippedQueries").GetInt32().ShouldBe(1);
        // Junk dropped, the distractor kept: 4 of the 5 gallery crops.
        root.GetProperty("galleryImages").GetInt32().ShouldBe(4);
        root.GetProperty("crops").GetInt32().ShouldBe(7);
        root.GetProperty("cameras").GetInt32().ShouldBe(2);
        // Each scored query's only valid match is its pixel-identical crop: distance 0, rank 1.
        root.GetProperty("rank1").GetDouble().ShouldBe(1.0);
        root.GetProperty("mAP").GetDouble().ShouldBe(1.0);
        root.GetProperty("cmc").GetArrayLength().ShouldBe(50);
        string html = File.ReadAllText(Path.Combine(dir, "reid.html"));
        html.ShouldContain("<svg id=\"cmc\"");
        html.ShouldContain("data-field=\"rank1\" data-value=\"1\"");
        html.ShouldNotContain("<script src");
    }

    [Fact]
    public void Reid_eval_names_the_file_whose_name_is_not_market_style()
    {
        string dir = MarketFolder();
        File.Copy(Path.Combine(dir, "market", "query", "0001_c1s1_000100_00.jpg"), Path.Combine(dir, "market", "query", "person7.jpg"));

        var result = CliRunner.Run(dir, "reid-eval", "market", "--reid", "osnet_x0_25_msmt17");

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("person7.jpg");
    }

    [Fact]
    public void Reid_eval_refuses_a_folder_of_neither_layout()
    {
        string dir = TestData.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "empty"));

        var result = CliRunner.Run(dir, "reid-eval", "empty", "--reid", "osnet_x0_25_msmt17");

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("neither a Market-1501 folder");
    }

    [Fact]
    public void Reid_eval_refuses_query_every_one_which_would_leave_no_gallery()
    {
        string dir = TestData.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "empty"));

        var result = CliRunner.Run(dir, "reid-eval", "empty", "--reid", "osnet_x0_25_msmt17", "--query-every", "1");

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("--query-every must be 0");
    }
}
