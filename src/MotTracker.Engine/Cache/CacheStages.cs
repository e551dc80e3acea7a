using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;

namespace MotTracker.Engine.Cache;

/// <summary>
/// A cache's det.txt (with its class column) and, when present, its embeddings.npy as the detection and
/// appearance stages. Vectors below <paramref name="minScore"/> are dropped as the live ReID stage never
/// computes them, so a replay hands the tracker exactly what the live run did.
/// </summary>
internal sealed class CacheDetectionStage(DetectionFrameReader frames, NpyFloat32.Reader? embeddings, double minScore) : PipelineStage
{
    private readonly DetectionFrameCursor _cursor = new(frames);

    public override bool ReadsPixels => false;

    public override void Process(FrameWork work, StageTimings timings)
    {
        var rows = _cursor.RowsAt(work.FrameNumber);
        var detections = new Detection[rows.Length];
        for (int i = 0; i < rows.Length; i++) detections[i] = new Detection(rows[i].Box, rows[i].Score, Math.Max(rows[i].ClassId, 0));
        work.Detections = detections;
        if (embeddings is null) return;
        var vectors = new float[]?[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            var vector = embeddings.Next();
            if (rows[i].Score >= minScore) vectors[i] = vector;
        }
        work.Embeddings = vectors;
    }

    public override void AddTime(StageTimings timings, double milliseconds) => timings.DetectMs += milliseconds;
}

/// <summary>
/// The "tracker" of a detect run: it tracks nothing and writes each frame's detections, vectors and
/// camera motion to the cache's files as the pipeline hands them over, in the detector's order.
/// </summary>
internal sealed class CacheRecorder(TextWriter detections, NpyFloat32.Writer? embeddings) : ITracker
{
    private readonly System.Text.StringBuilder _line = new();

    public List<AffineWarp> Warps { get; } = [];

    public int Rows { get; private set; }

    public IReadOnlyList<TrackedObject> Update(int frameNumber, ReadOnlySpan<Detection> found, IReadOnlyList<float[]?>? vectors = null, AffineWarp? cameraMotion = null)
    {
        Warps.Add(cameraMotion ?? AffineWarp.Identity);
        for (int i = 0; i < found.Length; i++)
        {
            var d = found[i];
            _line.Clear();
            // Shortest round-trip numbers: the replay reads back the very doubles the detector gave.
            _line.Append(frameNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",-1,")
                .Append(R(d.Box.X)).Append(',').Append(R(d.Box.Y)).Append(',').Append(R(d.Box.Width)).Append(',').Append(R(d.Box.Height)).Append(',')
                .Append(R(d.Score)).Append(',').Append(d.ClassId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",-1,-1");
            detections.WriteLine(_line);
            if (embeddings is not null)
            {
                var vector = vectors?[i] ?? throw new InvalidOperationException($"frame {frameNumber}: detection {i} has no appearance vector");
                embeddings.Append(vector);
            }
            Rows++;
        }
        return [];
    }

    private static string R(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
