namespace MotTracker.Engine;

/// <summary>
/// A request that cannot run as given: conflicting or inapplicable settings, missing inputs or frames,
/// out-of-range values. <see cref="Setting"/> names the setting at fault in its command-line spelling
/// without dashes (e.g. "conf", "detections"), or is null when the problem is the input itself.
/// </summary>
public sealed class TrackRequestException(string? setting, string message) : Exception(message)
{
    public string? Setting { get; } = setting;
}
