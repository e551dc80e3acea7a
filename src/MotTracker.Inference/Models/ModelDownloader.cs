using System.Security.Cryptography;
using MotTracker.Core;

namespace MotTracker.Inference.Models;

/// <summary>What <see cref="ModelDownloader.PullAsync"/> did.</summary>
public enum PullOutcome
{
    /// <summary>The file was downloaded, verified and put in place.</summary>
    Downloaded,

    /// <summary>An identical file (same SHA-256) was already there; nothing was written.</summary>
    AlreadyPresent,
}

public sealed record PullResult(PullOutcome Outcome, string Path, string Sha256, long Size);

/// <summary>The destination holds a different file and overwriting was not allowed.</summary>
public sealed class ModelFileConflictException(string path, string existingSha256, string expectedSha256)
    : IOException($"{path} already exists with a different content (sha256 {existingSha256}, expected {expectedSha256}); " +
                  "it was left untouched. Move it away or pass --force to replace it.")
{
    public string Path { get; } = path;
}

/// <summary>The download failed or did not match the manifest; nothing was left at the destination.</summary>
public sealed class ModelDownloadException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// Fetches a manifest model over HTTP into a models folder. The bytes go to a temporary file in the same
/// folder, are checked against the manifest's size and SHA-256, and only then renamed into place, so a
/// failed or tampered download never leaves a file that looks like a model.
/// </summary>
public sealed class ModelDownloader
{
    private readonly HttpClient _http;

    /// <summary>The caller owns <paramref name="http"/> (and its timeout).</summary>
    public ModelDownloader(HttpClient http) => _http = http ?? throw new ArgumentNullException(nameof(http));

    /// <summary>Where <paramref name="entry"/> lands inside <paramref name="directory"/>.</summary>
    public static string DestinationPath(ModelEntry entry, string directory)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.PathIn(directory);
    }

    /// <summary>Downloads <paramref name="entry"/> from <paramref name="url"/> into <paramref name="directory"/>.</summary>
    /// <param name="overwrite">Replace an existing file whose content differs.</param>
    /// <exception cref="ModelFileConflictException">A different file is there and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="ModelDownloadException">HTTP error, wrong size or wrong checksum.</exception>
    public async Task<PullResult> PullAsync(ModelEntry entry, Uri url, string directory, bool overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(url);
        string destination = DestinationPath(entry, directory);

        if (File.Exists(destination))
        {
            string existing = FileHash.Sha256OfFile(destination);
            if (existing == entry.Sha256)
                return new PullResult(PullOutcome.AlreadyPresent, destination, existing, new FileInfo(destination).Length);
            if (!overwrite)
                throw new ModelFileConflictException(destination, existing, entry.Sha256);
        }

        string folder = System.IO.Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(folder);
        string temp = System.IO.Path.Combine(folder, $".{entry.FileName}.{Guid.NewGuid():N}.part");
        try
        {
            var (sha, size) = await DownloadToAsync(entry, url, temp, cancellationToken).ConfigureAwait(false);
            if (size != entry.Size)
                throw new ModelDownloadException($"{url} sent {size} bytes; {entry.Name} has {entry.Size}. Nothing was saved.");
            if (sha != entry.Sha256)
                throw new ModelDownloadException($"{url} sent a file with sha256 {sha}; the manifest expects {entry.Sha256} for {entry.Name}. Nothing was saved.");
            File.Move(temp, destination, overwrite);
            return new PullResult(PullOutcome.Downloaded, destination, sha, size);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private async Task<(string Sha256, long Size)> DownloadToAsync(ModelEntry entry, Uri url, string temp, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelDownloadException($"could not download {entry.Name} from {url}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelDownloadException($"download of {entry.Name} from {url} timed out", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new ModelDownloadException($"could not download {entry.Name}: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            var buffer = new byte[1 << 16];
            await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    // A server sending far more than the model's size is not serving this model.
                    if (total > entry.Size)
                        throw new ModelDownloadException($"{url} sent more than the {entry.Size} bytes {entry.Name} has. Nothing was saved.");
                    hash.AppendData(buffer.AsSpan(0, read));
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
        }
    }
}
