using System.CommandLine;
using System.Globalization;
using MotTracker.Engine;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Runtime;
using MotTracker.Tracking;

namespace MotTracker.Cli.Commands;

/// <summary>Detector, ReID and ONNX Runtime options, shared by every command that runs models.</summary>
internal sealed class InferenceOptionSet
{
    public Option<string?> Detector { get; } = new("--detector") { Description = $"Detector model: a name from 'mottrack models list' or an .onnx path (default for videos and image folders: {ModelSettings.DefaultDetector})." };
    public Option<string?> Reid { get; } = new("--reid") { Description = "ReID model (name or .onnx path): an appearance vector per detection, for trackers that use appearance. On public detections it needs every frame in img1/." };
    public Option<string> Device { get; } = new Option<string>("--device") { Description = "Where models run: cpu, cuda, or auto (CUDA when this is the GPU build and CUDA, cuDNN and a device are present; otherwise one warning, then CPU).", DefaultValueFactory = _ => "cpu" }.AcceptOnlyFromAmong("cpu", "cuda", "auto");
    public Option<string?> ImageSize { get; } = new("--imgsz") { Description = $"Detector input size N or WxH (multiples of 32) for models whose input size is dynamic (default {DetectorInputSize.DefaultDynamic.Width}, i.e. {DetectorInputSize.DefaultDynamic.Width}x{DetectorInputSize.DefaultDynamic.Height}); a fixed-size model runs at, and only accepts, its own size." };
    public Option<double> Confidence { get; } = new("--conf") { Description = "Detector score threshold; ByteTrack needs the low-score boxes, so the default matches --low-thresh.", DefaultValueFactory = _ => 0.1 };
    public Option<double> Nms { get; } = new("--nms") { Description = "Detector NMS IoU threshold (class-aware).", DefaultValueFactory = _ => 0.45 };
    public Option<string> Classes { get; } = new("--classes") { Description = "Classes to track: COCO names or ids, comma-separated, e.g. person,car,bicycle (default: person). With more than one, each class is tracked on its own (ids unique across classes) and column 8 of the results holds the COCO class id. Public detections are people: only person applies to them.", DefaultValueFactory = _ => "person" };
    public Option<int> Threads { get; } = new("--threads") { Description = "Intra-op threads per model (0: all cores for one model; half each when detector and ReID both run, so their overlapping stages share the cores).", DefaultValueFactory = _ => 0 };

    /// <summary>Options that only mean something when the detector runs (--classes is checked by the engine: person is fine on public detections).</summary>
    public IReadOnlyList<Option> DetectorOnly => [Confidence, Nms, ImageSize];

    /// <summary>Options that only mean something when some model runs.</summary>
    public IReadOnlyList<Option> ModelRuntime => [Device, Threads];

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
    /// The model part of a request. <c>--conf</c>, <c>--nms</c> and <c>--imgsz</c> come from the command line,
    /// else from <paramref name="config"/>'s file (which then counts as given: a cache is checked against it),
    /// else from their defaults.
    /// </summary>
    /// <exception cref="Core.MotFormatException">A file's detector value the flag would refuse (naming file, line and key).</exception>
    public ModelSettings Read(ParseResult parse, CliContext context, TrackerConfig? config)
    {
        int threads = parse.GetValue(Threads);
        if (threads < 0) throw new UsageException("--threads must be 0 (choose) or a positive number");
        var fromFile = FileValues(parse, config);
        double conf = parse.GetValue(Confidence);
        if (fromFile.TryGetValue("conf", out var confValue)) conf = (double)ParseFileValue(config!.Source, confValue);
        else if (!ConfidenceInRange(conf)) throw new UsageException($"--conf must be at least 0 and below 1 (got {conf.ToString(CultureInfo.InvariantCulture)})");
        double nms = parse.GetValue(Nms);
        if (fromFile.TryGetValue("nms", out var nmsValue)) nms = (double)ParseFileValue(config!.Source, nmsValue);
        else if (!NmsInRange(nms)) throw new UsageException($"--nms must be above 0 and at most 1 (got {nms.ToString(CultureInfo.InvariantCulture)})");
        DetectorInputSize? imageSize = null;
        if (fromFile.TryGetValue("imgsz", out var sizeValue)) imageSize = (DetectorInputSize)ParseFileValue(config!.Source, sizeValue);
        else if (parse.GetValue(ImageSize) is { } imgsz)
        {
            if (!DetectorInputSize.TryParse(imgsz, out var parsed) || !parsed.IsValid)
                throw new UsageException($"--imgsz: '{imgsz}' is not N or WxH with positive multiples of 32 (e.g. 640 or 640x384)");
            imageSize = parsed;
        }
        var given = new HashSet<string>(new (string, Option)[] { ("conf", Confidence), ("nms", Nms), ("imgsz", ImageSize), ("classes", Classes) }
            .Where(o => OptionUse.Given(parse, o.Item2)).Select(o => o.Item1), StringComparer.Ordinal);
        given.UnionWith(fromFile.Keys);
        return new ModelSettings
        {
            Detector = parse.GetValue(Detector),
            Reid = parse.GetValue(Reid),
            Device = parse.GetValue(Device) switch { "cuda" => ExecutionDevice.Cuda, "auto" => ExecutionDevice.Auto, _ => ExecutionDevice.Cpu },
            Threads = threads,
            Given = given,
            GivenIn = fromFile.ToDictionary(p => p.Key, p => string.Create(CultureInfo.InvariantCulture, $"{config!.Source}:{p.Value.Line}"), StringComparer.Ordinal),
            DetectorOptions = new DetectorOptions
            {
                ScoreThreshold = conf,
                NmsIouThreshold = nms,
                Classes = ParseClasses(parse.GetValue(Classes)!),
                InputSize = imageSize,
            },
        };
    }

