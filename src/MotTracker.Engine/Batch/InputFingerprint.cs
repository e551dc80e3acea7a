using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Engine.Batch;

/// <summary>
/// What a batch input's content looks like, so a rerun redoes an input that changed under the same name
/// instead of trusting its old result. Covers the files the run reads:
/// <list type="bullet">
/// <item>a file up to <see cref="WholeFileLimit"/> (det.txt, seqinfo.ini): sha256 of its bytes, exact;</item>
/// <item>a larger file (a video): its size, its modification time and the sha256 of its first and last
/// <see cref="BlockSize"/> bytes, so a rerun over hundreds of long videos does not read them whole;</item>
/// <item>a folder of frames (img1/, an image folder): each file's name, size and modification time.</item>
/// </list>
/// A file that is missing is recorded as missing (the run then fails for that input on its own).
/// </summary>
public static class InputFingerprint
{
    public const long WholeFileLimit = 16L << 20;
    public const int BlockSize = 1 << 20;

    /// <summary>The fingerprint of what <paramref name="request"/> reads of <paramref name="input"/>, as lower-case hex sha256.</summary>
    public static string Of(BatchInput input, TrackRequest request)
    {
        var text = new StringBuilder();
        switch (input.Kind)
        {
            case BatchInputKind.Video:
                AddFile(text, "video", input.Path);
                break;
            case BatchInputKind.ImageFolder:
                AddFolder(text, "images", input.Path);
                break;
            case BatchInputKind.Cache:
                foreach (string file in new[] { Cache.CacheManifest.FileName, SeqInfo.FileName, "det/det.txt", Cache.CacheManifest.EmbeddingsFile, GmcFile.FileName })
                    AddFile(text, file, Path.Combine(input.Path, file));
                break;
            default:
                AddFile(text, SeqInfo.FileName, Path.Combine(input.Path, SeqInfo.FileName));
                if (request.DetectionSource != DetectionSource.Detector)
                    AddFile(text, "detections", request.Detections ?? Path.Combine(input.Path, "det", "det.txt"));
                if (ReadsFrames(request))
                    AddFolder(text, "img1", Path.Combine(input.Path, "img1"));
                break;
        }
        return FileHash.Sha256OfText(text.ToString());
    }

    /// <summary>Whether a run of <paramref name="request"/> on a sequence reads its frames (then they are part of its input).</summary>
    private static bool ReadsFrames(TrackRequest request) =>
        request.DetectionSource == DetectionSource.Detector || request.ReadFrames || request.Models.Reid is not null
        || request.CameraMotion is CameraMotionMode.Sparse or CameraMotionMode.Ecc;

    private static void AddFile(StringBuilder text, string role, string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            text.Append(role).Append(" missing\n");
            return;
        }
        text.Append(role).Append(' ').Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append(' ');
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (info.Length <= WholeFileLimit)
        {
            text.Append(Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
        else
        {
            var buffer = new byte[BlockSize];
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(buffer, 0, stream.ReadAtLeast(buffer, BlockSize, throwOnEndOfStream: false));
            stream.Seek(-BlockSize, SeekOrigin.End);
            sha.AppendData(buffer, 0, stream.ReadAtLeast(buffer, BlockSize, throwOnEndOfStream: false));
            text.Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        text.Append('\n');
    }

    private static void AddFolder(StringBuilder text, string role, string folder)
    {
        if (!Directory.Exists(folder))
        {
            text.Append(role).Append(" missing\n");
            return;
        }
        var files = new DirectoryInfo(folder).GetFiles();
        Array.Sort(files, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var file in files)
        {
            text.Append(role).Append('/').Append(file.Name).Append(' ')
                .Append(file.Length.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
