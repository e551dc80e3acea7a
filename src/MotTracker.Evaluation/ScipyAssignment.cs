using System.Runtime.CompilerServices;
namespace MotTracker.Evaluation;

/// <summary>
/// Exact minimum-cost assignment for dense rectangular float64 matrices: the shortest augmenting path
/// method (Crouse 2016, "On implementing 2D rectangular assignment algorithms"), the algorithm behind
/// scipy's <c>linear_sum_assignment</c> that TrackEval calls.
/// </summary>
/// <remarks>
/// The metrics only need an optimal assignment, but when several assignments tie, which pairs get matched
/// changes association counts. Following the same algorithm with the same tie rules (rows are augmented in
/// order; among equally short paths a free column wins; columns are scanned from the last to the first;
/// wide problems are transposed) makes ties resolve the way TrackEval's numbers were produced.
/// One instance reuses its buffers between calls and is not thread-safe.
/// </remarks>
internal sealed class ScipyAssignment
{
    private double[] _transposed = [];
    private double[] _u = [];
    private double[] _v = [];
    private double[] _shortest = [];
    private int[] _path = [];
    private int[] _colForRow = [];
    private int[] _rowForCol = [];
    private bool[] _rowVisited = [];
    private bool[] _colVisited = [];
    private int[] _remaining = [];

    /// <summary>
    /// Minimises the total cost of a row-major <paramref name="rows"/> × <paramref name="cols"/> matrix.
    /// Writes min(rows, cols) pairs sorted by row and returns how many were written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Minimize(ReadOnlySpan<double> cost, int rows, int cols, Span<int> matchedRows, Span<int> matchedCols)
    {
        if (cost.Length < rows * cols)
            throw new ArgumentException("cost matrix is smaller than rows × cols", nameof(cost));
        if (rows == 0 || cols == 0) return 0;

        // The augmenting loop needs at least as many columns as rows, so a tall problem is solved transposed.
        bool transpose = cols < rows;
        ReadOnlySpan<double> c = cost;
        int nr = rows, nc = cols;
        if (transpose)
        {
            Buffers.Grow(ref _transposed, rows * cols);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    _transposed[j * rows + i] = cost[i * cols + j];
            c = _transposed.AsSpan(0, rows * cols);
            (nr, nc) = (cols, rows);
        }

        for (int k = 0; k < nr * nc; k++)
        {
            if (double.IsNaN(c[k]) || double.IsNegativeInfinity(c[k]))
                throw new ArgumentException("cost matrix contains NaN or -infinity", nameof(cost));
        }

        Prepare(nr, nc);
        for (int current = 0; current < nr; current++)
        {
            int sink = ShortestAugmentingPath(c, nr, nc, current, out double minValue);
            if (sink < 0) throw new ArgumentException("cost matrix is infeasible", nameof(cost));

            _u[current] += minValue;
            for (int i = 0; i < nr; i++)
            {
                if (_rowVisited[i] && i != current)
                    _u[i] += minValue - _shortest[_colForRow[i]];
            }
            for (int j = 0; j < nc; j++)
            {
                if (_colVisited[j])
                    _v[j] -= minValue - _shortest[j];
            }

            // Flip the path: every column on it takes the row that reached it.
            int col = sink;
            while (true)
            {
                int row = _path[col];
                _rowForCol[col] = row;
                (_colForRow[row], col) = (col, _colForRow[row]);
                if (row == current) break;
            }
        }

        if (!transpose)
        {
            for (int i = 0; i < nr; i++)
            {
                matchedRows[i] = i;
                matchedCols[i] = _colForRow[i];
            }
            return nr;
        }

        // Transposed: rows of the solved problem are the original columns. Report sorted by original row,
        // which is the column index of the solved problem, so walk the solved columns in order.
        int n = 0;
        for (int j = 0; j < nc; j++)
        {
            int r = _rowForCol[j];
            if (r < 0) continue;
            matchedRows[n] = j;
            matchedCols[n] = r;
            n++;
        }
        return n;
    }

    /// <summary>Maximises the total score (minimises its negation, as TrackEval does).</summary>
    public int Maximize(ReadOnlySpan<double> score, int rows, int cols, Span<int> matchedRows, Span<int> matchedCols, Span<double> scratch)
    {
        int n = rows * cols;
        for (int k = 0; k < n; k++) scratch[k] = -score[k];
        return Minimize(scratch[..n], rows, cols, matchedRows, matchedCols);
    }

    private void Prepare(int nr, int nc)
    {
        Buffers.Grow(ref _u, nr);
        Buffers.Grow(ref _v, nc);
        Buffers.Grow(ref _shortest, nc);
        Buffers.Grow(ref _path, nc);
        Buffers.Grow(ref _colForRow, nr);
        Buffers.Grow(ref _rowForCol, nc);
        Buffers.Grow(ref _rowVisited, nr);
        Buffers.Grow(ref _colVisited, nc);
        Buffers.Grow(ref _remaining, nc);
        Array.Clear(_u, 0, nr);
        Array.Clear(_v, 0, nc);
        _path.AsSpan(0, nc).Fill(-1);
        _colForRow.AsSpan(0, nr).Fill(-1);
        _rowForCol.AsSpan(0, nc).Fill(-1);
    }

    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ShortestAugmentingPath(ReadOnlySpan<double> c, int nr, int nc, int row, out double minValue)
    {
        minValue = 0;
        int remainingCount = nc;
        // Reverse order: a constant matrix then yields the identity assignment, as in scipy.
        for (int k = 0; k < nc; k++) _remaining[k] = nc - 1 - k;
        Array.Clear(_rowVisited, 0, nr);
        Array.Clear(_colVisited, 0, nc);
        _shortest.AsSpan(0, nc).Fill(double.PositiveInfinity);

        int sink = -1;
        int i = row;
        while (sink == -1)
        {
            int bestIndex = -1;
            double lowest = double.PositiveInfinity;
            _rowVisited[i] = true;
            int rowStart = i * nc;
            double ui = _u[i];
            for (int k = 0; k < remainingCount; k++)
            {
                int j = _remaining[k];
                double reduced = minValue + c[rowStart + j] - ui - _v[j];
                if (reduced < _shortest[j])
                {
                    _path[j] = i;
                    _shortest[j] = reduced;
                }
                // Among equal path lengths prefer a free column: it ends the search sooner.
                if (_shortest[j] < lowest || (_shortest[j] == lowest && _rowForCol[j] == -1))
                {
                    lowest = _shortest[j];
                    bestIndex = k;
                }
            }

            minValue = lowest;
            if (double.IsPositiveInfinity(minValue)) return -1;

            int col = _remaining[bestIndex];
            if (_rowForCol[col] == -1) sink = col;
            else i = _rowForCol[col];
            _colVisited[col] = true;
            _remaining[bestIndex] = _remaining[--remainingCount];
        }
        return sink;
    }
}
