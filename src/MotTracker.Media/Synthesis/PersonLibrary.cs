using System.Globalization;
using MotTracker.Core.MotChallenge;
using OpenCvSharp;

namespace MotTracker.Media.Synthesis;

/// <summary>
/// A person cut out of a MOT17 frame: colour pixels and a feathered alpha (1 inside the silhouette), with
/// a few pixels of padding around the silhouette's tight box so the feathered edge is not cut off.
/// </summary>
public sealed class PersonSprite : IDisposable
{
    internal PersonSprite(string source, Mat image, Mat alpha, Rect silhouette, Mat histogram)
    {
        Source = source;
        Image = image;
        Alpha = alpha;
        Silhouette = silhouette;
        Histogram = histogram;
    }

    /// <summary>Where it came from, e.g. "MOT17-04-FRCNN frame 1 id 12".</summary>
    public string Source { get; }

    /// <summary>8-bit BGR pixels.</summary>
    public Mat Image { get; }

    /// <summary>32-bit float alpha in [0, 1], same size as <see cref="Image"/>.</summary>
    public Mat Alpha { get; }

    /// <summary>The silhouette's tight box inside <see cref="Image"/>; its height is the person's height.</summary>
    public Rect Silhouette { get; }

    /// <summary>Normalised colour histogram of the silhouette's pixels, for picking similar-looking pairs.</summary>
    public Mat Histogram { get; }

    public void Dispose()
    {
        Image.Dispose();
        Alpha.Dispose();
        Histogram.Dispose();
    }
}

/// <summary>
/// People to paste into scenes, cut from the staged MOT17 frames: every ground-truth person (flag 1,
/// class 1) that is nearly unoccluded, tall and wholly inside a staged frame, one crop per identity, cut
/// from its surroundings with GrabCut initialised by the gt box.
/// </summary>
public sealed class PersonLibrary : IDisposable
{
    /// <summary>Below this the person is partly hidden and the hidden part would be pasted as someone else's pixels.</summary>
    public const double MinVisibility = 0.9;

    /// <summary>Output people are up to about 235 px tall; sources shorter than 120 px would be blown up blurry.</summary>
    public const int MinHeight = 120;

    /// <summary>Crops are shrunk to this height before cutting: enough for the tallest output person, and GrabCut stays fast.</summary>
    private const int CutHeight = 240;
    private const int GrabCutIterations = 4;
    private const int Padding = 3;
    private const double FeatherSigma = 1.2;

    private const double MinMeanBrightness = 40;

    // The strip surely inside an upright person's head and torso, as shares of the gt box.
    private const double SureStripHalfWidth = 0.07, SureStripTop = 0.03, SureStripBottom = 0.75;

    private PersonLibrary(List<PersonSprite> people, int rejected)
    {
        People = people;
        Rejected = rejected;
    }

    /// <summary>The usable people, in a fixed order (sequence name, then gt id).</summary>
    public IReadOnlyList<PersonSprite> People { get; }

    /// <summary>Candidates whose cut failed (GrabCut kept too little or too much of the box).</summary>
    public int Rejected { get; }

    /// <summary>Cuts every usable person out of the sequences under <paramref name="mot17TrainDirectory"/>.</summary>
    /// <param name="sequences">Only these sequence folders (by name); null for all.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist or has no usable people.</exception>
    public static PersonLibrary Load(string mot17TrainDirectory, IReadOnlyCollection<string>? sequences = null)
    {
        if (!Directory.Exists(mot17TrainDirectory))
            throw new DirectoryNotFoundException($"MOT17 training folder '{mot17TrainDirectory}' not found (expected <seq>/img1 and <seq>/gt/gt.txt)");
        OpenCvRuntime.EnsureInitialized();
        var people = new List<PersonSprite>();
        int rejected = 0;
        foreach (string sequence in Directory.EnumerateDirectories(mot17TrainDirectory).Order(StringComparer.Ordinal))
        {
            string gt = Path.Combine(sequence, "gt", "gt.txt");
            string images = Path.Combine(sequence, "img1");
            if (!File.Exists(gt) || !Directory.Exists(images)) continue;
            if (sequences is not null && !sequences.Contains(Path.GetFileName(sequence))) continue;
            var info = SeqInfo.ReadFromDirectory(sequence);
            var rows = MotFileReader.Read(gt, MotFileKind.GroundTruth);
            foreach (var row in Candidates(rows, images, info))
            {
                string frame = Path.Combine(images, row.Frame.ToString("D6", CultureInfo.InvariantCulture) + info.ImageExtension);
                var neighbours = rows.Where(r => r.Frame == row.Frame && r.Id != row.Id).Select(r => r.Box).ToList();
                var sprite = Cut(frame, row, neighbours, $"{Path.GetFileName(sequence)} frame {row.Frame} id {row.Id}");
                if (sprite is null) rejected++;
                else people.Add(sprite);
            }
        }
        if (people.Count == 0)
            throw new DirectoryNotFoundException($"no usable people in '{mot17TrainDirectory}' (need staged img1 frames with gt rows of visibility >= {MinVisibility} and height >= {MinHeight})");
        return new PersonLibrary(people, rejected);
    }

