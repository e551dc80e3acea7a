namespace MotTracker.Tracking.Assignment;

/// <summary>
/// Minimum-cost rectangular assignment with a cost limit, by the Jonker-Volgenant shortest augmenting
/// path algorithm (LAPJV: column reduction, reduction transfer, augmenting row reduction, then
/// Dijkstra-style augmentation).
/// </summary>
/// <remarks>
/// The cost limit is applied the way the <c>lap</c> package (used by ByteTrack) applies it: the n x m
/// problem is embedded in a square (n + m) matrix where every row and column may instead take a
/// "dummy" partner at cost limit / 2. A real pair is then kept only when it beats leaving both ends
/// unmatched, and the whole solve (tie-breaking included) is the one the reference tracker sees.
/// An instance keeps its work arrays between calls, so solving in a per-frame loop does not allocate
/// once the largest problem size has been seen. Not thread-safe: use one instance per thread.
/// </remarks>
public sealed class LinearAssignment
{
    private const double Large = double.MaxValue;

    private double[] _cost = [];
    private double[] _v = [];
    private double[] _d = [];
    private int[] _x = [];
    private int[] _y = [];
    private int[] _free = [];
    private int[] _pred = [];
    private int[] _cols = [];
    private bool[] _unique = [];

    /// <summary>
    /// Solves for <paramref name="rows"/> x <paramref name="columns"/> costs (row-major).
    /// </summary>
    /// <param name="rowToColumn">Receives, per row, the matched column or -1.</param>
    /// <param name="columnToRow">Receives, per column, the matched row or -1.</param>
    /// <returns>The number of matched pairs.</returns>
    public int Solve(ReadOnlySpan<double> costs, int rows, int columns, double costLimit, Span<int> rowToColumn, Span<int> columnToRow)
    {
        if (costs.Length < rows * columns) throw new ArgumentException("costs is smaller than rows * columns", nameof(costs));
        rowToColumn[..rows].Fill(-1);
        columnToRow[..columns].Fill(-1);
        if (rows == 0 || columns == 0) return 0;

        int n;
        if (double.IsPositiveInfinity(costLimit))
        {
            // No limit: square up with zero-cost padding, as lap's extend_cost does.
            n = Math.Max(rows, columns);
            Ensure(n);
            var c = _cost.AsSpan(0, n * n);
            c.Clear();
            for (int i = 0; i < rows; i++) costs.Slice(i * columns, columns).CopyTo(c.Slice(i * n, columns));
        }
        else
        {
            n = rows + columns;
            Ensure(n);
            var c = _cost.AsSpan(0, n * n);
            double half = costLimit / 2;
            for (int i = 0; i < n; i++)
            {
                var row = c.Slice(i * n, n);
                if (i < rows)
                {
                    costs.Slice(i * columns, columns).CopyTo(row);
                    row[columns..].Fill(half);
                }
                else
                {
                    row[..columns].Fill(half);
                    row[columns..].Clear();
                }
            }
        }

        SolveSquare(n, double.IsPositiveInfinity(costLimit) ? -1 : rows, columns, costLimit / 2);

        int matched = 0;
        for (int i = 0; i < rows; i++)
        {
            int j = _x[i];
            if (j < columns)
            {
                rowToColumn[i] = j;
                columnToRow[j] = i;
                matched++;
            }
        }
        return matched;
    }

    private void Ensure(int n)
    {
        if (_v.Length >= n) return;
        int size = Math.Max(n, _v.Length * 2);
        _cost = new double[size * size];
        _v = new double[size];
        _d = new double[size];
        _x = new int[size];
        _y = new int[size];
        _free = new int[size];
        _pred = new int[size];
        _cols = new int[size];
        _unique = new bool[size];
    }

    /// <param name="rows">Real rows of a limit-extended matrix, or -1 for a plain square matrix.</param>
    private void SolveSquare(int n, int rows, int columns, double half)
    {
        int free = ColumnReductionAndTransfer(n, rows, columns, half);
        for (int pass = 0; pass < 2 && free > 0; pass++)
            free = AugmentingRowReduction(n, free);
        if (free > 0) Augment(n, free);
    }

    /// <summary>Each column goes to its cheapest row; rows won by one column transfer their slack.</summary>
    private int ColumnReductionAndTransfer(int n, int rows, int columns, double half)
    {
        var x = _x.AsSpan(0, n);
        var y = _y.AsSpan(0, n);
        var v = _v.AsSpan(0, n);
        var cost = _cost.AsSpan(0, n * n);
        x.Fill(-1);
        v.Fill(Large);
        y.Clear();
        if (rows < 0)
        {
            ColumnMinima(cost, n, n, n, v, y);
        }
        else
        {
            // The extended matrix is [[C, half], [half, 0]]: scanning its constant blocks row by row
            // gives a known answer (the first row of the block wins), so only C is scanned.
            ColumnMinima(cost, n, rows, columns, v, y);
            for (int j = 0; j < columns; j++)
                if (half < v[j]) { v[j] = half; y[j] = rows; }
            for (int j = columns; j < n; j++)
            {
                v[j] = half;
                y[j] = 0;
                if (0 < half) { v[j] = 0; y[j] = rows; }
            }
        }
        var unique = _unique.AsSpan(0, n);
        unique.Fill(true);
        for (int j = n - 1; j >= 0; j--)
        {
            int i = y[j];
            if (x[i] < 0) x[i] = j;
            else { unique[i] = false; y[j] = -1; }
        }
        int freeCount = 0;
        for (int i = 0; i < n; i++)
        {
            if (x[i] < 0) { _free[freeCount++] = i; continue; }
            if (!unique[i]) continue;
            int j = x[i];
            double min = Large;
            var row = cost.Slice(i * n, n);
            for (int j2 = 0; j2 < row.Length; j2++)
            {
                if (j2 == j) continue;
                double c = row[j2] - v[j2];
                if (c < min) min = c;
            }
            v[j] -= min;
        }
        return freeCount;
    }

