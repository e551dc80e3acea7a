using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Analytics;
using MotTracker.Engine.Outputs;

namespace MotTracker.Engine;

/// <summary>What a run with its extra outputs produced.</summary>
/// <param name="Outcome">The result file's side.</param>
/// <param name="VideoPath">The annotated video written, or null.</param>
/// <param name="VideoFrames">Frames in the annotated video.</param>
/// <param name="Counter">The final line counts, or null without count lines.</param>
/// <param name="CameraMotionFrames">Frames written to the camera-motion file (0 without one).</param>
/// <param name="Counting">The final line and zone counts, or null when nothing was counted (its event stream is closed by then).</param>
/// <param name="HeatmapPath">The heat map written (<c>--heatmap</c>), or null.</param>
public sealed record TrackRunResult(TrackOutcome Outcome, string? VideoPath, int VideoFrames, LineCounter? Counter, int CameraMotionFrames, CountingSession? Counting = null, string? HeatmapPath = null)
{
    /// <summary>Video files written: 1, or the parts of a live video in parts (<see cref="TrackRunOptions.RotateFrames"/>); <see cref="VideoPath"/> is the last.</summary>
    public int VideoFiles { get; init; } = 1;
}

/// <summary>
/// One input tracked into its result file and its extra outputs (annotated video, count summary): the
/// one call <c>track</c> and every sequence of <c>batch</c> go through. All or nothing: every output
/// is written to a hidden temporary file, and only when all of them are complete (the video encoded,
/// the summary and camera-motion file written) are they renamed into place, so a failing output, an error or a cancellation
/// leaves none of them, the result file included. The one exception is the events stream (--events): a live
/// feed, written in place and flushed every frame, so it holds the events up to a failure.
/// </summary>
public static class TrackRun
{
    /// <exception cref="TrackRequestException">The outputs do not fit the job (a video of a run that reads no frames).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was written.</exception>
    public static TrackRunResult Execute(TrackJob job, string resultPath, TrackOutputSettings outputs, TrackRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        options ??= new TrackRunOptions();
        using var extra = TrackOutputs.Open(job, outputs, options.RotateFrames);
        var (outcome, writer) = job.RunUncommitted(resultPath, options with { Observers = [.. options.Observers, .. extra.Observers] }, cancellationToken);
        using (writer)
        {
            extra.Stage();
            cancellationToken.ThrowIfCancellationRequested();
            writer.Commit();
            try
            {
                extra.Commit();
            }
            catch
            {
                // A rename that fails after the result's (the disk went away): take the result back too.
                AtomicFile.TryDelete(outcome.OutputPath);
                throw;
            }
        }
        return new TrackRunResult(outcome, extra.VideoPath, extra.VideoFrames, extra.Counter, extra.CameraMotionFrames, extra.Counting, extra.HeatmapPath) { VideoFiles = Math.Max(1, extra.VideoFiles) };
    }
}
