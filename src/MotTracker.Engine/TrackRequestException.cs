namespace MotTracker.Engine;

/// <summary>
/// A request that cannot run as given: conflicting or inapplicable settings, missing inputs or frames,
/// out-of-range values. <see cref="Setting"/> names the setting at fault in its command-line spelling
/// without dashes (e.g. "conf", "detections"), or is null when the problem is the input itself.
/// </summary>
public sealed class TrackRequestException(string? setting, string message) : Exception(message)
{
    public string? Setting { get; } = setting;

    /// <summary>
    /// The input is at fault (missing, no detections, frames missing), not a setting: in a batch such a
    /// problem fails that input alone. By default, every problem that names no setting.
    /// </summary>
    public bool InputProblem { get; init; } = setting is null;
}
