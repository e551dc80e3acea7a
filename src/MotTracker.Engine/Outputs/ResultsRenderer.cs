using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation;
using MotTracker.Media;
using MotTracker.Tracking;

namespace MotTracker.Engine.Outputs;

/// <summary>What <c>mottrack render</c> draws: any result file over its frames, optionally with its errors against gt.</summary>
public sealed record RenderRequest
{
    /// <summary>A MOTChallenge result file (ours or another tracker's).</summary>
    public required string Results { get; init; }

    /// <summary>An img1/ folder, a sequence folder, an image folder or a video.</summary>
    public required string Frames { get; init; }

    public required string Output { get; init; }

    /// <summary>gt.txt: draw the error overlay (misses dashed, false positives red, switches flagged).</summary>
    public string? GroundTruth { get; init; }

    public MotBenchmark Benchmark { get; init; } = MotBenchmark.MOT17;
    public AnnotationStyle Style { get; init; } = new();
    public int SwitchFrames { get; init; } = ErrorOverlay.DefaultSwitchFrames;
    public bool Overwrite { get; init; }
}

public sealed record RenderSummary(int FramesWritten, string OutputPath, string Codec, SequenceErrors? Errors);

/// <summary>
/// Draws a result file over its frames exactly as <c>--save-video</c> draws a live run (the same
/// <see cref="AnnotatedVideo"/>), and with gt the <see cref="ErrorOverlay"/> on top.
/// </summary>
public static class ResultsRenderer
{
    /// <exception cref="MotFormatException">A malformed result or gt file, or one that breaks the benchmark's rules.</exception>
    public static RenderSummary Render(RenderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = MotFileReader.Read(request.Results, MotFileKind.Results);
        var byFrame = new Dictionary<int, List<TrackedObject>>();
        foreach (var row in results)
        {
            if (!byFrame.TryGetValue(row.Frame, out var list)) byFrame.Add(row.Frame, list = []);
            list.Add(new TrackedObject(row.Id, row.Box, row.Score));
        }

        using var source = FrameSources.Open(request.Frames);
        var info = source.Info;
        ErrorOverlay? overlay = null;
        if (request.GroundTruth is { } gtFile)
        {
            var gt = MotFileReader.Read(gtFile, MotFileKind.GroundTruth);
            overlay = ErrorOverlay.Create(request.Benchmark, info.Name, info.FrameCount ?? 0, gt, gtFile, results, request.Results, request.SwitchFrames);
        }

        double fps = info.Fps > 0 ? info.Fps : 30;
        using var video = new AnnotatedVideo(request.Output, info.Width, info.Height, fps, request.Style, overwrite: request.Overwrite) { Errors = overlay };
        IReadOnlyList<TrackedObject> none = [];
        foreach (var frame in source.ReadFrames(cancellationToken))
        {
            var tracks = byFrame.TryGetValue(frame.FrameNumber, out var list) ? list : none;
            video.OnFrame(new FrameTracks(frame.FrameNumber, frame.Image, tracks, null));
        }
        video.Complete();
        return new RenderSummary(video.FramesWritten, video.OutputPath, video.Codec, overlay?.Errors);
    }
}