    /// <summary>Per column, the smallest cost among the first rows x columns and the first row reaching it.</summary>
    private static void ColumnMinima(Span<double> cost, int n, int rows, int columns, Span<double> v, Span<int> y)
    {
        for (int i = 0; i < rows; i++)
        {
            var row = cost.Slice(i * n, columns);
            for (int j = 0; j < row.Length; j++)
            {
                double c = row[j];
                if (c < v[j]) { v[j] = c; y[j] = i; }
            }
        }
    }

    /// <summary>Gives each free row its best column, displacing the owner when prices allow.</summary>
    private int AugmentingRowReduction(int n, int freeCount)
    {
        var x = _x.AsSpan(0, n);
        var y = _y.AsSpan(0, n);
        var v = _v.AsSpan(0, n);
        var freeRows = _free.AsSpan(0, n);
        var cost = _cost.AsSpan(0, n * n);
        int current = 0, newFree = 0, iterations = 0;
        while (current < freeCount)
        {
            iterations++;
            int i = freeRows[current++];
            var row = cost.Slice(i * n, n);
            int j1 = 0, j2 = -1;
            double u1 = row[0] - v[0], u2 = Large;
            for (int j = 1; j < row.Length; j++)
            {
                double c = row[j] - v[j];
                if (c < u2)
                {
                    if (c >= u1) { u2 = c; j2 = j; }
                    else { u2 = u1; u1 = c; j2 = j1; j1 = j; }
                }
            }
            int i0 = y[j1];
            double lowered = v[j1] - (u2 - u1);
            bool lowers = lowered < v[j1];
            if (iterations < current * n)
            {
                if (lowers) v[j1] = lowered;
                else if (i0 >= 0 && j2 >= 0) { j1 = j2; i0 = y[j2]; }
                if (i0 >= 0)
                {
                    if (lowers) freeRows[--current] = i0;
                    else freeRows[newFree++] = i0;
                }
            }
            else if (i0 >= 0)
            {
                freeRows[newFree++] = i0;
            }
            x[i] = j1;
            y[j1] = i;
        }
        return newFree;
    }

    /// <summary>For each remaining free row, a shortest augmenting path on reduced costs.</summary>
    private void Augment(int n, int freeCount)
    {
        for (int f = 0; f < freeCount; f++)
        {
            int start = _free[f];
            int j = FindPath(n, start);
            int i = -1;
            while (i != start)
            {
                i = _pred[j];
                _y[j] = i;
                (j, _x[i]) = (_x[i], j);
            }
        }
    }

    private int FindPath(int n, int start)
    {
        var cols = _cols.AsSpan(0, n); var d = _d.AsSpan(0, n); var pred = _pred.AsSpan(0, n); var v = _v.AsSpan(0, n); var y = _y.AsSpan(0, n);
        int lo = 0, hi = 0, final = -1, ready = 0;
        var row = _cost.AsSpan(start * n, n);
        for (int j = 0; j < row.Length; j++)
        {
            cols[j] = j;
            pred[j] = start;
            d[j] = row[j] - v[j];
        }
        while (final == -1)
        {
            if (lo == hi)
            {
                ready = lo;
                hi = FindMinimumColumns(n, lo);
                for (int k = lo; k < hi; k++)
                {
                    if (y[cols[k]] < 0) { final = cols[k]; }
                }
            }
            if (final == -1) final = Scan(n, ref lo, ref hi);
        }
        double mind = d[cols[lo]];
        for (int k = 0; k < ready; k++)
        {
            int jj = cols[k];
            v[jj] += d[jj] - mind;
        }
        return final;
    }

    /// <summary>Moves the columns at minimum distance to the front of the unscanned range.</summary>
    private int FindMinimumColumns(int n, int lo)
    {
        var cols = _cols.AsSpan(0, n); var d = _d.AsSpan(0, n);
        int hi = lo + 1;
        double mind = d[cols[lo]];
        for (int k = hi; k < n; k++)
        {
            int j = cols[k];
            if (d[j] <= mind)
            {
                if (d[j] < mind) { hi = lo; mind = d[j]; }
                cols[k] = cols[hi];
                cols[hi++] = j;
            }
        }
        return hi;
    }

    /// <summary>Relaxes distances through the rows assigned to the minimum columns.</summary>
    /// <remarks>
    /// The range is written back only when no free column was reached: on success the caller's
    /// <paramref name="loRef"/> must still point at a column of minimum distance for the price update.
    /// </remarks>
    private int Scan(int n, ref int loRef, ref int hiRef)
    {
        var cols = _cols.AsSpan(0, n); var d = _d.AsSpan(0, n); var pred = _pred.AsSpan(0, n); var v = _v.AsSpan(0, n); var y = _y.AsSpan(0, n);
        int lo = loRef, hi = hiRef;
        while (lo != hi)
        {
            int j = cols[lo++];
            int i = y[j];
            double mind = d[j];
            var row = _cost.AsSpan(i * n, n);
            double h = row[j] - v[j] - mind;
            for (int k = hi; k < cols.Length; k++)
            {
                j = cols[k];
                double reduced = row[j] - v[j] - h;
                if (reduced < d[j])
                {
                    d[j] = reduced;
                    pred[j] = i;
                    if (reduced == mind)
                    {
                        if (y[j] < 0) return j;
                        cols[k] = cols[hi];
                        cols[hi++] = j;
                    }
                }
            }
        }
        loRef = lo;
        hiRef = hi;
        return -1;
    }
}
