using MotTracker.Core;
using MotTracker.Evaluation;
using MotTracker.Core.MotChallenge;
using MotTracker.Media.Synthesis;
using OpenCvSharp;

namespace MotTracker.Media.Tests.Synthesis;

/// <summary>
/// The people and the street cost seconds to make, so the tests share one of each: the people of one
/// MOT17 sequence (MOT17-04 has 15 usable identities) and the median of every 40th vtest.avi frame.
/// </summary>
public sealed class SynthesisFixture : IDisposable
{
    public SynthesisFixture()
    {
        Library = PersonLibrary.Load(TestData.Mot17Train, ["MOT17-04-FRCNN"]);
        Background = StreetBackground.Median(TestData.Vtest, sampleStep: 40);
    }

    public PersonLibrary Library { get; }
    public Mat Background { get; }

    public void Dispose()
    {
        Library.Dispose();
        Background.Dispose();
    }
}

public sealed class SynthesisTests(SynthesisFixture fixture) : IClassFixture<SynthesisFixture>
{
    private static readonly SceneOptions Small = new() { Seed = 7, People = 4, Frames = 40 };

    private SyntheticScene Create(SceneOptions options) => SyntheticScene.Create(options, fixture.Library, fixture.Background);

    private string WriteScene(TempDirectory temp, string folder, SceneOptions options)
    {
        using var scene = Create(options);
        var summary = SceneWriter.Write(scene, temp.Combine(folder), overwrite: false);
        return summary.Directory;
    }

    [Fact]
    public void The_same_seed_writes_byte_identical_ground_truth_and_video()
    {
        using var temp = new TempDirectory();
        string first = WriteScene(temp, "a", Small);
        string second = WriteScene(temp, "b", Small);
        string other = WriteScene(temp, "c", Small with { Seed = 8, Name = Small.ResolvedName });

        foreach (string file in new[] { "gt/gt.txt", Small.ResolvedName + ".avi", "seqinfo.ini", "camera.txt", "NOTICE.txt" })
            File.ReadAllBytes(Path.Combine(second, file)).ShouldBe(File.ReadAllBytes(Path.Combine(first, file)), file);
        // A different seed must change the scene, or the comparison above proves nothing.
        File.ReadAllBytes(Path.Combine(other, "gt", "gt.txt")).ShouldNotBe(File.ReadAllBytes(Path.Combine(first, "gt", "gt.txt")));
    }

    [Fact]
    public void Cutting_the_same_people_twice_gives_identical_silhouettes()
    {
        using var first = PersonLibrary.Load(TestData.Mot17Train, ["MOT17-05-FRCNN"]);
        using var second = PersonLibrary.Load(TestData.Mot17Train, ["MOT17-05-FRCNN"]);
        first.People.Count.ShouldBe(2);
        for (int i = 0; i < first.People.Count; i++)
        {
            var (a, b) = (first.People[i], second.People[i]);
            b.Source.ShouldBe(a.Source);
            b.Silhouette.ShouldBe(a.Silhouette);
            Bytes(b.Image).ShouldBe(Bytes(a.Image));
            Bytes(b.Alpha).ShouldBe(Bytes(a.Alpha));
            // A silhouette, not the box: GrabCut dropped part of it as background.
            Cv2.CountNonZero(a.Alpha.GreaterThan(0.5)).ShouldBeLessThan((int)(0.9 * a.Silhouette.Width * a.Silhouette.Height));
        }
    }

