using MotTracker.Core;

namespace MotTracker.Inference.Models;

/// <summary>A model file found on disk; <see cref="Entry"/> is its manifest entry when it is a known model.</summary>
public sealed record ModelLocation(string Path, ModelEntry? Entry);

/// <summary>A model that is in none of the places searched. The message lists them and how to get the model.</summary>
public sealed class ModelNotFoundException : FileNotFoundException
{
    public ModelNotFoundException(string model, IReadOnlyList<string> searched, string howToGet)
        : base(BuildMessage(model, searched, howToGet), model)
    {
        Model = model;
        Searched = searched;
    }

    public string Model { get; }

    /// <summary>Every path that was tried, in order.</summary>
    public IReadOnlyList<string> Searched { get; }

    private static string BuildMessage(string model, IReadOnlyList<string> searched, string howToGet)
    {
        var text = new System.Text.StringBuilder();
        text.Append($"model '{model}' not found. Looked in:");
        foreach (string path in searched)
            text.Append(Environment.NewLine).Append("  ").Append(path);
        text.Append(Environment.NewLine).Append(howToGet);
        return text.ToString();
    }
}

/// <summary>
/// Finds model files. A name or path is resolved in this order: an existing file at that path; then, in
/// each models folder — $MOTTRACK_MODELS, ./models, and the per-user data folder
/// ($XDG_DATA_HOME/mottrack/models, default ~/.local/share/mottrack/models) — the manifest's relative
/// path (detector/yolox_nano.onnx) and then the bare file name. Nothing relative to a source checkout is
/// searched: tests and CI name their models folder through $MOTTRACK_MODELS like any user.
/// </summary>
public sealed class ModelLocator
{
    /// <summary>Environment variable naming the user's models folder.</summary>
    public const string ModelsDirectoryVariable = "MOTTRACK_MODELS";

    private readonly Func<string, string?> _environment;

    public ModelLocator(ModelManifest manifest, Func<string, string?> environment, string workingDirectory)
    {
        Manifest = manifest ?? throw new ArgumentNullException(nameof(manifest));
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        WorkingDirectory = Path.GetFullPath(workingDirectory);
    }

    public ModelManifest Manifest { get; }
    public string WorkingDirectory { get; }

    /// <summary>The per-user models folder ($XDG_DATA_HOME/mottrack/models), or null when there is no home folder.</summary>
    public string? UserModelsDirectory => UserFolders.Data(_environment) is { } data ? Path.Combine(data, "models") : null;

    /// <summary>
    /// The folder `models pull` writes to by default: $MOTTRACK_MODELS when set (the user chose it),
    /// else the per-user models folder, else ./models (no home folder).
    /// </summary>
    public string DefaultDownloadDirectory
    {
        get
        {
            string? env = _environment(ModelsDirectoryVariable);
            if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env, WorkingDirectory);
            return UserModelsDirectory ?? Path.Combine(WorkingDirectory, "models");
        }
    }

    /// <summary>The models folders in search order, without duplicates; they need not exist.</summary>
    public IReadOnlyList<string> SearchDirectories()
    {
        var dirs = new List<string>();
        void AddDir(string path)
        {
            string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, WorkingDirectory));
            if (!dirs.Contains(full, StringComparer.Ordinal))
                dirs.Add(full);
        }

        string? env = _environment(ModelsDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(env))
            AddDir(env);
        AddDir(Path.Combine(WorkingDirectory, "models"));
        if (UserModelsDirectory is { } user)
            AddDir(user);
        return dirs;
    }

    /// <summary>Every path at which <paramref name="entry"/> is looked for, in order.</summary>
    public IReadOnlyList<string> CandidatePaths(ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var paths = new List<string>();
        foreach (string dir in SearchDirectories())
        {
            paths.Add(entry.PathIn(dir));
            if (entry.File.Contains('/'))
                paths.Add(Path.Combine(dir, entry.FileName));
        }

        return paths;
    }

    /// <summary>The first existing file for <paramref name="entry"/>, or null.</summary>
    public string? TryFind(ModelEntry entry) => CandidatePaths(entry).FirstOrDefault(File.Exists);

    /// <summary>Resolves a model name from the manifest or a path to an .onnx file.</summary>
    /// <exception cref="ModelNotFoundException">Nothing found; the message lists every place tried.</exception>
    public ModelLocation Resolve(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        string asPath = Path.GetFullPath(nameOrPath, WorkingDirectory);
        if (File.Exists(asPath))
            return new ModelLocation(asPath, Manifest.FindByFileName(Path.GetFileName(asPath)));

        var searched = new List<string> { asPath };
        if (Manifest.Find(nameOrPath) is ModelEntry entry)
        {
            foreach (string candidate in CandidatePaths(entry))
            {
                if (File.Exists(candidate))
                    return new ModelLocation(candidate, entry);
                searched.Add(candidate);
            }

            throw new ModelNotFoundException(nameOrPath, searched,
                $"Get it with `mottrack models pull {entry.Name}` (or download {entry.Url} into one of those folders), " +
                $"or set {ModelsDirectoryVariable} to the folder that holds it.");
        }

        // An unknown bare file name may still sit in a models folder.
        bool bareName = nameOrPath.IndexOfAny(['/', '\\']) < 0;
        if (bareName)
        {
            string fileName = nameOrPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? nameOrPath : nameOrPath + ".onnx";
            foreach (string dir in SearchDirectories())
            {
                string candidate = Path.Combine(dir, fileName);
                if (File.Exists(candidate))
                    return new ModelLocation(candidate, Manifest.FindByFileName(fileName));
                searched.Add(candidate);
            }
        }

        string known = string.Join(", ", Manifest.Models.Select(m => m.Name));
        throw new ModelNotFoundException(nameOrPath, searched,
            $"It is neither an existing .onnx file nor a known model ({known}); `mottrack models list` shows where each known model is.");
    }
}
