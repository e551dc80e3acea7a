using System.Globalization;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Evaluation;

/// <summary>Which rows of a result file are scored.</summary>
public enum ResultRows
{
    /// <summary>
    /// An ordinary MOTChallenge result file: every row is scored and, as in TrackEval, column 8 must be
    /// -1 or 1 (pedestrian).
    /// </summary>
    Pedestrian,

    /// <summary>
    /// A multi-class result file (column 8 holds the COCO class id, person = 0): only the person rows are
    /// scored; rows of other classes are dropped before TrackEval's rules apply.
    /// </summary>
    CocoPersonRows,
}

/// <summary>Selects the rows of a result file that <see cref="ResultRows"/> says to score.</summary>
public static class ResultRowSelection
{
    /// <summary>
    /// For <see cref="ResultRows.CocoPersonRows"/>, the person rows relabelled as MOTChallenge pedestrians
    /// (class 1), so the ordinary checks then hold; otherwise <paramref name="rows"/> unchanged.
    /// </summary>
    /// <exception cref="MotFormatException">A row's column 8 is not a COCO class id (0-79): the file is not
    /// a multi-class result file (an ordinary file has -1 or 1 there, and 1 would mean bicycle).</exception>
    public static IReadOnlyList<MotRow> Select(IReadOnlyList<MotRow> rows, string file, ResultRows selection)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (selection == ResultRows.Pedestrian) return rows;
        var persons = new List<MotRow>(rows.Count);
        foreach (var row in rows)
        {
            if (!CocoClasses.IsValid(row.ClassId))
            {
                throw new MotFormatException(file, row.Line, "class",
                    $"class {row.ClassId.ToString(CultureInfo.InvariantCulture)} is not a COCO class id (0-{CocoClasses.Count - 1}); --person-rows reads multi-class results, whose column 8 holds the COCO class id");
            }
            if (row.ClassId == CocoClasses.Person)
                persons.Add(row with { ClassId = MotChallengeBenchmark.PedestrianClass });
        }
        return persons;
    }
}
