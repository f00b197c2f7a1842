using NodaTime;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Schools;

namespace CareersCompliance.Application.Import;

/// <summary>Checklist flags of an activity (contract: PAL content, meaningful encounter, workplace experience).</summary>
[Flags]
public enum ChecklistItems
{
    None = 0,
    ProviderInfo = 1,
    Careers = 2,
    LearningLike = 4,
    Questions = 8,
    Purpose = 16,
    Outcomes = 32,
    TwoWay = 64,
    Reflection = 128,
    RangeOfPeople = 256,
    Task = 512,
    Feedback = 1024,

    /// <summary>The four PAL content items.</summary>
    PalContent = ProviderInfo | Careers | LearningLike | Questions,

    /// <summary>The 2024 framework's meaningful-encounter items.</summary>
    Meaningful = Purpose | Outcomes | TwoWay | Reflection,
}

/// <summary>A validated row of a contract file. <see cref="Key"/> is its identity per the contract table.</summary>
public abstract record ImportRow
{
    public abstract string Key { get; }
}

public sealed record SchoolRow(
    string Urn,
    string Name,
    string TrustId,
    string? TrustName,
    int LowestYear,
    int HighestYear,
    SchoolType? SchoolType,
    LocalTime? SchoolDayStart,
    LocalTime? SchoolDayEnd,
    AcademicYear? Framework2024From) : ImportRow
{
    public override string Key => Urn;
}

public sealed record ProviderRow(string ProviderId, string Name, ProviderKind Kind, bool OffersTechnical) : ImportRow
{
    public override string Key => ProviderId;
}

public sealed record AdviserRow(string AdviserId, string Name, int QualificationLevel, bool Independent) : ImportRow
{
    public override string Key => AdviserId;
}

/// <summary>
/// A pupil in one academic year. <c>YearGroup</c> is the year the pupil is judged by: <c>RecordedYearGroup</c> (the MIS
/// value, null when blank) or else <c>DerivedYearGroup</c> (from the date of birth).
/// </summary>
public sealed record PupilRow(
    string Upn,
    string SchoolUrn,
    string Forename,
    string Surname,
    LocalDate DateOfBirth,
    int YearGroup,
    int? RecordedYearGroup,
    int DerivedYearGroup,
    AcademicYear AcademicYear,
    LocalDate? AdmissionDate,
    LocalDate? LeavingDate,
    SenStatus Sen,
    bool LookedAfter,
    bool ConsideringHe,
    bool SharingObjection,
    bool Disadvantaged = false) : ImportRow
{
    // A pupil on two schools' rolls in one year (a move, or dual registration) has a row at each (import-formats.md).
    public override string Key => Upn + "|" + SchoolUrn + "|" + AcademicYear.ToString();

    /// <summary>Retained or accelerated: the recorded year group differs from the one the date of birth gives (flagged, not refused).</summary>
    public bool YearGroupDiffersFromAge => RecordedYearGroup is { } recorded && recorded != DerivedYearGroup;
}

/// <remarks>
/// <see cref="ProviderIds"/> and <see cref="YearGroups"/> are lists, so record equality compares them by reference;
/// use <see cref="SameValuesAs"/> to tell whether a re-imported row changed.
/// </remarks>
public sealed record ActivityRow(
    string ActivityId,
    string SchoolUrn,
    ActivityKind Kind,
    LocalDate Date,
    LocalTime? StartTime,
    LocalTime? EndTime,
    DeliveryMode DeliveryMode,
    IReadOnlyList<string> ProviderIds,
    string? AdviserId,
    ChecklistItems Checklist,
    IReadOnlyList<int> YearGroups,
    string? Title,
    string? Subject = null) : ImportRow
{
    public override string Key => ActivityId;

    public bool SameValuesAs(ActivityRow other) =>
        other is not null
        && this with { ProviderIds = other.ProviderIds, YearGroups = other.YearGroups } == other
        && ProviderIds.SequenceEqual(other.ProviderIds, StringComparer.Ordinal)
        && YearGroups.SequenceEqual(other.YearGroups);
}

public sealed record AttendanceRow(string ActivityId, string Upn, bool Attended) : ImportRow
{
    public override string Key => ActivityId + "|" + Upn;
}

public sealed record DestinationRow(string Upn, DestinationStage Kind, Destination Destination, LocalDate RecordedOn, string? ProviderName)
    : ImportRow
{
    public override string Key => Upn + "|" + ImportVocabulary.Name(Kind) + "|" + RecordedOn.ToString("uuuu-MM-dd", null);
}
