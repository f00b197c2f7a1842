using System.Globalization;
using CareersCompliance.Domain.Calendar;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Domain.Rules;

/// <summary>Which Gatsby benchmarks a result is judged against.</summary>
public enum GatsbyFramework
{
    Gatsby2014,
    Gatsby2024,
}

/// <summary>How "by 16" and "by 18" are read (eventmodel/decisions/0017).</summary>
public enum AgeDeadline
{
    /// <summary>31 August at the end of Year 11 / Year 13 (default).</summary>
    EndOfYear,

    /// <summary>The day before the 16th / 18th birthday; needs the date of birth.</summary>
    StrictAge,
}

/// <summary>Whether activities a pupil attended at other schools count for the pupil (rules-decisions.md, 2026-12-02).</summary>
public enum PriorSchoolEvidence
{
    /// <summary>Every activity the pupil attended at any school in the system counts (default).</summary>
    Count,

    /// <summary>Only activities this school recorded count.</summary>
    Ignore,
}

/// <summary>
/// Every reading a school might reasonably want otherwise, with the defaults of rules-decisions.md.
/// Every report names the settings it used (<see cref="Describe"/>).
/// </summary>
public sealed record RuleSettings
{
    // Why first: static initialisers run in order, and Default below reads these.
    private static readonly IReadOnlySet<IsoDayOfWeek> WeekdaysOnly = new HashSet<IsoDayOfWeek>
    {
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday,
    };

    private static readonly IsoDayOfWeek[] Week =
    [
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday,
        IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday,
    ];

    public static RuleSettings Default { get; } = new();

    public LeapDayHandling LeapDay { get; init; } = LeapDayHandling.Strict;

    public AgeDeadline AgeDeadline { get; init; } = AgeDeadline.EndOfYear;

    /// <summary>Calendar days before a deadline from which an open, unmet check is AtRisk.</summary>
    public int AlertHorizonDays { get; init; } = 60;

    /// <summary>Default standard school day; a school's own <c>standard_school_day_set</c> overrides it.</summary>
    public LocalTime SchoolDayStart { get; init; } = new(8, 30);

    public LocalTime SchoolDayEnd { get; init; } = new(16, 0);

    /// <summary>Provider encounters before this date never count for PAL (s42B as amended from 1 January 2023).</summary>
    public LocalDate PalEffectiveFrom { get; init; } = new(2023, 1, 1);

    /// <summary>First academic year judged on the 2024 benchmarks; a school's own adoption year overrides it.</summary>
    public AcademicYear Framework2024From { get; init; } = new(2025);

    /// <summary>Whether a pupil's checks use activities they attended at other schools (eventmodel/decisions/0032).</summary>
    public PriorSchoolEvidence PriorSchoolEvidence { get; init; } = PriorSchoolEvidence.Count;

    /// <summary>The days of the week on which a provider encounter can count for PAL (eventmodel/decisions/0034); default Monday to Friday.</summary>
    public IReadOnlySet<IsoDayOfWeek> SchoolDays { get; init; } = WeekdaysOnly;

    /// <summary>Days up to the as-of date within which GB1's backing and feedback and GB2's parent access count (eventmodel/decisions/0041).</summary>
    public int CompassLookbackDays { get; init; } = 365;

    /// <summary>The largest gap, in percentage points, between a GB3 group's careers-record share and the rest's before it is a finding (decisions/0043).</summary>
    public decimal Gb3MaxGapPoints { get; init; } = 10m;

    /// <summary>The share of a criterion's pupils, in percent, needed for a per-pupil Compass criterion to be met (decisions/0045).</summary>
    public decimal CompassPupilShare { get; init; } = 100m;

    /// <summary>The national average of benchmarks fully achieved, CEC 2024/25 (statutory-rules.md 6.3).</summary>
    public decimal CompassNationalAverage { get; init; } = 5.96m;

    /// <summary>School days within which a provider's access request is answered, unless the school set its own (decisions/0048).</summary>
    public int AccessResponseSchoolDays { get; init; } = 10;

    /// <summary>Calendar days after an early leaving within which the local authority is notified (ESA 2008 s13, decisions/0054).</summary>
    public int EarlyLeaverNoticeDays { get; init; } = 5;

    /// <summary>The school's subject departments for GB4; null derives them from its curriculum links (decisions/0044).</summary>
    public IReadOnlyList<string>? Departments { get; init; }

    public GatsbyFramework FrameworkFor(AcademicYear year, AcademicYear? schoolAdoption = null) =>
        year >= (schoolAdoption ?? Framework2024From) ? GatsbyFramework.Gatsby2024 : GatsbyFramework.Gatsby2014;

