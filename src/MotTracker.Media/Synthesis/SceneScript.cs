namespace MotTracker.Media.Synthesis;

/// <summary>One straight walk of a person across the canvas, from off one side to off the other (canvas pixels, seconds).</summary>
public sealed record Walk(int Person, double Start, double End, PointD From, PointD To)
{
    public bool IsActive(double seconds) => seconds >= Start && seconds <= End;

    /// <summary>Where the feet are at <paramref name="seconds"/> (linear in time).</summary>
    public PointD FootAt(double seconds)
    {
        double u = End > Start ? (seconds - Start) / (End - Start) : 0;
        return new PointD(From.X + u * (To.X - From.X), From.Y + u * (To.Y - From.Y));
    }
}

public enum EncounterKind
{
    /// <summary>Walking towards each other: they pass at the meeting point.</summary>
    Pass,

    /// <summary>Walking the same way: the faster one catches up at the meeting point.</summary>
    Overtake,
}

/// <summary>Two people scripted to reach (nearly) the same spot at the same time, so one hides the other.</summary>
public sealed record Encounter(int PersonA, int PersonB, double Time, PointD Place, EncounterKind Kind, bool SimilarLooking);

/// <summary>The whole choreography of a scene; pure data, no pixels.</summary>
public sealed record SceneScript(IReadOnlyList<Walk> Walks, IReadOnlyList<Encounter> Encounters, double Duration)
{
    /// <summary>The walk of <paramref name="person"/> under way at <paramref name="seconds"/>, if any (a person's walks never overlap).</summary>
    public Walk? ActiveWalk(int person, double seconds)
    {
        foreach (var walk in Walks)
        {
            if (walk.Person == person && walk.IsActive(seconds)) return walk;
        }
        return null;
    }
}

/// <summary>
/// Writes the choreography: events (an encounter of two people, or one person walking alone) are spaced
/// so that about <see cref="DifficultySettings.PeopleInView"/> people are in view; each event takes people
/// who are off-canvas (someone new, or with the difficulty's share someone coming back), and a person
/// only walks again after a re-entry gap of a few seconds. Encounters take a similar-looking pair with
/// the difficulty's share.
/// </summary>
public static class ScenePlanner
{
    private const double MaxSlope = 0.25;           // dy/dx of a walk: mostly across the street, some diagonal.
    private const double OvertakeShare = 0.3;       // of encounters; the rest are people passing head-on.
    private const double DepthOffsetShare = 0.12;   // foot-row offset at the meeting, in person heights.

