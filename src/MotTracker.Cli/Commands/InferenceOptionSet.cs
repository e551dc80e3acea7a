using System.CommandLine;
using MotTracker.Core;
using MotTracker.Inference;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Models;
using MotTracker.Inference.Reid;
using MotTracker.Inference.Runtime;

namespace MotTracker.Cli.Commands;

/// <summary>Detector, ReID and ONNX Runtime options, shared by every command that runs models.</summary>
internal sealed class InferenceOptionSet
{
    public const string DefaultDetector = "yolox_nano";

    public Option<string?> Detector { get; } = new("--detector") { Description = $"Detector model: a name from 'mottrack models list' or an .onnx path (default for videos and image folders: {DefaultDetector})." };
    public Option<string?> Reid { get; } = new("--reid") { Description = "ReID model (name or .onnx path): computes an appearance vector per detection." };
    public Option<string> Device { get; } = new Option<string>("--device") { Description = "Where models run: cpu, cuda, or auto (CUDA when this is the GPU build and CUDA, cuDNN and a device are present; otherwise one warning, then CPU).", DefaultValueFactory = _ => "cpu" }.AcceptOnlyFromAmong("cpu", "cuda", "auto");
    public Option<string?> ImageSize { get; } = new("--imgsz") { Description = $"Detector input size N or WxH (multiples of 32) for models whose input size is dynamic (default {DetectorInputSize.DefaultDynamic.Width}); a fixed-size model only accepts its own size." };
    public Option<double> Confidence { get; } = new("--conf") { Description = "Detector score threshold; ByteTrack needs the low-score boxes, so the default matches --low-thresh.", DefaultValueFactory = _ => 0.1 };
    public Option<double> Nms { get; } = new("--nms") { Description = "Detector NMS IoU threshold (class-aware).", DefaultValueFactory = _ => 0.45 };
    public Option<int[]> Classes { get; } = new("--classes") { Description = "COCO class ids to keep (default: 0 = person).", DefaultValueFactory = _ => [0], AllowMultipleArgumentsPerToken = true };
    public Option<int> Threads { get; } = new("--threads") { Description = "Intra-op threads per model (0: one per core).", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        command.Add(Detector);
        command.Add(Reid);
        command.Add(Device);
        command.Add(ImageSize);
        command.Add(Confidence);
        command.Add(Nms);
        command.Add(Classes);
        command.Add(Threads);
    }

    /// <summary>
    /// Loads the detector (and ReID model when asked for); warnings, ONNX Runtime's own log lines included,
    /// go to <paramref name="warn"/>. A model file that is not what the option needs is an
    /// <see cref="InvalidModelException"/> naming the option and the file.
    /// </summary>
    public (IDetector Detector, IAppearanceEmbedder? Embedder) Load(ParseResult parse, CliContext context, Action<string> warn)
    {
        var locator = new ModelLocator(ModelManifest.Embedded, context.Environment, context.WorkingDirectory);
        // Lines ORT raises on its own worker threads reach the same logger as everything else.
        OrtLog.Sink = warn;
        var ort = new OrtOptions
        {
            Device = parse.GetValue(Device) switch { "cuda" => ExecutionDevice.Cuda, "auto" => ExecutionDevice.Auto, _ => ExecutionDevice.Cpu },
            IntraOpThreads = parse.GetValue(Threads),
            Warn = warn,
        };
        double conf = parse.GetValue(Confidence);
        if (conf is < 0 or >= 1) throw new UsageException($"--conf must be at least 0 and below 1 (got {conf.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        double nms = parse.GetValue(Nms);
        if (nms is <= 0 or > 1) throw new UsageException($"--nms must be above 0 and at most 1 (got {nms.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        DetectorInputSize? imageSize = null;
        if (parse.GetValue(ImageSize) is { } imgsz)
        {
            if (!DetectorInputSize.TryParse(imgsz, out var parsed) || !parsed.IsValid)
                throw new UsageException($"--imgsz: '{imgsz}' is not N or WxH with positive multiples of 32 (e.g. 640 or 640x384)");
            imageSize = parsed;
        }

        var detectorLocation = locator.Resolve(parse.GetValue(Detector) ?? DefaultDetector);
        if (detectorLocation.Entry is { Task: not ModelTask.Detector } wrong)
            throw new UsageException($"--detector: '{wrong.Name}' is a {wrong.Task} model, not a detector");
        var detectorOptions = new DetectorOptions
        {
            ScoreThreshold = conf,
            NmsIouThreshold = nms,
            Classes = parse.GetValue(Classes),
            Format = detectorLocation.Entry is { } e ? DetectorFactory.FormatFor(e.Format) : DetectorFormat.Auto,
            InputSize = imageSize,
        };
        var detectorModel = Named("--detector", detectorLocation.Path, () => new OrtModel(detectorLocation.Path, ort));
        var detector = Named("--detector", detectorLocation.Path, () => DetectorFactory.Create(detectorModel, detectorOptions));
        IAppearanceEmbedder? embedder = null;
        if (parse.GetValue(Reid) is { } reid)
        {
            try
            {
                var reidLocation = locator.Resolve(reid);
                if (reidLocation.Entry is { Task: not ModelTask.Reid } notReid)
                    throw new UsageException($"--reid: '{notReid.Name}' is a {notReid.Task} model, not a ReID model");
                // The CUDA fallback warning was already given for the detector: the ReID model follows it to the CPU.
                var reidOptions = detectorModel.Device == ExecutionDevice.Cpu ? ort with { Device = ExecutionDevice.Cpu } : ort;
                var reidModel = Named("--reid", reidLocation.Path, () => new OrtModel(reidLocation.Path, reidOptions));
                embedder = Named("--reid", reidLocation.Path, () =>
                {
                    try
                    {
                        return new OsnetEmbedder(reidModel);
                    }
                    catch
                    {
                        reidModel.Dispose();
                        throw;
                    }
                });
            }
            catch
            {
                detector.Dispose();
                throw;
            }
        }
        return (detector, embedder);
    }

    /// <summary>Runs a model-loading step; a model error gains the option and file it concerns.</summary>
    private static T Named<T>(string option, string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (InvalidModelException ex)
        {
            string message = ex.Message.Contains(path, StringComparison.Ordinal) ? ex.Message : $"model '{path}': {ex.Message}";
            throw new InvalidModelException($"{option}: {message}", ex);
        }
    }
}
