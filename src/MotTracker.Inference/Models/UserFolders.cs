namespace MotTracker.Inference.Models;

/// <summary>
/// The per-user folders of the XDG base directory convention: data ($XDG_DATA_HOME, default
/// ~/.local/share) and cache ($XDG_CACHE_HOME, default ~/.cache), each with a mottrack sub-folder. A
/// relative value of either variable is ignored, as the convention asks.
/// </summary>
public static class UserFolders
{
    /// <summary>$XDG_DATA_HOME/mottrack, or null when there is no home folder.</summary>
    public static string? Data(Func<string, string?> environment) => Folder(environment, "XDG_DATA_HOME", ".local/share");

    /// <summary>$XDG_CACHE_HOME/mottrack, or null when there is no home folder.</summary>
    public static string? Cache(Func<string, string?> environment) => Folder(environment, "XDG_CACHE_HOME", ".cache");

    private static string? Folder(Func<string, string?> environment, string variable, string underHome)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? value = environment(variable);
        if (!string.IsNullOrEmpty(value) && Path.IsPathRooted(value))
            return Path.Combine(value, "mottrack");
        string? home = environment("HOME");
        if (string.IsNullOrEmpty(home))
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home) || !Path.IsPathRooted(home))
            return null;
        return Path.Combine(home, underHome, "mottrack");
    }
}