    /// <summary>The settings as a report prints them; pass the school's own day and adoption year where it set them.</summary>
    public SettingsDescription Describe(LocalTime? schoolDayStart = null, LocalTime? schoolDayEnd = null, AcademicYear? schoolAdoption = null) => new(
        LeapDay == LeapDayHandling.Strict ? "strict" : "endOfFebruary",
        AgeDeadline == AgeDeadline.EndOfYear ? "endOfYear" : "strictAge",
        AlertHorizonDays,
        $"{FormatTime(schoolDayStart ?? SchoolDayStart)}-{FormatTime(schoolDayEnd ?? SchoolDayEnd)}",
        LocalDatePattern.Iso.Format(PalEffectiveFrom),
        (schoolAdoption ?? Framework2024From).ToString())
    {
        PriorSchoolEvidence = PriorSchoolEvidence == PriorSchoolEvidence.Count ? "count" : "ignore",
        SchoolDays = FormatDays(SchoolDays),
        AccessResponseSchoolDays = AccessResponseSchoolDays,
        EarlyLeaverNoticeDays = EarlyLeaverNoticeDays,
    };

    public static bool TryParsePriorSchoolEvidence(string? text, out PriorSchoolEvidence value)
    {
        value = text?.Trim().ToUpperInvariant() switch
        {
            "COUNT" => PriorSchoolEvidence.Count,
            "IGNORE" => PriorSchoolEvidence.Ignore,
            _ => (PriorSchoolEvidence)(-1),
        };
        return Enum.IsDefined(value);
    }

    /// <summary>Reads <c>Mon-Fri</c>, <c>Mon-Sat</c> or a list such as <c>Mon,Tue,Thu</c> (three-letter English day names).</summary>
    public static bool TryParseSchoolDays(string? text, out IReadOnlySet<IsoDayOfWeek> days)
    {
        var set = new HashSet<IsoDayOfWeek>();
        days = set;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || DayOf(range[0]) is not { } from || DayOf(range[^1]) is not { } to || to < from)
            {
                return false;
            }

            for (var d = from; d <= to; d++)
            {
                set.Add(d);
            }
        }

        return set.Count > 0;
    }

    /// <summary>The days as the report prints them: <c>Mon-Fri</c>, or a list when they are not one run.</summary>
    public static string FormatDays(IReadOnlySet<IsoDayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var sorted = Week.Where(days.Contains).ToList();
        var oneRun = sorted.Count > 1 && sorted[^1] - sorted[0] == sorted.Count - 1;
        return oneRun ? $"{Abbreviation(sorted[0])}-{Abbreviation(sorted[^1])}" : string.Join(',', sorted.Select(Abbreviation));
    }

    private static IsoDayOfWeek? DayOf(string text) =>
        Array.Find(Week, d => string.Equals(Abbreviation(d), text.Length >= 3 ? text[..3] : text, StringComparison.OrdinalIgnoreCase)) is var d && d != IsoDayOfWeek.None ? d : null;

    private static string Abbreviation(IsoDayOfWeek day) => day.ToString()[..3];

    public static bool TryParseLeapDay(string? text, out LeapDayHandling value)
    {
        value = text?.Trim().ToUpperInvariant() switch
        {
            "STRICT" => LeapDayHandling.Strict,
            "ENDOFFEBRUARY" => LeapDayHandling.EndOfFebruary,
            _ => (LeapDayHandling)(-1),
        };
        return Enum.IsDefined(value);
    }

    public static bool TryParseAgeDeadline(string? text, out AgeDeadline value)
    {
        value = text?.Trim().ToUpperInvariant() switch
        {
            "ENDOFYEAR" => AgeDeadline.EndOfYear,
            "STRICTAGE" => AgeDeadline.StrictAge,
            _ => (AgeDeadline)(-1),
        };
        return Enum.IsDefined(value);
    }

    private static string FormatTime(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The settings object of a report, in the contract's JSON shape (camelCase property names).</summary>
public sealed record SettingsDescription(
    string LeapDay, string AgeDeadline, int AlertHorizonDays, string SchoolDay, string PalEffectiveFrom, string Framework2024From)
{
    public string PriorSchoolEvidence { get; init; } = "count";

    public string SchoolDays { get; init; } = "Mon-Fri";

    /// <summary>A special school's PAL flexibility (decisions/0047): <c>off</c>, or <c>on from YYYY-MM-DD</c>.</summary>
    public string PalSendFlexibility { get; init; } = "off";

    /// <summary>School days within which the school promises to answer a provider's access request (decisions/0048).</summary>
    public int AccessResponseSchoolDays { get; init; } = 10;

    /// <summary>Calendar days within which an early leaver from a post-16 programme is notified to the local authority (decisions/0054).</summary>
    public int EarlyLeaverNoticeDays { get; init; } = 5;
}
