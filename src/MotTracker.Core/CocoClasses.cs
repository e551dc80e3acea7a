namespace MotTracker.Core;

/// <summary>
/// The 80 COCO object classes in the order detectors trained on COCO number them (0 = person … 79 =
/// toothbrush), as YOLOX and Ultralytics models emit them; multi-class results store these ids in column 8.
/// </summary>
public static class CocoClasses
{
    public const int Person = 0;

    private static readonly string[] NameList =
    [
        "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
        "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
        "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
        "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
        "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
        "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant", "bed",
        "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone", "microwave", "oven",
        "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush",
    ];

    /// <summary>Class names indexed by id.</summary>
    public static IReadOnlyList<string> Names => NameList;

    public static int Count => NameList.Length;

    public static bool IsValid(int classId) => (uint)classId < (uint)NameList.Length;

    /// <summary>The class name, or "class N" for an id outside COCO (a custom model's class).</summary>
    public static string NameOf(int classId) => IsValid(classId) ? NameList[classId] : $"class {classId}";

    /// <summary>
    /// Finds a class by name (case-insensitive; spaces, '-' and '_' are interchangeable, so "traffic_light"
    /// and "Traffic-Light" both name "traffic light").
    /// </summary>
    public static bool TryGetId(string name, out int classId)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = Normalise(name);
        for (int i = 0; i < NameList.Length; i++)
        {
            if (string.Equals(Normalise(NameList[i]), key, StringComparison.Ordinal))
            {
                classId = i;
                return true;
            }
        }
        classId = -1;
        return false;
    }

    /// <summary>
    /// Parses a <c>--classes</c> list: comma-separated COCO names or ids (0-79), e.g. "person,car,2".
    /// Duplicates are ignored; the result keeps the order first given.
    /// </summary>
    /// <exception cref="FormatException">An empty list or item, an id outside 0-79, or an unknown name
    /// (the message suggests the closest names).</exception>
    public static IReadOnlyList<int> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        foreach (string raw in text.Split(','))
        {
            string item = raw.Trim();
            if (item.Length == 0) throw new FormatException($"empty class in '{text}' (give COCO names or ids separated by commas)");
            int id;
            if (item.All(char.IsAsciiDigit))
            {
                if (!int.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) || !IsValid(id))
                    throw new FormatException($"class id {item} is outside COCO's 0-{NameList.Length - 1}");
            }
            else if (!TryGetId(item, out id))
            {
                var close = ClosestNames(item, 3);
                throw new FormatException($"unknown class '{item}'; did you mean {string.Join(", ", close.Select(n => $"'{n}'"))}? (COCO names or ids 0-{NameList.Length - 1})");
            }
            if (!ids.Contains(id)) ids.Add(id);
        }
        return ids;
    }

    /// <summary>The <paramref name="count"/> class names nearest to <paramref name="text"/> by edit distance (ties by id).</summary>
    public static IReadOnlyList<string> ClosestNames(string text, int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        string key = Normalise(text);
        return NameList
            .Select((name, id) => (name, id, distance: Distance(key, Normalise(name))))
            .OrderBy(c => c.distance).ThenBy(c => c.id)
            .Take(count).Select(c => c.name).ToArray();
    }

    private static string Normalise(string name) =>
        string.Join(' ', name.Trim().ToLowerInvariant().Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries));

    // Levenshtein distance, two rows: the lists are short and this runs only to word an error.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
