using MotTracker.Core;
using MotTracker.Evaluation;
using MotTracker.Evaluation.Output;
using MotTracker.Media;

namespace MotTracker.Engine.Outputs;

/// <summary>
/// Crops of the frames around each ID switch for the eval report: the old tracker id's box in the frame
/// it was last matched, the new id's box in the switch frame. Evaluation lists the switches but never
/// decodes images, so the crops are made here and handed to the report.
/// </summary>
public static class SwitchGallery
{
    /// <summary>At most this many switches per sequence get pictures (the first, in frame order).</summary>
    public const int DefaultMaxSwitches = 300;

    /// <summary>
    /// Reads the frames (an img1 folder, a MOT sequence folder or a video) once, in order, cropping where
    /// needed; switches whose frames the source does not have (a short clip) get no pictures.
    /// </summary>
    public static IReadOnlyList<SwitchCrops> Build(SequenceErrors errors, string frames, int maxSwitches = DefaultMaxSwitches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentException.ThrowIfNullOrWhiteSpace(frames);
        int count = Math.Min(maxSwitches, errors.Switches.Count);
        if (count == 0) return [];
        // frame -> the crops it provides: (switch index, before?).
        var wanted = new SortedDictionary<int, List<(int Switch, bool Before)>>();
        for (int k = 0; k < count; k++)
        {
            Want(errors.Switches[k].PreviousFrame, k, true);
            Want(errors.Switches[k].Frame, k, false);
        }
        int last = wanted.Keys.Max();
        var before = new byte[count][];
        var after = new byte[count][];
        using (var source = FrameSources.Open(frames))
        {
            foreach (var frame in source.ReadFrames(cancellationToken))
            {
                if (frame.FrameNumber > last) break;
                if (!wanted.TryGetValue(frame.FrameNumber, out var crops)) continue;
                foreach (var (k, isBefore) in crops)
                {
                    var s = errors.Switches[k];
                    if (isBefore) before[k] = ImageCrops.Jpeg(frame.Image, Box(s.PreviousTrackerBox), BgrColor.ForId(s.FromTrackerId));
                    else after[k] = ImageCrops.Jpeg(frame.Image, Box(s.TrackerBox), BgrColor.ForId(s.ToTrackerId));
                }
            }
        }
        var result = new List<SwitchCrops>(count);
        for (int k = 0; k < count; k++)
        {
            if (before[k] is { } b && after[k] is { } a) result.Add(new SwitchCrops(errors.Name, k, b, a));
        }
        return result;

        void Want(int frame, int k, bool isBefore)
        {
            if (!wanted.TryGetValue(frame, out var list)) wanted.Add(frame, list = []);
            list.Add((k, isBefore));
        }
    }

    private static BoundingBox Box(double[] xywh) => new(xywh[0], xywh[1], xywh[2], xywh[3]);
}