    /// <summary>One row per identity: its most visible row in a staged frame (earliest on ties).</summary>
    private static IEnumerable<MotRow> Candidates(List<MotRow> rows, string imageDirectory, SeqInfo info)
    {
        var staged = new HashSet<int>();
        foreach (string file in Directory.EnumerateFiles(imageDirectory, "*" + info.ImageExtension))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                staged.Add(n);
        }
        // gt boxes are 1-based: the first pixel column is bb_left = 1.
        return rows
            .Where(r => staged.Contains(r.Frame) && r.Score == 1 && r.ClassId == 1 && r.Visibility >= MinVisibility
                && r.Box.Height >= MinHeight && r.Box.X >= 1 && r.Box.Y >= 1
                && r.Box.Right - 1 <= info.ImageWidth && r.Box.Bottom - 1 <= info.ImageHeight)
            .GroupBy(r => r.Id)
            .OrderBy(g => g.Key)
            .Select(g => g.OrderByDescending(r => r.Visibility).ThenBy(r => r.Frame).First());
    }

    private static PersonSprite? Cut(string framePath, MotRow row, IReadOnlyList<Core.BoundingBox> neighbours, string source)
    {
        using var frame = Cv2.ImRead(framePath, ImreadModes.Color);
        if (frame.Empty()) throw new FileNotFoundException($"cannot read image '{framePath}'", framePath);

        // 1. The gt box with a margin of background around it (GrabCut learns the background from it).
        var box = new Rect((int)Math.Round(row.Box.X) - 1, (int)Math.Round(row.Box.Y) - 1, (int)Math.Round(row.Box.Width), (int)Math.Round(row.Box.Height));
        int marginX = Math.Max(4, box.Width / 4), marginY = Math.Max(4, box.Height / 12);
        var crop = Rect.Intersect(new Rect(box.X - marginX, box.Y - marginY, box.Width + 2 * marginX, box.Height + 2 * marginY), new Rect(0, 0, frame.Width, frame.Height));
        double shrink = Math.Min(1.0, (double)CutHeight / crop.Height);
        using var region = new Mat(frame, crop);
        using var small = new Mat();
        Cv2.Resize(region, small, new Size(Math.Max(1, (int)Math.Round(crop.Width * shrink)), Math.Max(1, (int)Math.Round(crop.Height * shrink))), 0, 0, InterpolationFlags.Area);
        var rect = new Rect(
            (int)Math.Round((box.X - crop.X) * shrink), (int)Math.Round((box.Y - crop.Y) * shrink),
            (int)Math.Round(box.Width * shrink), (int)Math.Round(box.Height * shrink));
        rect = Rect.Intersect(rect, new Rect(1, 1, small.Width - 2, small.Height - 2));

        // 2. GrabCut initialised like its rectangle mode (outside the box: background; inside: probably the
        //    person), plus a narrow strip down the middle of head and torso marked as surely the person:
        //    plain rectangle mode often gave away dark hair on a dark street, or a head against a shop window.
        //    Its GMMs start from k-means++ on OpenCV's thread-local RNG: seed it so the same frames always
        //    give the same silhouettes.
        using var mask = new Mat(small.Size(), MatType.CV_8UC1, Scalar.All((int)GrabCutClasses.BGD));
        mask[rect].SetTo(Scalar.All((int)GrabCutClasses.PR_FGD));
        int stripHalfWidth = Math.Max(1, (int)Math.Round(rect.Width * SureStripHalfWidth));
        var strip = new Rect(rect.X + rect.Width / 2 - stripHalfWidth, rect.Y + (int)Math.Round(rect.Height * SureStripTop),
            2 * stripHalfWidth, (int)Math.Round(rect.Height * (SureStripBottom - SureStripTop)));
        // Other annotated objects next to the person (a companion walking alongside) are background, not
        // part of this silhouette: surely so outside the person's box, probably so inside it.
        foreach (var other in neighbours)
        {
            var o = new Rect(
                (int)Math.Round((other.X - 1 - crop.X) * shrink), (int)Math.Round((other.Y - 1 - crop.Y) * shrink),
                (int)Math.Round(other.Width * shrink), (int)Math.Round(other.Height * shrink));
            o = Rect.Intersect(o, new Rect(0, 0, small.Width, small.Height));
            if (o.Width <= 0 || o.Height <= 0) continue;
            using var otherArea = new Mat(small.Size(), MatType.CV_8UC1, Scalar.All(0));
            otherArea[o].SetTo(Scalar.All(255));
            using var inside = new Mat(small.Size(), MatType.CV_8UC1, Scalar.All(0));
            inside[rect].SetTo(Scalar.All(255));
            using var insideRegion = new Mat();
            Cv2.BitwiseAnd(otherArea, inside, insideRegion);
            mask.SetTo(Scalar.All((int)GrabCutClasses.BGD), otherArea);
            mask.SetTo(Scalar.All((int)GrabCutClasses.PR_BGD), insideRegion);
        }
        mask[strip].SetTo(Scalar.All((int)GrabCutClasses.FGD));
        using var background = new Mat();
        using var foreground = new Mat();
        Cv2.SetTheRNG(0x5EED);
        Cv2.GrabCut(small, mask, rect, background, foreground, GrabCutIterations, GrabCutModes.InitWithMask);

        // 3. Keep sure and probable foreground, open away specks, keep the largest blob.
        using var binary = new Mat();
        Cv2.BitwiseAnd(mask, Scalar.All(1), binary);
        binary.ConvertTo(binary, MatType.CV_8UC1, 255);
        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(3, 3)))
            Cv2.MorphologyEx(binary, binary, MorphTypes.Open, kernel);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(binary, labels, stats, centroids, PixelConnectivity.Connectivity8);
        int best = 0, bestArea = 0;
        for (int i = 1; i < count; i++)
        {
            int area = stats.At<int>(i, (int)ConnectedComponentsTypes.Area);
            if (area > bestArea) { best = i; bestArea = area; }
        }
        // A person fills roughly 40-75% of their box; far outside that the cut went wrong.
        double fill = (double)bestArea / (rect.Width * rect.Height);
        if (best == 0 || fill < 0.25 || fill > 0.85) return null;
        using var person = new Mat();
        Cv2.Compare(labels, Scalar.All(best), person, CmpTypes.EQ);
        var tight = Cv2.BoundingRect(person);
        if (tight.Height < rect.Height * 0.7) return null; // lost the head or the feet
        // Night-time crops come out as dark blobs that no detector (or viewer) takes for a person.
        var mean = Cv2.Mean(small, person);
        if (mean.Val0 + mean.Val1 + mean.Val2 < 3 * MinMeanBrightness) return null;

        // 4. Sprite = tight box plus padding; alpha = the silhouette, feathered by a small blur.
        var padded = Rect.Intersect(new Rect(tight.X - Padding, tight.Y - Padding, tight.Width + 2 * Padding, tight.Height + 2 * Padding), new Rect(0, 0, small.Width, small.Height));
        var image = new Mat(small, padded).Clone();
        var alpha = new Mat();
        using (var silhouette = new Mat(person, padded))
        {
            silhouette.ConvertTo(alpha, MatType.CV_32FC1, 1.0 / 255);
            Cv2.GaussianBlur(alpha, alpha, new Size(0, 0), FeatherSigma);
        }
        var histogram = new Mat();
        using (var silhouetteMask = new Mat(person, padded))
        {
            Cv2.CalcHist([image], [0, 1, 2], silhouetteMask, histogram, 3, [8, 8, 8], [new Rangef(0, 256), new Rangef(0, 256), new Rangef(0, 256)]);
            Cv2.Normalize(histogram, histogram, 1, 0, NormTypes.L1);
        }
        var inSprite = new Rect(tight.X - padded.X, tight.Y - padded.Y, tight.Width, tight.Height);
        return new PersonSprite(source, image, alpha, inSprite, histogram);
    }

    /// <summary>Bhattacharyya distance of the colour histograms: 0 identical, 1 nothing in common.</summary>
    public static double ColourDistance(PersonSprite a, PersonSprite b) => Cv2.CompareHist(a.Histogram, b.Histogram, HistCompMethods.Bhattacharyya);

    public void Dispose()
    {
        foreach (var person in People) person.Dispose();
    }
}
