using MotTracker.Engine.Tuning;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tests.Tuning;

public sealed class TrialSamplerTests
{
    /// <summary>Runs a search of <paramref name="batches"/> batches of <paramref name="size"/> on a 2-D objective peaking at (0.8, 0.2).</summary>
    private static List<TrialPoint> Search(int seed, int batches, int size)
    {
        var sampler = new TrialSampler(2, seed, randomTrials: 20);
        var history = new List<TrialPoint>();
        for (int b = 0; b < batches; b++)
        {
            var batch = sampler.Propose(b, size, history);
            history.AddRange(batch.Select(p => new TrialPoint(p, -Math.Pow(p[0] - 0.8, 2) - Math.Pow(p[1] - 0.2, 2))));
        }
        return history;
    }

    [Fact]
    public void The_same_seed_gives_the_same_trials_and_another_seed_other_ones()
    {
        var first = Search(7, 12, 4);
        var again = Search(7, 12, 4);
        var other = Search(8, 12, 4);

        again.Select(t => t.Unit).ShouldBe(first.Select(t => t.Unit));
        other[0].Unit.ShouldNotBe(first[0].Unit);
        other[^1].Unit.ShouldNotBe(first[^1].Unit);
    }

    [Fact]
    public void A_batch_depends_only_on_the_finished_batches_so_a_resumed_search_equals_an_uninterrupted_one()
    {
        var whole = Search(3, 10, 4);
        var sampler = new TrialSampler(2, 3, randomTrials: 20);
        var resumed = sampler.Propose(9, 4, whole.Take(36).ToList());
        resumed.ShouldBe(whole.Skip(36).Select(t => t.Unit).ToList());
    }

    [Fact]
    public void After_the_random_start_the_model_proposes_near_the_optimum()
    {
        var trials = Search(11, 20, 4);
        double Distance(TrialPoint t) => Math.Sqrt(Math.Pow(t.Unit[0] - 0.8, 2) + Math.Pow(t.Unit[1] - 0.2, 2));
        double random = trials.Take(20).Average(Distance);
        double model = trials.Skip(60).Average(Distance);

        model.ShouldBeLessThan(random / 2);
        trials.Max(t => t.Score).ShouldBeGreaterThan(trials.Take(20).Max(t => t.Score));
    }

    [Fact]
    public void The_unit_cube_maps_onto_each_searched_options_range_with_counts_rounded()
    {
        var space = new SearchSpace(TrackerRegistry.Catalog.Find("bytetrack"));
        space.Options.Select(o => o.Name).ShouldBe(["track-thresh", "low-thresh", "new-track-thresh", "match-thresh", "second-match-thresh", "unconfirmed-match-thresh", "track-buffer"]);

        var low = space.Values([0, 0, 0, 0, 0, 0, 0]);
        var mid = space.Values([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);

        low.Select(v => v.Value).ShouldBe([0.3, 0.05, 0.3, 0.5, 0.3, 0.5, 10]);
        mid.Select(v => v.Value).ShouldBe([0.55, 0.175, 0.6, 0.725, 0.55, 0.7, 50]);
    }
}
