using System.CommandLine;
using MotTracker.Inference.Models;

namespace MotTracker.Cli.Commands;

/// <summary><c>mottrack models list|pull</c>: shows where each known model is and downloads missing ones.</summary>
public static class ModelsCommand
{
    /// <summary>Replaces the host part of every manifest URL (mirrors, air-gapped setups, tests).</summary>
    public const string BaseUrlVariable = "MOTTRACK_MODELS_BASE_URL";

    public static Command Create(CliContext context)
    {
        var manifestOption = new Option<string?>("--manifest")
        {
            Description = "Use this models.json instead of the built-in list.",
            Recursive = true,
        };
        var command = new Command("models", "List the supported ONNX models and download them.");
        command.Add(manifestOption);
        command.Add(CreateList(context, manifestOption));
        command.Add(CreatePull(context, manifestOption));
        return command;
    }

    private static Command CreateList(CliContext context, Option<string?> manifestOption)
    {
        var list = new Command("list", "Show each known model, where it was found and whether its sha256 matches.");
        list.SetAction(parse =>
        {
            var locator = CreateLocator(context, parse.GetValue(manifestOption));
            var checksums = new ModelChecksums(context.Environment);
            var rows = new List<string[]> { new[] { "NAME", "TASK", "FORMAT", "SHA256", "PATH" } };
            int missing = 0, mismatched = 0;
            foreach (var entry in locator.Manifest.Models)
            {
                string? path = locator.TryFind(entry);
                string hash = "-";
                if (path is null)
                {
                    missing++;
                }
                else if (checksums.Sha256(path) == entry.Sha256)
                {
                    hash = "ok";
                }
                else
                {
                    hash = "MISMATCH";
                    mismatched++;
                }

                rows.Add([entry.Name, Name(entry.Task), Name(entry.Format), hash, path ?? "missing"]);
            }

            WriteTable(context.Out, rows);
            context.Out.WriteLine();
            context.Out.WriteLine("Searched, in order:");
            foreach (string dir in locator.SearchDirectories())
                context.Out.WriteLine($"  {dir}");
            if (missing > 0)
                context.Out.WriteLine($"{missing} missing: get one with `mottrack models pull NAME` (or `mottrack models pull all`).");
            if (mismatched > 0)
                context.Out.WriteLine($"{mismatched} with a sha256 MISMATCH: that file is not the listed model; replace it with `mottrack models pull NAME --force`.");
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command CreatePull(CliContext context, Option<string?> manifestOption)
    {
        var names = new Argument<string[]>("names")
        {
            Description = "Model names from `mottrack models list`, or 'all'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var dirOption = new Option<string?>("--dir")
        {
            Description = $"Models folder to download into (default: ${ModelLocator.ModelsDirectoryVariable}, else $XDG_DATA_HOME/mottrack/models, i.e. ~/.local/share/mottrack/models).",
        };
        var forceOption = new Option<bool>("--force")
        {
            Description = "Replace an existing file whose sha256 differs.",
        };
        var urlOption = new Option<string?>("--url")
        {
            Description = $"Download from this URL instead of the manifest's (one model only). ${BaseUrlVariable} sets a base URL for all.",
        };

        var pull = new Command("pull", "Download models into the models folder, verifying their sha256.");
        pull.Add(names);
        pull.Add(dirOption);
        pull.Add(forceOption);
        pull.Add(urlOption);
        pull.SetAction(parse =>
        {
            var locator = CreateLocator(context, parse.GetValue(manifestOption));
            var entries = SelectEntries(locator.Manifest, parse.GetValue(names) ?? []);
            string? url = parse.GetValue(urlOption);
            if (url is not null && entries.Count != 1)
                throw new UsageException("--url names one file: pull a single model with it");
            string? dir = parse.GetValue(dirOption);
            string directory = dir is null ? locator.DefaultDownloadDirectory : context.ResolvePath(dir);
            bool force = parse.GetValue(forceOption);

            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var downloader = new ModelDownloader(http);
            int exit = ExitCodes.Ok;
            foreach (var entry in entries)
            {
                var source = SourceUrl(entry, url, context.Environment(BaseUrlVariable));
                try
                {
                    context.Out.WriteLine($"{entry.Name}: downloading {source}");
                    var result = downloader.PullAsync(entry, source, directory, force).GetAwaiter().GetResult();
                    context.Out.WriteLine(result.Outcome == PullOutcome.AlreadyPresent
                        ? $"{entry.Name}: already present at {result.Path} (sha256 ok)"
                        : $"{entry.Name}: saved {result.Path} ({result.Size:N0} bytes, sha256 ok)");
                    if (!string.IsNullOrEmpty(entry.License))
                        context.Out.WriteLine($"{entry.Name}: licence: {entry.License}");
                }
                catch (ModelFileConflictException ex)
                {
                    context.Error.WriteLine($"error: {ex.Message}");
                    exit = Math.Max(exit, ExitCodes.BadInput);
                }
                catch (ModelDownloadException ex)
                {
                    context.Error.WriteLine($"error: {ex.Message}");
                    exit = ExitCodes.Failure;
                }
            }

            return exit;
        });
        return pull;
    }

    private static ModelLocator CreateLocator(CliContext context, string? manifestPath)
    {
        var manifest = manifestPath is null ? ModelManifest.Embedded : ModelManifest.Load(context.ResolvePath(manifestPath));
        return new ModelLocator(manifest, context.Environment, context.WorkingDirectory);
    }

    private static List<ModelEntry> SelectEntries(ModelManifest manifest, string[] names)
    {
        if (names.Any(n => string.Equals(n, "all", StringComparison.OrdinalIgnoreCase)))
            return manifest.Models.ToList();
        var entries = new List<ModelEntry>();
        foreach (string name in names)
        {
            var entry = manifest.Find(name)
                ?? throw new UsageException($"unknown model '{name}'; known: {string.Join(", ", manifest.Models.Select(m => m.Name))}");
            if (!entries.Contains(entry))
                entries.Add(entry);
        }

        return entries;
    }

    private static Uri SourceUrl(ModelEntry entry, string? explicitUrl, string? baseUrl)
    {
        string text = explicitUrl
            ?? (string.IsNullOrWhiteSpace(baseUrl) ? entry.Url : baseUrl.TrimEnd('/') + "/" + entry.File);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new UsageException($"'{text}' is not an http(s) URL");
        return uri;
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static void WriteTable(TextWriter output, List<string[]> rows)
    {
        int columns = rows[0].Length;
        var widths = new int[columns];
        foreach (var row in rows)
            for (int c = 0; c < columns; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => c == columns - 1 ? cell : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