    private static byte[] Bytes(Mat mat)
    {
        using var packed = mat.Clone();
        var bytes = new byte[packed.Total() * packed.ElemSize()];
        System.Runtime.InteropServices.Marshal.Copy(packed.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    [Fact]
    public void Ground_truth_rows_are_considered_people_inside_the_frame_with_visibility_in_0_to_1()
    {
        using var temp = new TempDirectory();
        string dir = WriteScene(temp, "scene", Small);
        var info = SeqInfo.ReadFromDirectory(dir);
        (info.ImageWidth, info.ImageHeight, info.SequenceLength, info.FrameRate).ShouldBe((768, 576, 40, 10.0));

        var rows = MotFileReader.Read(Path.Combine(dir, "gt", "gt.txt"), MotFileKind.GroundTruth);
        rows.Count.ShouldBeGreaterThan(40);
        foreach (var row in rows)
        {
            row.Frame.ShouldBeInRange(1, 40);
            row.Id.ShouldBeInRange(1, 4);
            (row.Score, row.ClassId).ShouldBe((1.0, 1));
            // 1-based MOTChallenge boxes: first column 1, last column 768.
            row.Box.X.ShouldBeGreaterThanOrEqualTo(1);
            row.Box.Y.ShouldBeGreaterThanOrEqualTo(1);
            (row.Box.X + row.Box.Width - 1).ShouldBeLessThanOrEqualTo(768);
            (row.Box.Y + row.Box.Height - 1).ShouldBeLessThanOrEqualTo(576);
            row.Box.Width.ShouldBeGreaterThan(0);
            row.Box.Height.ShouldBeGreaterThan(0);
            row.Visibility.ShouldBeInRange(0.0, 1.0);
        }
        rows.Select(r => (r.Frame, r.Id)).Distinct().Count().ShouldBe(rows.Count);
    }

    [Fact]
    public void At_a_scripted_encounter_the_person_behind_is_partly_hidden_by_the_other()
    {
        using var scene = Create(Small with { Frames = 300 });
        var encounter = scene.Script.Encounters.First(e => e.Time > 1 && e.Time < 29);
        int frame = (int)Math.Round(encounter.Time * scene.Options.Fps) + 1;
        using var image = new Mat();
        var truth = scene.Render(frame, image);

        var a = truth.People.Single(p => p.Person == encounter.PersonA);
        var b = truth.People.Single(p => p.Person == encounter.PersonB);
        var behind = a.Box.Bottom < b.Box.Bottom ? a : b;
        var front = behind == a ? b : a;
        behind.Visibility.ShouldBeLessThan(0.9);
        front.Visibility.ShouldBeGreaterThan(behind.Visibility);
        truth.Occlusions.ShouldContain(o => o.Occluded == behind.Person && o.Occluder == front.Person && o.Hidden > 0.1);
        // Exactly: visibility is the share of silhouette pixels still seen.
        behind.Visibility.ShouldBe((double)behind.VisiblePixels / behind.SilhouettePixels);
    }

    [Fact]
    public void A_person_who_leaves_the_view_comes_back_later_with_the_same_id()
    {
        using var scene = Create(Small with { Frames = 600 });
        var (first, second) = scene.Script.Walks
            .GroupBy(w => w.Person)
            .SelectMany(g => g.Zip(g.Skip(1)))
            .First(p => p.First.Start > 0 && p.Second.End < scene.Script.Duration && p.Second.Start - p.First.End >= 1);
        int person = first.Person;
        int FrameAt(double seconds) => (int)Math.Round(seconds * scene.Options.Fps) + 1;
        using var image = new Mat();

        scene.Render(FrameAt(0.5 * (first.Start + first.End)), image).People.ShouldContain(p => p.Person == person);
        scene.Render(FrameAt(0.5 * (first.End + second.Start)), image).People.ShouldNotContain(p => p.Person == person);
        scene.Render(FrameAt(0.5 * (second.Start + second.End)), image).People.ShouldContain(p => p.Person == person);
    }

    [Fact]
    public void A_panning_camera_moves_the_static_street_by_the_scripted_offset()
    {
        using var scene = Create(Small with { Camera = SceneCamera.Pan, Frames = 100 });
        using var first = new Mat();
        using var later = new Mat();
        var truthFirst = scene.Render(30, first);
        var truthLater = scene.Render(40, later);
        double dx = truthLater.Camera.OffsetX - truthFirst.Camera.OffsetX;
        double dy = truthLater.Camera.OffsetY - truthFirst.Camera.OffsetY;
        Math.Abs(dx).ShouldBeGreaterThan(10); // the camera really moved

        // later(x, y) = first(x + dx, y + dy) on the street; people are masked out of the comparison.
        using var mask = new Mat(576, 768, MatType.CV_8UC1, Scalar.All(255));
        foreach (var p in truthFirst.People.Concat(truthLater.People))
            mask.Rectangle(Grow(p.Box, dx, dy), Scalar.All(0), -1);
        double Error(double sx, double sy)
        {
            using var shifted = new Mat();
            using var m = Mat.FromPixelData(2, 3, MatType.CV_64FC1, new double[] { 1, 0, -sx, 0, 1, -sy });
            Cv2.WarpAffine(first, shifted, m, first.Size(), InterpolationFlags.Linear, BorderTypes.Constant);
            using var valid = new Mat(576, 768, MatType.CV_8UC1, Scalar.All(0));
            Cv2.Rectangle(valid, new Rect(20 + (int)Math.Abs(sx), 20 + (int)Math.Abs(sy), 728 - 2 * (int)Math.Abs(sx), 536 - 2 * (int)Math.Abs(sy)), Scalar.All(255), -1);
            Cv2.BitwiseAnd(valid, mask, valid);
            using var diff = new Mat();
            Cv2.Absdiff(shifted, later, diff);
            var mean = Cv2.Mean(diff, valid);
            return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
        }

        double scripted = Error(dx, dy);
        scripted.ShouldBeLessThan(4);
        Error(dx + 2, dy).ShouldBeGreaterThan(scripted * 1.5);
        Error(0, 0).ShouldBeGreaterThan(scripted * 3);
    }

    private static Rect Grow(BoundingBox box, double dx, double dy)
    {
        int margin = 4 + (int)Math.Ceiling(Math.Max(Math.Abs(dx), Math.Abs(dy)));
        return new Rect((int)box.X - margin, (int)box.Y - margin, (int)box.Width + 2 * margin, (int)box.Height + 2 * margin);
    }

    [Fact]
    public void The_evaluator_scores_the_ground_truth_against_itself_as_perfect()
    {
        using var temp = new TempDirectory();
        string benchmark = temp.Combine("scenes");
        using (var scene = Create(Small))
            SceneWriter.Write(scene, benchmark, overwrite: false);
        string name = Small.ResolvedName;
        var gt = MotFileReader.Read(Path.Combine(benchmark, name, "gt", "gt.txt"), MotFileKind.GroundTruth);
        temp.Write($"results/{name}.txt", string.Concat(gt.Select(r =>
            FormattableString.Invariant($"{r.Frame},{r.Id},{r.Box.X},{r.Box.Y},{r.Box.Width},{r.Box.Height},1,-1,-1,-1\n"))));

        var sequences = MotChallengeLayout.Discover(benchmark, temp.Combine("results"), null);
        var report = MotEvaluator.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT17), sequences);

        sequences.Single().Name.ShouldBe(name);
        report.Combined["HOTA___AUC"].Value.ShouldBe(1.0, 1e-9);
        report.Combined["MOTA"].Value.ShouldBe(1.0, 1e-9);
        report.Combined["IDF1"].Value.ShouldBe(1.0, 1e-9);
        report.Combined["CLR_TP"].Value.ShouldBe(gt.Count);
    }

