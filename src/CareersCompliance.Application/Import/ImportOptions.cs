using NodaTime;

namespace CareersCompliance.Application.Import;

/// <param name="Today">The date the import runs (from the caller's clock): dates more than a year after it are refused.</param>
public sealed record ImportOptions(LocalDate Today)
{
    /// <summary>Earliest date accepted anywhere in a file.</summary>
    public static LocalDate EarliestDate { get; } = new(2000, 1, 1);

    /// <summary>Checks referenced schools, providers, advisers, activities and pupils; null skips reference checks.</summary>
    public IReferenceLookup? References { get; init; }

    public CsvLimits Limits { get; init; } = CsvLimits.Default;

    /// <summary>Keep accepted rows in <see cref="ImportResult.Rows"/>; turn off with <see cref="OnRowAccepted"/> to stream huge files.</summary>
    public bool CollectRows { get; init; } = true;

    /// <summary>Called for each accepted row as it is read (before the file's outcome is known).</summary>
    public Action<AcceptedRow>? OnRowAccepted { get; init; }

    public int MaxErrorsKept { get; init; } = 10_000;

    public int MaxWarningsKept { get; init; } = 1_000;
}
