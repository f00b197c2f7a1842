using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>The groups GB3 compares against the rest of the pupils (eventmodel/decisions/0043).</summary>
public enum PupilGroup
{
    Send,
    LookedAfter,
    Disadvantaged,
}

/// <summary>
/// One criterion of a benchmark (eventmodel/decisions/0045). <see cref="Score"/> is 0-100: the share of the criterion's
/// pupils who met it for a per-pupil criterion, else 100 when met and 0 when not. <see cref="Evidence"/> names what it was
/// judged on: activity ids, or the school facts with their dates.
/// </summary>
public sealed record CompassCriterion(string Id, string Description, bool Met, decimal Score, IReadOnlyList<string> Evidence)
{
    /// <summary>True when the criterion is judged per pupil; then <see cref="Pupils"/> and <see cref="PupilsMet"/> count them.</summary>
    public bool PerPupil { get; init; }

    public int Pupils { get; init; }

    public int PupilsMet { get; init; }

    /// <summary>The pupils of the criterion's cohort who have not met it (the pupils behind the percentage).</summary>
    public IReadOnlyList<PupilId> PupilsShort { get; init; } = [];
}

/// <summary>One benchmark: the percentage of its criteria met and whether it is fully achieved (every criterion met).</summary>
public sealed record CompassBenchmark(string Id, string Title, int Percent, bool Achieved, IReadOnlyList<CompassCriterion> Criteria);

/// <summary>A Compass-style evaluation of one school at an as-of date: an engine estimate, not CEC's Compass score.</summary>
public sealed record CompassReport(
    SchoolUrn Urn,
    string? Name,
    LocalDate AsOf,
    Instant KnownAt,
    GatsbyFramework Framework,
    IReadOnlyList<CompassBenchmark> Benchmarks,
    decimal NationalAverage,
    CompassSettings Settings)
{
    public int AchievedCount => Benchmarks.Count(b => b.Achieved);

    public CompassBenchmark Benchmark(string id) => Benchmarks.First(b => string.Equals(b.Id, id, StringComparison.Ordinal));

    public CompassCriterion? Criterion(string id) =>
        Benchmarks.SelectMany(b => b.Criteria).FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
}

/// <summary>The eight Gatsby benchmarks by id and title, in order (statutory-rules.md 5.2-5.3).</summary>
public static class GatsbyBenchmarks
{
    public static IReadOnlyList<(string Id, string Title)> Titles { get; } =
    [
        ("GB1", "A stable careers programme"),
        ("GB2", "Learning from career and labour market information"),
        ("GB3", "Addressing the needs of each pupil"),
        ("GB4", "Linking curriculum learning to careers"),
        ("GB5", "Encounters with employers and employees"),
        ("GB6", "Experiences of workplaces"),
        ("GB7", "Encounters with further and higher education"),
        ("GB8", "Personal guidance"),
    ];
}

/// <summary>The dates on which CEC takes its formal measures of progress: 31 December, 31 March and 31 July (statutory-rules.md 6.1).</summary>
public static class CompassPoints
{
    public static IReadOnlyList<LocalDate> In(AcademicYear year) =>
        [new(year.StartYear, 12, 31), new(year.StartYear + 1, 3, 31), new(year.StartYear + 1, 7, 31)];

    /// <summary>The Compass points of the date's academic year and the one before that fall on or before it, oldest first.</summary>
    public static IReadOnlyList<LocalDate> UpTo(LocalDate date)
    {
        var year = AcademicYear.Containing(date);
        return [.. In(year.Plus(-1)).Concat(In(year)).Where(d => d <= date)];
    }

    /// <summary>The latest Compass point on or before the date (31 July of the previous academic year before 31 December).</summary>
    public static LocalDate LatestOnOrBefore(LocalDate date)
    {
        var year = AcademicYear.Containing(date);
        return In(year).Concat(In(year.Plus(-1))).Where(d => d <= date).Max();
    }
}

/// <summary>The settings a Compass evaluation used, as its table and page print them (the rules' own settings in <see cref="Rules"/>).</summary>
public sealed record CompassSettings(SettingsDescription Rules, int LookbackDays, decimal Gb3MaxGapPoints, decimal PupilShare, string Departments);
