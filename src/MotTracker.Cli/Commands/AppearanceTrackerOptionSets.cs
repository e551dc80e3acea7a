using System.CommandLine;
using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.BotSort;
using MotTracker.Tracking.Trackers.DeepSort;
using MotTracker.Tracking.Trackers.OcSort;

namespace MotTracker.Cli.Commands;

/// <summary>BoT-SORT's own options (<c>--tracker botsort</c>); the BYTE association's are in <see cref="ByteTrackOptionSet"/>.</summary>
internal sealed class BotSortOptionSet : ITrackerOptionGroup
{
    private static readonly BotSortOptions Defaults = new();

    public Option<double> ProximityThreshold { get; } = new("--proximity-thresh") { Description = "BoT-SORT: appearance counts only for pairs with IoU distance below this.", DefaultValueFactory = _ => Defaults.ProximityThreshold };
    public Option<double> AppearanceThreshold { get; } = new("--appearance-thresh") { Description = "BoT-SORT: appearance counts only where half the cosine distance is below this.", DefaultValueFactory = _ => Defaults.AppearanceThreshold };
    public Option<float> EmaAlpha { get; } = new("--ema-alpha") { Description = "BoT-SORT: momentum of each track's moving-average appearance feature.", DefaultValueFactory = _ => Defaults.EmaAlpha };

    public IReadOnlyList<string> Trackers => ["botsort"];

    public IReadOnlyList<Option> Options => [ProximityThreshold, AppearanceThreshold, EmaAlpha];

    public TrackerSettings Apply(ParseResult parse, TrackerSettings settings)
    {
        var options = settings.BotSort with
        {
            ProximityThreshold = parse.GetValue(ProximityThreshold),
            AppearanceThreshold = parse.GetValue(AppearanceThreshold),
            EmaAlpha = parse.GetValue(EmaAlpha),
        };
        TrackerOptionSet.Validate(options.Validate);
        return settings with { BotSort = options };
    }
}

/// <summary>DeepSORT's options (<c>--tracker deepsort</c>).</summary>
internal sealed class DeepSortOptionSet : ITrackerOptionGroup
{
    private static readonly DeepSortOptions Defaults = new();

    public Option<double> MinConfidence { get; } = new("--min-confidence") { Description = "DeepSORT: detections below this score are not tracked (the reference app's 0.8 suits its detector; 0.5 suits YOLOX's low-threshold output).", DefaultValueFactory = _ => Defaults.MinConfidence };
    public Option<double> NewTrackConfidence { get; } = new("--new-track-confidence") { Description = "DeepSORT: an unmatched detection starts a track only at or above this score (0 or --min-confidence: every kept detection, as the reference).", DefaultValueFactory = _ => Defaults.NewTrackConfidence };
    public Option<double> MaxCosineDistance { get; } = new("--max-cosine-distance") { Description = "DeepSORT: largest cosine distance of an appearance match.", DefaultValueFactory = _ => Defaults.MaxCosineDistance };
    public Option<int> NnBudget { get; } = new("--nn-budget") { Description = "DeepSORT: appearance features kept per track (0: unbounded, the reference code's default).", DefaultValueFactory = _ => Defaults.NnBudget ?? 0 };
    public Option<double> MaxIouDistance { get; } = new("--max-iou-distance") { Description = "DeepSORT: largest 1 - IoU of the IoU matching round.", DefaultValueFactory = _ => Defaults.MaxIouDistance };
    public Option<int> NInit { get; } = new("--n-init") { Description = "DeepSORT: hits before a track is confirmed.", DefaultValueFactory = _ => Defaults.NInit };

    public IReadOnlyList<string> Trackers => ["deepsort"];

    public IReadOnlyList<Option> Options => [MinConfidence, NewTrackConfidence, MaxCosineDistance, NnBudget, MaxIouDistance, NInit];

    public TrackerSettings Apply(ParseResult parse, TrackerSettings settings)
    {
        int budget = parse.GetValue(NnBudget);
        if (budget < 0) throw new UsageException("--nn-budget must be 0 (unbounded) or positive");
        var options = settings.DeepSort with
        {
            MinConfidence = parse.GetValue(MinConfidence),
            NewTrackConfidence = parse.GetValue(NewTrackConfidence),
            MaxCosineDistance = parse.GetValue(MaxCosineDistance),
            NnBudget = budget == 0 ? null : budget,
            MaxIouDistance = parse.GetValue(MaxIouDistance),
            NInit = parse.GetValue(NInit),
        };
        TrackerOptionSet.Validate(options.Validate);
        return settings with { DeepSort = options };
    }
}