    public static SceneScript Plan(
        SceneOptions options, DifficultySettings settings, StreetGeometry street, VirtualCamera camera,
        IReadOnlyList<(int A, int B)> similarPairs, Random random)
    {
        double duration = options.Frames / options.Fps;
        var walks = new List<Walk>();
        var encounters = new List<Encounter>();
        var freeAt = Enumerable.Repeat(double.NegativeInfinity, options.People).ToArray();

        // Time one person spends in view on a walk; the events' spacing follows from it.
        double typicalSpeed = settings.WalkingSpeed * street.PersonHeight(0.5 * (street.FootYMin + street.FootYMax));
        double viewWidth = camera.Window(0).Width;
        double inView = (viewWidth + 2 * street.EdgeMargin) / typicalSpeed;
        double walksPerEvent = options.People >= 2 ? 1 + settings.EncounterShare : 1;
        double spacing = inView * walksPerEvent / settings.PeopleInView;

        // Start before frame 1 so the first frame is already populated.
        for (double wanted = -0.5 * inView; wanted < duration; wanted += spacing * (0.6 + 0.8 * random.NextDouble()))
        {
            bool encounter = options.People >= 2 && random.NextDouble() < settings.EncounterShare;
            if (encounter)
                PlanEncounter(wanted, duration, settings, street, camera, similarPairs, random, freeAt, walks, encounters);
            else
                PlanSolo(wanted, duration, settings, street, random, freeAt, walks);
        }

        walks.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Person.CompareTo(b.Person));
        return new SceneScript(walks, encounters, duration);
    }

    private static void PlanSolo(
        double wanted, double duration, DifficultySettings settings, StreetGeometry street, Random random,
        double[] freeAt, List<Walk> walks)
    {
        int person = PickFree(wanted, freeAt, walks, settings.ReentryShare, random, exclude: -1);
        double start = Math.Max(wanted, freeAt[person]);
        if (start >= duration) return;
        double y = street.FootYMin + random.NextDouble() * (street.FootYMax - street.FootYMin);
        var place = new PointD(street.CanvasWidth * (0.2 + 0.6 * random.NextDouble()), y);
        bool leftToRight = random.NextDouble() < 0.5;
        double speed = settings.WalkingSpeed * street.PersonHeight(y) * (0.85 + 0.3 * random.NextDouble());
        var (from, to) = Line(place, leftToRight, random, street);
        double length = Distance(from, to);
        var walk = new Walk(person, start, start + length / speed, from, to);
        walks.Add(walk);
        freeAt[person] = walk.End + Gap(settings, random);
    }

    private static void PlanEncounter(
        double wanted, double duration, DifficultySettings settings, StreetGeometry street, VirtualCamera camera,
        IReadOnlyList<(int A, int B)> similarPairs, Random random, double[] freeAt, List<Walk> walks, List<Encounter> encounters)
    {
        // 1. Who: a similar-looking pair (the one free soonest) with the difficulty's share, else two people free soonest.
        int a, b;
        bool similar = similarPairs.Count > 0 && random.NextDouble() < settings.SimilarPairShare;
        if (similar)
        {
            (a, b) = similarPairs.MinBy(p => Math.Max(freeAt[p.A], freeAt[p.B]));
            if (random.NextDouble() < 0.5) (a, b) = (b, a);
        }
        else
        {
            a = PickFree(wanted, freeAt, walks, settings.ReentryShare, random, exclude: -1);
            b = PickFree(wanted, freeAt, walks, settings.ReentryShare, random, exclude: a);
        }

        // 2. Where and how: a meeting point the camera sees, two lines through it, speeds.
        var kind = random.NextDouble() < OvertakeShare ? EncounterKind.Overtake : EncounterKind.Pass;
        bool aLeftToRight = random.NextDouble() < 0.5;
        bool bLeftToRight = kind == EncounterKind.Overtake ? aLeftToRight : !aLeftToRight;
        double fx = random.NextDouble(), fy = random.NextDouble(), depth = random.NextDouble() * 2 - 1;
        double speedA = settings.WalkingSpeed * (0.85 + 0.3 * random.NextDouble());
        double speedB = kind == EncounterKind.Overtake ? speedA * (1.35 + 0.25 * random.NextDouble()) : settings.WalkingSpeed * (0.85 + 0.3 * random.NextDouble());
        double slopeA = random.NextDouble(), slopeB = random.NextDouble();

        // 3. When: not before both are free; the meeting point follows the camera, so settle it twice.
        double time = wanted;
        PointD place = default, placeB = default, fromA = default, toA = default, fromB = default, toB = default;
        double vA = 0, vB = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            var window = camera.Window(time);
            double minY = Math.Max(street.FootYMin, window.Y + 0.3 * window.Height);
            double maxY = Math.Min(street.FootYMax, window.Y + window.Height - 0.02 * window.Height);
            if (maxY <= minY) { minY = street.FootYMin; maxY = street.FootYMax; }
            place = new PointD(window.X + window.Width * (0.2 + 0.6 * fx), minY + fy * (maxY - minY));
            double h = street.PersonHeight(place.Y);
            placeB = place with { Y = Math.Clamp(place.Y + depth * DepthOffsetShare * h, street.FootYMin, street.FootYMax) };
            (fromA, toA) = Line(place, aLeftToRight, slopeA, street);
            (fromB, toB) = Line(placeB, bLeftToRight, slopeB, street);
            vA = speedA * h;
            vB = speedB * h;
            time = Math.Max(wanted, Math.Max(freeAt[a] + Distance(fromA, place) / vA, freeAt[b] + Distance(fromB, placeB) / vB));
        }
        if (time >= duration) return;

        var walkA = new Walk(a, time - Distance(fromA, place) / vA, time + Distance(place, toA) / vA, fromA, toA);
        var walkB = new Walk(b, time - Distance(fromB, placeB) / vB, time + Distance(placeB, toB) / vB, fromB, toB);
        walks.Add(walkA);
        walks.Add(walkB);
        freeAt[a] = walkA.End + Gap(settings, random);
        freeAt[b] = walkB.End + Gap(settings, random);
        encounters.Add(new Encounter(a, b, time, place, kind, similar));
    }

    /// <summary>Someone off-canvas at <paramref name="wanted"/> (at random among them), else whoever is free soonest.</summary>
    private static int PickFree(double wanted, double[] freeAt, List<Walk> walks, double reentryShare, Random random, int exclude)
    {
        var free = Enumerable.Range(0, freeAt.Length).Where(i => i != exclude && freeAt[i] <= wanted).ToList();
        if (free.Count == 0) return Enumerable.Range(0, freeAt.Length).Where(i => i != exclude).MinBy(i => freeAt[i]);
        // Someone new, unless the draw says someone comes back: every return is a re-entry no tracker can
        // bridge by motion, so their share is a difficulty setting rather than whatever the cast size gives.
        var fresh = free.Where(i => !walks.Exists(w => w.Person == i)).ToList();
        var back = free.Except(fresh).ToList();
        var from = fresh.Count == 0 ? back : back.Count == 0 ? fresh : random.NextDouble() < reentryShare ? back : fresh;
        return from[random.Next(from.Count)];
    }

    private static (PointD From, PointD To) Line(PointD through, bool leftToRight, Random random, StreetGeometry street) =>
        Line(through, leftToRight, random.NextDouble(), street);

    /// <summary>
    /// A line through <paramref name="through"/> from beyond one canvas side to beyond the other, its
    /// slope drawn (by <paramref name="slopeDraw"/> in [0,1)) among those that keep the feet on the street.
    /// </summary>
    private static (PointD From, PointD To) Line(PointD through, bool leftToRight, double slopeDraw, StreetGeometry street)
    {
        double left = -street.EdgeMargin, right = street.CanvasWidth + street.EdgeMargin;
        double lo = -MaxSlope, hi = MaxSlope;
        // y(x) = through.Y + s (x - through.X) must stay within the street at both ends.
        foreach (double x in new[] { left, right })
        {
            double dx = x - through.X;
            double sMin = (street.FootYMin - through.Y) / dx, sMax = (street.FootYMax - through.Y) / dx;
            if (sMin > sMax) (sMin, sMax) = (sMax, sMin);
            lo = Math.Max(lo, sMin);
            hi = Math.Min(hi, sMax);
        }
        double slope = lo <= hi ? lo + slopeDraw * (hi - lo) : 0;
        var l = new PointD(left, through.Y + slope * (left - through.X));
        var r = new PointD(right, through.Y + slope * (right - through.X));
        return leftToRight ? (l, r) : (r, l);
    }

    private static double Gap(DifficultySettings settings, Random random) =>
        settings.ReentryGapMin + random.NextDouble() * (settings.ReentryGapMax - settings.ReentryGapMin);

    private static double Distance(PointD p, PointD q) => Math.Sqrt((p.X - q.X) * (p.X - q.X) + (p.Y - q.Y) * (p.Y - q.Y));
}
