namespace CareersCompliance.Application.Import;

/// <summary>The contract files, declared in the order <c>careers import DIR</c> imports them.</summary>
public enum ImportFileKind
{
    Schools,
    Providers,
    Advisers,
    Pupils,
    Activities,
    Attendance,
    Destinations,
}

public sealed record DiscoveredFile(ImportFileKind Kind, string Path);

/// <summary>What <c>careers import DIR</c> found: the contract files in contract order, and anything else it will not read.</summary>
public sealed record DirectoryListing(IReadOnlyList<DiscoveredFile> Files, IReadOnlyList<string> IgnoredCsvFiles);

public static class ImportFiles
{
    public static IReadOnlyList<ImportFileKind> ContractOrder { get; } = Enum.GetValues<ImportFileKind>();

    /// <summary>The KIND word of <c>careers import KIND FILE</c>: schools, providers, advisers, pupils, activities, attendance, destinations.</summary>
    public static string KindName(ImportFileKind kind) => kind switch
    {
        ImportFileKind.Schools => "schools",
        ImportFileKind.Providers => "providers",
        ImportFileKind.Advisers => "advisers",
        ImportFileKind.Pupils => "pupils",
        ImportFileKind.Activities => "activities",
        ImportFileKind.Attendance => "attendance",
        ImportFileKind.Destinations => "destinations",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string FileName(ImportFileKind kind) => KindName(kind) + ".csv";

    public static bool TryParseKind(string? text, out ImportFileKind kind)
    {
        var word = text?.Trim() ?? string.Empty;
        if (word.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            word = word[..^4];
        }

        foreach (var candidate in ContractOrder)
        {
            if (string.Equals(KindName(candidate), word, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The message for an unknown KIND, listing the accepted words.</summary>
    public static string UnknownKindMessage(string? text) =>
        $"'{text}' is not an import kind; use one of: {string.Join(", ", ContractOrder.Select(KindName))}";

    /// <summary>
    /// The contract files in <paramref name="directory"/> (top level only, names matched case-insensitively), in contract order.
    /// </summary>
    public static DirectoryListing Discover(string directory)
    {
        var byName = new Dictionary<string, ImportFileKind>(StringComparer.OrdinalIgnoreCase);
        foreach (var kind in ContractOrder)
        {
            byName[FileName(kind)] = kind;
        }

        var found = new SortedDictionary<ImportFileKind, string>();
        var ignored = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (byName.TryGetValue(name, out var kind) && found.TryAdd(kind, path))
            {
                continue;
            }

            if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                ignored.Add(path);
            }
        }

        return new DirectoryListing([.. found.Select(f => new DiscoveredFile(f.Key, f.Value))], ignored);
    }
}
