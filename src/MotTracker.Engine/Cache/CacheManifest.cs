using MotTracker.Core;

namespace MotTracker.Engine.Cache;

/// <summary>A model a cache was made with: the weights' sha256 decides, the name is for people.</summary>
public sealed class CacheModel
{
    public string Name { get; set; } = "";
    public string Sha256 { get; set; } = "";
}

/// <summary>What a cache was made from.</summary>
public sealed class CacheInput
{
    /// <summary>video, images or sequence.</summary>
    public string Kind { get; set; } = "";
    public string Path { get; set; } = "";

    /// <summary>sha256 of a video file; for a folder, of its frame files' names and sha256s (see <see cref="DetectRun"/>).</summary>
    public string Sha256 { get; set; } = "";
}

/// <summary>
/// <c>cache.json</c>: what makes a folder a detection cache, and everything its det.txt, embeddings.npy
/// and gmc.txt depend on, so a replay can refuse a cache made with other models or options instead of
/// silently tracking different boxes.
/// </summary>
public sealed class CacheManifest
{
    public const string FileName = "cache.json";
    public const string EmbeddingsFile = "embeddings.npy";
    public const string CurrentFormat = "mottrack-detection-cache/1";

    public string Format { get; set; } = CurrentFormat;
    public string Mottrack { get; set; } = "";
    public CacheInput Input { get; set; } = new();
    public int Frames { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public double FrameRate { get; set; }
    public int Detections { get; set; }
    public CacheModel Detector { get; set; } = new();
    public CacheModel? Reid { get; set; }

    /// <summary>Length of each appearance vector (0 without ReID).</summary>
    public int EmbeddingDimension { get; set; }

    /// <summary>The detector's score threshold (--conf).</summary>
    public double Conf { get; set; }

    /// <summary>The detector's NMS IoU threshold (--nms).</summary>
    public double Nms { get; set; }

    /// <summary>--imgsz as WxH, or "model" for the model's own (or the default dynamic) size.</summary>
    public string Imgsz { get; set; } = "model";

    /// <summary>COCO class ids kept (--classes); det.txt column 8 holds each row's.</summary>
    public List<int> Classes { get; set; } = [];

    /// <summary>none, sparse or ecc (--cmc): how gmc.txt was estimated (none: no gmc.txt).</summary>
    public string CameraMotion { get; set; } = "none";

    /// <summary>How boxes were clipped, in words (det.txt holds them as the detector gave them).</summary>
    public string BoxClipping { get; set; } = "";

    /// <summary>Every option of the detect run that changes its output, by command-line name.</summary>
    public SortedDictionary<string, string> Options { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="folder"/> is a cache (holds cache.json).</summary>
    public static bool IsCache(string folder) => File.Exists(System.IO.Path.Combine(folder, FileName));

    /// <exception cref="MotFormatException">Missing, not JSON, not a cache manifest, or a value out of range (naming the line or field).</exception>
    public static CacheManifest Read(string folder)
    {
        string path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new MotFormatException(path, 0, null, "file not found (a detection cache holds cache.json)");
        var manifest = ManifestFile.Read(path, ManifestJson.Default.CacheManifest, ex =>
            new MotFormatException(path, (int)(ex.LineNumber ?? 0) + 1, ex.Path, $"not a valid cache manifest: {ex.Message.Split(" Path:")[0]}"))
            ?? throw new MotFormatException(path, 1, null, "empty cache manifest");
        if (manifest.Format != CurrentFormat)
            throw new MotFormatException(path, 0, "format", $"'{manifest.Format}' is not {CurrentFormat}; make the cache again with this mottrack's detect");
        if (manifest.Frames < 1) throw new MotFormatException(path, 0, "frames", $"{manifest.Frames} is not a frame count");
        if (manifest.Width < 1 || manifest.Height < 1) throw new MotFormatException(path, 0, "width", $"{manifest.Width}x{manifest.Height} is not an image size");
        if (!(manifest.FrameRate > 0)) throw new MotFormatException(path, 0, "frameRate", "must be above 0");
        if (manifest.Reid is not null && manifest.EmbeddingDimension < 1)
            throw new MotFormatException(path, 0, "embeddingDimension", "a cache with a ReID model needs the vectors' length");
        if (manifest.CameraMotion is not ("none" or "sparse" or "ecc"))
            throw new MotFormatException(path, 0, "cameraMotion", $"'{manifest.CameraMotion}' is not none, sparse or ecc");
        return manifest;
    }

    public void Write(string path) => ManifestFile.Write(path, this, ManifestJson.Default.CacheManifest);
}
