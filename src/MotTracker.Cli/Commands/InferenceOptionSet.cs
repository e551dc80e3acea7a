using System.CommandLine;
using MotTracker.Core;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Models;
using MotTracker.Inference.Reid;
using MotTracker.Inference.Runtime;

namespace MotTracker.Cli.Commands;

/// <summary>Detector, ReID and ONNX Runtime options, shared by every command that runs models.</summary>
internal sealed class InferenceOptionSet
{
    public const string DefaultDetector = "yolox_nano";
    public const string OrtLibraryVariable = "MOTTRACK_ORT_LIBRARY";

    public Option<string?> Detector { get; } = new("--detector") { Description = $"Detector model: a name from 'mottrack models list' or an .onnx path (default for videos and image folders: {DefaultDetector})." };
    public Option<string?> Reid { get; } = new("--reid") { Description = "ReID model (name or .onnx path): computes an appearance vector per detection." };
    public Option<string> Device { get; } = new Option<string>("--device") { Description = "Where models run: cpu, cuda, or auto (CUDA when the library and a device have it).", DefaultValueFactory = _ => "cpu" }.AcceptOnlyFromAmong("cpu", "cuda", "auto");
    public Option<string?> OrtLibrary { get; } = new("--ort-library") { Description = $"Path of libonnxruntime to load (e.g. a CUDA build); also ${OrtLibraryVariable}." };
    public Option<double> Confidence { get; } = new("--conf") { Description = "Detector score threshold; ByteTrack needs the low-score boxes, so the default matches --low-thresh.", DefaultValueFactory = _ => 0.1 };
    public Option<double> Nms { get; } = new("--nms") { Description = "Detector NMS IoU threshold (class-aware).", DefaultValueFactory = _ => 0.45 };
    public Option<int[]> Classes { get; } = new("--classes") { Description = "COCO class ids to keep (default: 0 = person).", DefaultValueFactory = _ => [0], AllowMultipleArgumentsPerToken = true };
    public Option<int> Threads { get; } = new("--threads") { Description = "Intra-op threads per model (0: one per core).", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        command.Add(Detector);
        command.Add(Reid);
        command.Add(Device);
        command.Add(OrtLibrary);
        command.Add(Confidence);
        command.Add(Nms);
        command.Add(Classes);
        command.Add(Threads);
    }

    /// <summary>Loads the detector (and ReID model when asked for); warnings go to <paramref name="warn"/>.</summary>
    public (IDetector Detector, IAppearanceEmbedder? Embedder) Load(ParseResult parse, CliContext context, Action<string> warn)
    {
        var locator = new ModelLocator(ModelManifest.Embedded, context.Environment, context.WorkingDirectory);
        var ort = new OrtOptions
        {
            LibraryPath = parse.GetValue(OrtLibrary) is { } lib ? context.ResolvePath(lib) : context.Environment(OrtLibraryVariable),
            Device = parse.GetValue(Device) switch { "cuda" => ExecutionDevice.Cuda, "auto" => ExecutionDevice.Auto, _ => ExecutionDevice.Cpu },
            IntraOpThreads = parse.GetValue(Threads),
            Warn = warn,
        };
        double conf = parse.GetValue(Confidence);
        if (conf is < 0 or > 1) throw new UsageException("--conf must be between 0 and 1");

        var detectorLocation = locator.Resolve(parse.GetValue(Detector) ?? DefaultDetector);
        if (detectorLocation.Entry is { Task: not ModelTask.Detector } wrong)
            throw new UsageException($"--detector: '{wrong.Name}' is a {wrong.Task} model, not a detector");
        var detectorOptions = new DetectorOptions
        {
            ScoreThreshold = conf,
            NmsIouThreshold = parse.GetValue(Nms),
            Classes = parse.GetValue(Classes),
            Format = detectorLocation.Entry is { } e ? DetectorFactory.FormatFor(e.Format) : DetectorFormat.Auto,
        };
        var detector = DetectorFactory.Create(new OrtModel(detectorLocation.Path, ort), detectorOptions);
        IAppearanceEmbedder? embedder = null;
        if (parse.GetValue(Reid) is { } reid)
        {
            try
            {
                // The CUDA fallback warning was already given for the detector.
                embedder = new OsnetEmbedder(new OrtModel(locator.Resolve(reid).Path, ort with { Warn = _ => { } }));
            }
            catch
            {
                detector.Dispose();
                throw;
            }
        }
        return (detector, embedder);
    }
}