/// <summary>
/// <c>--max-age</c>, shared by DeepSORT and OC-SORT (frames a track survives unseen, at 30 fps, scaled by
/// the frame rate); a value not given keeps the chosen tracker's default.
/// </summary>
internal sealed class MaxAgeOptionSet : ITrackerOptionGroup
{
    public Option<int?> MaxAge { get; } = new("--max-age") { Description = $"DeepSORT / OC-SORT: frames a track survives unseen at 30 fps, scaled by the frame rate (default: deepsort {new DeepSortOptions().MaxAge}, ocsort {new OcSortOptions().MaxAge}, ocsort-offline {OcSortOptions.Offline.MaxAge})." };

    public IReadOnlyList<string> Trackers => ["deepsort", "ocsort", "ocsort-offline"];

    public IReadOnlyList<Option> Options => [MaxAge];

    public TrackerSettings Apply(ParseResult parse, TrackerSettings settings)
    {
        if (parse.GetValue(MaxAge) is not { } age) return settings;
        return settings with
        {
            DeepSort = settings.DeepSort with { MaxAge = age },
            OcSort = settings.OcSort with { MaxAge = age },
            OcSortOffline = settings.OcSortOffline with { MaxAge = age },
        };
    }
}

/// <summary>OC-SORT's options (<c>--tracker ocsort</c> and <c>ocsort-offline</c>, each with its own defaults).</summary>
internal sealed class OcSortOptionSet : ITrackerOptionGroup
{
    private static readonly OcSortOptions Online = new();
    private static readonly OcSortOptions Offline = OcSortOptions.Offline;

    public Option<double?> DetectionThreshold { get; } = new("--det-thresh") { Description = $"OC-SORT: detections above this enter the first association (default: ocsort {Online.DetectionThreshold}, ocsort-offline {Offline.DetectionThreshold})." };
    public Option<double?> IouThreshold { get; } = new("--iou-thresh") { Description = $"OC-SORT: smallest IoU of a match (default {Online.IouThreshold})." };
    public Option<int?> MinHits { get; } = new("--min-hits") { Description = $"OC-SORT: hits before a track is reported (default: ocsort {Online.MinHits}, ocsort-offline {Offline.MinHits}: its post-processing confirms tracks offline instead)." };
    public Option<int?> DeltaT { get; } = new("--delta-t") { Description = $"OC-SORT: frames back for the observation-centric momentum direction (default {Online.DeltaT})." };
    public Option<double?> Inertia { get; } = new("--inertia") { Description = $"OC-SORT: weight of the direction-consistency cost (default {Online.Inertia})." };
    public Option<bool?> UseByte { get; } = new("--use-byte") { Description = $"OC-SORT: a second, low-score association round as ByteTrack's (default: ocsort {Online.UseByte.ToString().ToLowerInvariant()}, ocsort-offline {Offline.UseByte.ToString().ToLowerInvariant()})." };

    public IReadOnlyList<string> Trackers => ["ocsort", "ocsort-offline"];

    public IReadOnlyList<Option> Options => [DetectionThreshold, IouThreshold, MinHits, DeltaT, Inertia, UseByte];

    public TrackerSettings Apply(ParseResult parse, TrackerSettings settings)
    {
        OcSortOptions With(OcSortOptions o) => o with
        {
            DetectionThreshold = parse.GetValue(DetectionThreshold) ?? o.DetectionThreshold,
            IouThreshold = parse.GetValue(IouThreshold) ?? o.IouThreshold,
            MinHits = parse.GetValue(MinHits) ?? o.MinHits,
            DeltaT = parse.GetValue(DeltaT) ?? o.DeltaT,
            Inertia = parse.GetValue(Inertia) ?? o.Inertia,
            UseByte = parse.GetValue(UseByte) ?? o.UseByte,
        };
        var online = With(settings.OcSort);
        var offline = With(settings.OcSortOffline);
        TrackerOptionSet.Validate(online.Validate);
        TrackerOptionSet.Validate(offline.Validate);
        return settings with { OcSort = online, OcSortOffline = offline };
    }
}