    private static bool ConfidenceInRange(double conf) => conf is >= 0 and < 1;

    private static bool NmsInRange(double nms) => nms is > 0 and <= 1;

    /// <summary>The settings file's detector values that the command line does not override, by key.</summary>
    private Dictionary<string, TrackerConfigValue> FileValues(ParseResult parse, TrackerConfig? config)
    {
        var values = new Dictionary<string, TrackerConfigValue>(StringComparer.Ordinal);
        if (config is null) return values;
        foreach (var value in config.DetectorValues)
        {
            Option flag = value.Key switch { "conf" => Confidence, "nms" => Nms, _ => ImageSize };
            if (!OptionUse.Given(parse, flag)) values[value.Key] = value;
        }
        return values;
    }

    /// <summary>A settings file's detector value, checked as the command line checks the flag.</summary>
    private static object ParseFileValue(string file, TrackerConfigValue value)
    {
        return value.Key switch
        {
            "conf" => SettingsFileValue.Number(file, value, ConfidenceInRange, "give a number at least 0 and below 1"),
            "nms" => SettingsFileValue.Number(file, value, NmsInRange, "give a number above 0 and at most 1"),
            _ => DetectorInputSize.TryParse(value.Text, out var size) && size.IsValid ? size
                : throw SettingsFileValue.Invalid(file, value, "give N or WxH with positive multiples of 32 (e.g. 640 or 640x384)"),
        };
    }

    private static IReadOnlyList<int> ParseClasses(string text)
    {
        try
        {
            return Core.CocoClasses.ParseList(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--classes: {ex.Message}");
        }
    }

    /// <summary>
    /// Options given for models that this run does not load are a usage error, not silently ignored. A settings
    /// file's detector values are not: one file serves videos and benchmarks, so on public detections they are
    /// ignored, with one <paramref name="warn"/>ing.
    /// </summary>
    public void CheckApplies(ParseResult parse, TrackJob job, Action<string>? warn = null)
    {
        // On a detection cache the detector's options and models are checked against its cache.json instead.
        if (job.FromCache) return;
        if (!job.UsesDetector)
        {
            foreach (var option in DetectorOnly)
                if (OptionUse.Given(parse, option))
                    throw new UsageException($"{option.Name} is a detector option, but {job.Name} is tracked from public detections (give --detector to detect instead)");
            if (job.Request.Models.GivenIn.Count > 0)
                warn?.Invoke($"the settings file's detector settings ({string.Join(", ", job.Request.Models.GivenIn.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} at {g.Value}"))}) do not apply to public detections ({job.Name}); ignored");
        }
        if (!job.RunsModels)
        {
            foreach (var option in ModelRuntime)
                if (OptionUse.Given(parse, option))
                    throw new UsageException($"{option.Name} is a model option, but no model runs on {job.Name} (public detections without --reid)");
        }
    }
}
