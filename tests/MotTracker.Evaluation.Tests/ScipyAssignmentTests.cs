using MotTracker.Evaluation;

namespace MotTracker.Evaluation.Tests;

public sealed class ScipyAssignmentTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 6)]
    [InlineData(6, 4)]
    [InlineData(5, 7)]
    [InlineData(7, 2)]
    public void Finds_the_optimal_total_of_random_matrices(int rows, int cols)
    {
        var random = new Random(rows * 31 + cols);
        var solver = new ScipyAssignment();
        for (int trial = 0; trial < 50; trial++)
        {
            var cost = new double[rows * cols];
            // Few distinct values, so many ties: the total must still be optimal.
            for (int k = 0; k < cost.Length; k++) cost[k] = random.Next(0, 4) * 0.25;
            var r = new int[Math.Min(rows, cols)];
            var c = new int[r.Length];
            int n = solver.Minimize(cost, rows, cols, r, c);

            n.ShouldBe(Math.Min(rows, cols));
            r.Distinct().Count().ShouldBe(n);
            c.Distinct().Count().ShouldBe(n);
            r.ShouldBe(r.Order().ToArray());
            double total = 0;
            for (int p = 0; p < n; p++) total += cost[r[p] * cols + c[p]];
            total.ShouldBe(BruteForceMinimum(cost, rows, cols), 1e-12);
        }
    }

    [Fact]
    public void A_constant_matrix_is_assigned_on_the_diagonal_as_scipy_does()
    {
        var r = new int[3];
        var c = new int[3];
        new ScipyAssignment().Minimize(new double[9], 3, 3, r, c);
        c.ShouldBe([0, 1, 2]);
    }

    [Fact]
    public void Maximize_prefers_the_larger_total_over_the_single_largest_entry()
    {
        // Greedy would take 0.9 and then 0.1; the optimum is 0.8 + 0.8.
        double[] score = [0.9, 0.8, 0.8, 0.1];
        var r = new int[2];
        var c = new int[2];
        new ScipyAssignment().Maximize(score, 2, 2, r, c, new double[4]);
        c.ShouldBe([1, 0]);
    }

    private static double BruteForceMinimum(double[] cost, int rows, int cols)
    {
        double best = double.PositiveInfinity;
        if (rows <= cols) Recurse(0, new bool[cols], 0);
        else best = BruteForceMinimum(Transpose(cost, rows, cols), cols, rows);
        return best;

        void Recurse(int row, bool[] used, double sum)
        {
            if (row == rows)
            {
                best = Math.Min(best, sum);
                return;
            }
            for (int j = 0; j < cols; j++)
            {
                if (used[j]) continue;
                used[j] = true;
                Recurse(row + 1, used, sum + cost[row * cols + j]);
                used[j] = false;
            }
        }
    }

    private static double[] Transpose(double[] m, int rows, int cols)
    {
        var t = new double[m.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j];
        return t;
    }
}
