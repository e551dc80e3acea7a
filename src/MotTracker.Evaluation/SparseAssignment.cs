using System.Runtime.CompilerServices;
namespace MotTracker.Evaluation;

/// <summary>
/// Maximum-score matching over the positive entries of a score matrix, solved one connected group at a
/// time: rows and columns linked (directly or through others) by positive entries form a group, and
/// groups cannot affect each other.
/// </summary>
/// <remarks>
/// Every matching TrackEval uses scores non-overlapping pairs with 0 and then discards pairs scored 0, so
/// its result is a maximum-weight matching of the positive entries, which decomposes exactly over the
/// groups. A frame of MOT17-04 (≈100 gt rows × 45 boxes) then becomes dozens of 1×1 and a few 2×2
/// problems instead of one dense one. The pairs are the same unless two different matchings tie to the
/// last bit, which needs duplicated boxes.
/// </remarks>
internal sealed class SparseAssignment
{
    private readonly ScipyAssignment _solver = new();
    private int[] _parent = [];
    private int[] _groupOfRoot = [];
    private int[] _groupRowCount = [];
    private int[] _groupColCount = [];
    private int[] _groupRowStart = [];
    private int[] _groupColStart = [];
    private int[] _groupRows = [];
    private int[] _groupCols = [];
    private int[] _fill = [];
    private double[] _sub = [];
    private int[] _subRows = [];
    private int[] _subCols = [];
    private long[] _pairs = [];

    /// <summary>
    /// Writes the matched pairs with a positive score, sorted by row, and returns how many there are.
    /// </summary>
    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Maximize(ReadOnlySpan<double> score, int rows, int cols, Span<int> matchedRows, Span<int> matchedCols)
    {
        int nodes = rows + cols;
        Buffers.Grow(ref _parent, nodes);
        for (int k = 0; k < nodes; k++) _parent[k] = k;
        bool any = false;
        for (int i = 0; i < rows; i++)
        {
            int rowStart = i * cols;
            for (int j = 0; j < cols; j++)
            {
                if (score[rowStart + j] > 0)
                {
                    Union(i, rows + j);
                    any = true;
                }
            }
        }
        if (!any) return 0;

        // Number the groups that contain at least one edge, and collect their rows and columns in order.
        Buffers.Grow(ref _groupOfRoot, nodes);
        _groupOfRoot.AsSpan(0, nodes).Fill(-1);
        int groups = 0;
        Buffers.Grow(ref _groupRowCount, nodes);
        Buffers.Grow(ref _groupColCount, nodes);
        Array.Clear(_groupRowCount, 0, nodes);
        Array.Clear(_groupColCount, 0, nodes);
        for (int k = 0; k < nodes; k++)
        {
            int root = Find(k);
            if (_groupOfRoot[root] < 0) _groupOfRoot[root] = groups++;
            int g = _groupOfRoot[root];
            if (k < rows) _groupRowCount[g]++;
            else _groupColCount[g]++;
        }

        Buffers.Grow(ref _groupRowStart, groups + 1);
        Buffers.Grow(ref _groupColStart, groups + 1);
        _groupRowStart[0] = 0;
        _groupColStart[0] = 0;
        for (int g = 0; g < groups; g++)
        {
            _groupRowStart[g + 1] = _groupRowStart[g] + _groupRowCount[g];
            _groupColStart[g + 1] = _groupColStart[g] + _groupColCount[g];
        }
        Buffers.Grow(ref _groupRows, rows);
        Buffers.Grow(ref _groupCols, cols);
        Buffers.Grow(ref _fill, groups);
        Array.Clear(_fill, 0, groups);
        for (int i = 0; i < rows; i++)
        {
            int g = _groupOfRoot[Find(i)];
            _groupRows[_groupRowStart[g] + _fill[g]++] = i;
        }
        Array.Clear(_fill, 0, groups);
        for (int j = 0; j < cols; j++)
        {
            int g = _groupOfRoot[Find(rows + j)];
            _groupCols[_groupColStart[g] + _fill[g]++] = j;
        }

        Buffers.Grow(ref _pairs, Math.Min(rows, cols));
        int pairCount = 0;
        for (int g = 0; g < groups; g++)
        {
            int r = _groupRowCount[g], c = _groupColCount[g];
            if (r == 0 || c == 0) continue; // a lone row or column: no edge
            int r0 = _groupRowStart[g], c0 = _groupColStart[g];
            if (r == 1 && c == 1)
            {
                _pairs[pairCount++] = Pack(_groupRows[r0], _groupCols[c0]);
                continue;
            }
            Buffers.Grow(ref _sub, r * c);
            for (int a = 0; a < r; a++)
            {
                int rowStart = _groupRows[r0 + a] * cols;
                for (int b = 0; b < c; b++) _sub[a * c + b] = -score[rowStart + _groupCols[c0 + b]];
            }
            int m = Math.Min(r, c);
            Buffers.Grow(ref _subRows, m);
            Buffers.Grow(ref _subCols, m);
            int solved = _solver.Minimize(_sub.AsSpan(0, r * c), r, c, _subRows, _subCols);
            for (int p = 0; p < solved; p++)
            {
                int i = _groupRows[r0 + _subRows[p]], j = _groupCols[c0 + _subCols[p]];
                if (score[i * cols + j] > 0) _pairs[pairCount++] = Pack(i, j);
            }
        }

        var pairs = _pairs.AsSpan(0, pairCount);
        pairs.Sort();
        for (int p = 0; p < pairCount; p++)
        {
            matchedRows[p] = (int)(pairs[p] >> 32);
            matchedCols[p] = (int)(pairs[p] & 0xFFFFFFFF);
        }
        return pairCount;
    }

    private static long Pack(int row, int col) => ((long)row << 32) | (uint)col;

    private int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    private void Union(int a, int b)
    {
        int ra = Find(a), rb = Find(b);
        if (ra != rb) _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }
}
