using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Tests;

public sealed class LinearAssignmentTests
{
    /// <summary>Exhaustive optimum of the limit-extended problem: each row takes a column or stays out.</summary>
    private static double BruteForce(double[] costs, int rows, int cols, double limit)
    {
        double best = double.MaxValue;
        bool unlimited = double.IsPositiveInfinity(limit);
        var used = new bool[cols];
        void Recurse(int row, double sum, int matched)
        {
            if (sum >= best) return;
            if (row == rows)
            {
                // Without a limit the solver must match min(rows, cols) pairs; with one, every
                // unmatched row and column pays limit / 2.
                if (unlimited && matched != Math.Min(rows, cols)) return;
                double total = sum + (unlimited ? 0 : (cols - matched) * limit / 2);
                if (total < best) best = total;
                return;
            }
            Recurse(row + 1, sum + (unlimited ? 0 : limit / 2), matched);
            for (int c = 0; c < cols; c++)
            {
                if (used[c]) continue;
                used[c] = true;
                Recurse(row + 1, sum + costs[row * cols + c], matched + 1);
                used[c] = false;
            }
        }
        Recurse(0, 0, 0);
        return best;
    }

    private static double Total(double[] costs, int rows, int cols, double limit, int[] rowToCol)
    {
        double total = 0;
        int matched = 0;
        for (int r = 0; r < rows; r++)
        {
            if (rowToCol[r] >= 0) { total += costs[r * cols + rowToCol[r]]; matched++; }
            else if (!double.IsPositiveInfinity(limit)) total += limit / 2;
        }
        if (!double.IsPositiveInfinity(limit)) total += (cols - matched) * limit / 2;
        return total;
    }

    [Fact]
    public void Solver_finds_the_brute_force_optimum_on_thousands_of_random_matrices()
    {
        var random = new Random(12345);
        var solver = new LinearAssignment();
        int checkedCount = 0;
        for (int trial = 0; trial < 4000; trial++)
        {
            int rows = random.Next(1, 7), cols = random.Next(1, 7);
            // Integer-valued costs on some trials force many ties, the hard case for augmenting paths.
            bool integers = trial % 3 == 0;
            var costs = new double[rows * cols];
            for (int i = 0; i < costs.Length; i++) costs[i] = integers ? random.Next(0, 4) / 4.0 : random.NextDouble();
            double limit = trial % 4 == 0 ? double.PositiveInfinity : (integers ? 0.6 : 0.2 + random.NextDouble() * 0.8);
            var r2c = new int[rows];
            var c2r = new int[cols];
            int matched = solver.Solve(costs, rows, cols, limit, r2c, c2r);

            Total(costs, rows, cols, limit, r2c).ShouldBe(BruteForce(costs, rows, cols, limit), 1e-9, $"trial {trial}");
            matched.ShouldBe(r2c.Count(c => c >= 0));
            for (int r = 0; r < rows; r++)
                if (r2c[r] >= 0) c2r[r2c[r]].ShouldBe(r);
            r2c.Where(c => c >= 0).Distinct().Count().ShouldBe(matched);
            checkedCount++;
        }
        checkedCount.ShouldBe(4000);
    }

    [Fact]
    public void A_cost_limit_solves_exactly_the_explicitly_extended_square_problem_ties_included()
    {
        // lap.lapjv(cost, cost_limit=L) solves [[C, L/2], [L/2, 0]]; the shortcut must pick the very same pairs.
        var random = new Random(99);
        var solver = new LinearAssignment();
        for (int trial = 0; trial < 2000; trial++)
        {
            int rows = random.Next(1, 9), cols = random.Next(1, 9), n = rows + cols;
            var costs = Enumerable.Range(0, rows * cols).Select(_ => random.Next(0, 5) / 4.0).ToArray();
            double limit = 0.5 + random.Next(0, 3) / 4.0;
            var extended = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    extended[i * n + j] = i < rows && j < cols ? costs[i * cols + j] : (i < rows || j < cols ? limit / 2 : 0);

            var r2c = new int[rows];
            solver.Solve(costs, rows, cols, limit, r2c, new int[cols]);
            var full = new int[n];
            solver.Solve(extended, n, n, double.PositiveInfinity, full, new int[n]);

            r2c.ShouldBe(full.Take(rows).Select(j => j < cols ? j : -1).ToArray(), $"trial {trial}");
        }
    }

    [Fact]
    public void A_pair_costing_more_than_the_limit_stays_unmatched()
    {
        var solver = new LinearAssignment();
        double[] costs = [0.9, 0.3, 0.85, 0.95];
        var r2c = new int[2];
        var c2r = new int[2];
        solver.Solve(costs, 2, 2, 0.8, r2c, c2r).ShouldBe(1);
        r2c.ShouldBe([1, -1]);
        c2r.ShouldBe([-1, 0]);
    }

    [Fact]
    public void Empty_problems_leave_everything_unmatched()
    {
        var solver = new LinearAssignment();
        var r2c = new int[3];
        solver.Solve([], 3, 0, 0.8, r2c, []).ShouldBe(0);
        r2c.ShouldBe([-1, -1, -1]);
    }

    [Fact]
    public void Solver_reuses_its_buffers_across_sizes()
    {
        var solver = new LinearAssignment();
        var random = new Random(7);
        foreach (int n in new[] { 40, 3, 25, 1, 60 })
        {
            var costs = Enumerable.Range(0, n * n).Select(_ => random.NextDouble()).ToArray();
            var r2c = new int[n];
            var c2r = new int[n];
            solver.Solve(costs, n, n, double.PositiveInfinity, r2c, c2r).ShouldBe(n);
            r2c.Order().ShouldBe(Enumerable.Range(0, n));
        }
    }
}
