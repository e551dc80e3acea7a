using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Tests.MotChallenge;

public sealed class FastMotReaderTests
{
    public static TheoryData<string, MotFileKind> RealFiles()
    {
        var data = new TheoryData<string, MotFileKind>();
        foreach (string dir in Directory.GetDirectories(SharedData.Path17Train).Order())
        {
            data.Add(Path.Combine(dir, "gt", "gt.txt"), MotFileKind.GroundTruth);
            data.Add(Path.Combine(dir, "det", "det.txt"), MotFileKind.Detections);
        }
        foreach (string file in Directory.GetFiles(SharedData.Path15Train, "*.txt", SearchOption.AllDirectories).Where(f => f.Contains("/det/")).Order())
            data.Add(file, MotFileKind.Detections);
        foreach (string dir in Directory.GetDirectories(SharedData.Path15Train).Order().Take(3))
            data.Add(Path.Combine(dir, "gt", "gt.txt"), MotFileKind.GroundTruth);
        foreach (string file in Directory.GetFiles(Path.Combine(SharedData.MoTTDirectory, "data")).Order())
            data.Add(file, MotFileKind.Results);
        foreach (string file in Directory.GetFiles(Path.Combine(SharedData.CemDirectory, "data")).Order())
            data.Add(file, MotFileKind.Results);
        return data;
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void Real_files_take_the_fast_path_and_give_the_general_readers_rows(string path, MotFileKind kind)
    {
        var fast = FastMotReader.TryParse(File.ReadAllBytes(path), kind);
        fast.ShouldNotBeNull();
        using var lines = new StreamReader(path);
        fast.ShouldBe(MotFileReader.Read(lines, path, kind));
    }

    [Theory]
    [InlineData("1,2,3.5,4,5,6,1,-1,-1,-1\n1,3,NaN,4,5,6,1,-1,-1,-1\n")] // not a finite number
    [InlineData("1, 2, 3, 4, 5, 6, 1, -1, -1, -1\n")] // spaces
    [InlineData("1,2,3,4,5,6,1,-1,-1,-1,\n")] // trailing comma
    [InlineData("1,2,3,4,5\n")] // too few columns: the general reader reports it
    [InlineData("1,2,3,4,1e30,6,1,-1,-1,-1\n")] // an absurd width: the general reader reports it
    [InlineData("1,2,-2000000,4,5,6,1,-1,-1,-1\n")] // an absurd position
    public void Unusual_content_is_left_to_the_general_reader(string text)
    {
        FastMotReader.TryParse(System.Text.Encoding.ASCII.GetBytes(text), MotFileKind.Results).ShouldBeNull();
    }

    [Fact]
    public void Long_decimals_parse_to_the_same_double_as_the_general_parser()
    {
        const string text = "1,2,1015.2000122070312,434.0250244140625,40.50006103515625,0.1000000000000000055511151231257827,1,-1,2.6772e-05,-1\n";
        var rows = FastMotReader.TryParse(System.Text.Encoding.ASCII.GetBytes(text), MotFileKind.Results);
        rows.ShouldNotBeNull();
        rows.ShouldBe(MotFileReader.Read(new StringReader(text), "x", MotFileKind.Results));
    }

    [Theory]
    [InlineData("9007199254740993")] // 2^53 + 1: halfway, rounds to even (down)
    [InlineData("9007199254740995")] // halfway, rounds to even (up)
    [InlineData("9007199254740993.0001")]
    [InlineData("0.1000000000000000055511151231257827")]
    [InlineData("4503599627370495.5")] // just below 2^52: the narrower gap below a power of two
    [InlineData("4503599627370496.25")]
    [InlineData("0.00000000000123456789012345678")]
    public void Hard_rounding_cases_parse_like_double_Parse(string token)
    {
        // In the conf column: box fields are bounded (MotFileReader.MaxBoxValue), the score is not.
        string text = $"1,1,1,1,1,1,{token},-1,-1,-1\n";
        var rows = FastMotReader.TryParse(System.Text.Encoding.ASCII.GetBytes(text), MotFileKind.Results);
        double expected = double.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
        (rows is null ? MotFileReader.Read(new StringReader(text), "x", MotFileKind.Results) : rows)[0].Score.ShouldBe(expected);
    }

    [Fact]
    public void Decimals_of_16_to_19_digits_round_exactly_like_double_Parse()
    {
        var random = new Random(12345);
        var sb = new System.Text.StringBuilder();
        var tokens = new List<string>();
        for (int n = 0; n < 20000; n++)
        {
            int digits = random.Next(16, 20);
            var d = new char[digits];
            for (int i = 0; i < digits; i++) d[i] = (char)('0' + random.Next(i == 0 ? 1 : 0, 10));
            int point = random.Next(1, digits);
            string token = new string(d, 0, point) + "." + new string(d, point, digits - point);
            // Also halfway cases: the float32/float64 values trackers print end in ...5 often.
            if (n % 4 == 0) token = (random.NextDouble() * 2000).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            tokens.Add(token);
            sb.Append("1,1,1,1,1,1,").Append(token).Append(",-1,-1,-1\n");
        }
        var rows = FastMotReader.TryParse(System.Text.Encoding.ASCII.GetBytes(sb.ToString()), MotFileKind.Results);
        rows.ShouldNotBeNull();
        for (int n = 0; n < tokens.Count; n++)
            rows[n].Score.ShouldBe(double.Parse(tokens[n], System.Globalization.CultureInfo.InvariantCulture), tokens[n]);
    }
}