    [Fact]
    public void Writing_over_an_existing_scene_needs_overwrite()
    {
        using var temp = new TempDirectory();
        var options = Small with { Frames = 3 };
        string dir = WriteScene(temp, "scenes", options);
        string marker = Path.Combine(dir, "mine.txt");
        File.WriteAllText(marker, "user file");

        using var scene = Create(options);
        Should.Throw<IOException>(() => SceneWriter.Write(scene, temp.Combine("scenes"), overwrite: false));
        File.Exists(marker).ShouldBeTrue();
        SceneWriter.Write(scene, temp.Combine("scenes"), overwrite: true);
        File.Exists(marker).ShouldBeFalse();
        Directory.GetDirectories(temp.Combine("scenes")).Length.ShouldBe(1); // no temp or old folders left behind
    }

    [Fact]
    public void Look_alike_pairs_are_closer_in_colour_than_the_cast_on_average()
    {
        using var scene = Create(Small with { People = 8, Difficulty = SceneDifficulty.Hard });
        scene.SimilarPairs.Count.ShouldBe(2);
        var cast = scene.CastSources;
        cast.Distinct().Count().ShouldBe(8); // eight different MOT17 identities
        var sprites = cast.Select(s => fixture.Library.People.Single(p => p.Source == s)).ToList();
        double pairs = scene.SimilarPairs.Average(p => PersonLibrary.ColourDistance(sprites[p.A], sprites[p.B]));
        double all = (from i in Enumerable.Range(0, 8) from j in Enumerable.Range(0, 8) where i < j select PersonLibrary.ColourDistance(sprites[i], sprites[j])).Average();
        pairs.ShouldBeLessThan(all);
    }

    [Fact]
    public void Asking_for_more_people_than_there_are_is_an_argument_error()
    {
        var error = Should.Throw<ArgumentException>(() => Create(Small with { People = fixture.Library.People.Count + 1 }));
        error.Message.ShouldContain("--people");
    }
}
