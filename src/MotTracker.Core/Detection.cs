namespace MotTracker.Core;

/// <summary>One object found in one frame: its box, its confidence and its class (0 = person for COCO models).</summary>
public readonly record struct Detection(BoundingBox Box, double Score, int ClassId = 0);
