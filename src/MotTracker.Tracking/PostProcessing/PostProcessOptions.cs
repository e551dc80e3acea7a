namespace MotTracker.Tracking.PostProcessing;

/// <summary>Offline post-processing applied to a sequence's finished tracks before they are written.</summary>
public enum PostProcessKind
{
    /// <summary>Tracks are written as the tracker reported them.</summary>
    None,

    /// <summary>Gaps of at most <see cref="PostProcessOptions.MaxGap"/> missing frames are filled linearly.</summary>
    Interpolate,

    /// <summary>
    /// Gaussian-smoothed interpolation (GSI, Du et al., "StrongSORT", IEEE TMM 2023): linear interpolation,
    /// then a Gaussian-process regression of each coordinate along each track.
    /// </summary>
    Gsi,
}

/// <summary>Parameters of <see cref="TrackPostProcessing"/>.</summary>
public sealed record PostProcessOptions
{
    /// <summary>
    /// Longest gap, in missing frames, that interpolation fills (default 20). StrongSORT's GSI.py calls
    /// its bound interval=20 and fills when f_prev + 1 &lt; f &lt; f_prev + interval, i.e. at most 18 missing
    /// frames; here the number is the count of missing frames itself.
    /// </summary>
    public int MaxGap { get; init; } = 20;

    /// <summary>
    /// τ of GSI's length-scale rule λ = clip(τ·ln(τ³ / n), 1/τ, τ²) for a track of n boxes
    /// (StrongSORT paper and GSI.py: tau 10).
    /// </summary>
    public double Tau { get; init; } = 10;

    /// <summary>
    /// Offline confirmation, after OC-SORT's head padding (reference run_ocsort_public.py, --hp): a run
    /// of boxes in consecutive frames is kept only if it is at least this long, and then from its first
    /// box on, where an online tracker would report it only from its min-hits-th hit. 0 or 1 keeps every
    /// box. Applied to each track before interpolation, so gaps are filled between kept runs only. Meant
    /// for trackers that report every match at once (<c>ocsort-offline</c> uses 4: the detection that
    /// starts a track plus OC-SORT's min_hits 3).
    /// </summary>
    public int MinRunLength { get; init; }

    /// <summary>
    /// Tracklet linking (<c>--postprocess link</c>, <see cref="TrackletLinking"/>) before the
    /// interpolation or GSI of <see cref="PostProcessKind"/>; null links nothing.
    /// </summary>
    public LinkOptions? Link { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        if (MaxGap < 0) throw new ArgumentException("max-gap must not be negative", "max-gap");
        if (MinRunLength < 0) throw new ArgumentException("min-run must not be negative", "min-run");
        if (!(Tau > 1) || !double.IsFinite(Tau)) throw new ArgumentException("gsi-tau must be a number above 1", "gsi-tau");
        Link?.Validate();
    }
}

/// <summary>Parses the names a user types for <see cref="PostProcessKind"/>.</summary>
public static class PostProcessKinds
{
    /// <summary>The accepted names, in help order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "interpolate", "gsi"];

    /// <summary>The accepted chains, in help order: a kind, or link alone or before one (link runs first).</summary>
    public static IReadOnlyList<string> Chains { get; } = ["none", "interpolate", "gsi", "link", "link,interpolate", "link,gsi"];

    /// <summary>
    /// A chain such as <c>link,gsi</c>: <paramref name="link"/> when it starts with <c>link</c>, and the
    /// kind that follows (none for <c>link</c> alone). Case-insensitive; spaces around commas are allowed.
    /// </summary>
    public static bool TryParseChain(string text, out PostProcessKind kind, out bool link)
    {
        kind = PostProcessKind.None;
        link = false;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is 0 or > 2) return false;
        int at = 0;
        if (string.Equals(parts[0], "link", StringComparison.OrdinalIgnoreCase))
        {
            link = true;
            at = 1;
            if (parts.Length == 1) return true;
        }
        if (parts.Length - at != 1) return false;
        return TryParse(parts[at], out kind);
    }

    /// <summary>none, interpolate or gsi (case-insensitive).</summary>
    public static bool TryParse(string text, out PostProcessKind kind)
    {
        switch (text.ToLowerInvariant())
        {
            case "none": kind = PostProcessKind.None; return true;
            case "interpolate": kind = PostProcessKind.Interpolate; return true;
            case "gsi": kind = PostProcessKind.Gsi; return true;
            default: kind = PostProcessKind.None; return false;
        }
    }

    /// <summary>The name <see cref="TryParse"/> accepts for <paramref name="kind"/>.</summary>
    public static string Name(PostProcessKind kind) => kind switch
    {
        PostProcessKind.Interpolate => "interpolate",
        PostProcessKind.Gsi => "gsi",
        _ => "none",
    };
}
