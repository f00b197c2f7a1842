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

/// <summary>
/// Every reading a school might reasonably want otherwise, with the defaults of rules-decisions.md.
/// Every report names the settings it used (<see cref="Describe"/>).
/// </summary>
public sealed record RuleSettings
{
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

    public GatsbyFramework FrameworkFor(AcademicYear year, AcademicYear? schoolAdoption = null) =>
        year >= (schoolAdoption ?? Framework2024From) ? GatsbyFramework.Gatsby2024 : GatsbyFramework.Gatsby2014;

    /// <summary>The settings as a report prints them; pass the school's own day and adoption year where it set them.</summary>
    public SettingsDescription Describe(LocalTime? schoolDayStart = null, LocalTime? schoolDayEnd = null, AcademicYear? schoolAdoption = null) => new(
        LeapDay == LeapDayHandling.Strict ? "strict" : "endOfFebruary",
        AgeDeadline == AgeDeadline.EndOfYear ? "endOfYear" : "strictAge",
        AlertHorizonDays,
        $"{FormatTime(schoolDayStart ?? SchoolDayStart)}-{FormatTime(schoolDayEnd ?? SchoolDayEnd)}",
        LocalDatePattern.Iso.Format(PalEffectiveFrom),
        (schoolAdoption ?? Framework2024From).ToString());

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
    string LeapDay, string AgeDeadline, int AlertHorizonDays, string SchoolDay, string PalEffectiveFrom, string Framework2024From);
