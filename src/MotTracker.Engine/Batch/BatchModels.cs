using MotTracker.Inference.Models;

namespace MotTracker.Engine.Batch;

/// <summary>The models a batch's runs load, with their content hashes, for the run manifest and the options hash.</summary>
public static class BatchModels
{
    /// <summary>
    /// Resolves the detector (when <paramref name="detectorRuns"/>) and ReID models of <paramref name="models"/>
    /// the way the engine does, and hashes their files: a result depends on the weights, not on a name.
    /// </summary>
    public static IReadOnlyList<ModelRecord> Describe(ModelSettings models, bool detectorRuns, EngineEnvironment environment)
    {
        var locator = new ModelLocator(ModelManifest.Embedded, environment.Variables, environment.WorkingDirectory);
        var checksums = new ModelChecksums(environment.Variables);
        var records = new List<ModelRecord>();
        void Add(string role, string name)
        {
            string path = locator.Resolve(name).Path;
            records.Add(new ModelRecord { Role = role, Name = name, Path = path, Sha256 = checksums.Sha256(path) });
        }
        if (detectorRuns) Add("detector", models.Detector ?? ModelSettings.DefaultDetector);
        if (models.Reid is { } reid) Add("reid", reid);
        return records;
    }
}
