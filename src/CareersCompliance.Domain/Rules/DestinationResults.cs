using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>Where a leaver is, read from the latest actual destination recorded (decisions/0053).</summary>
public enum DestinationOutcome
{
    Education,
    Apprenticeship,
    Employment,
    Neet,
    Unknown,
}

/// <summary>
/// One leaver of the school (decisions/0053): the last day on roll, the intended destination recorded by then, the latest actual
/// destination recorded by the as-of date and what it counts as, and whether the destination was sustained through the first two
/// terms of the next academic year (null until that window has closed).
/// </summary>
public sealed record LeaverDestination(
    PupilId PupilId,
    LocalDate LeftOn,
    int? YearGroup,
    Destination? Intended,
    Destination? Actual,
    LocalDate? ActualRecordedOn,
    DestinationOutcome Outcome,
    bool? Sustained,
    string SustainedCode);

/// <summary>The leavers of one academic year and the shares DST-02 asks for (decisions/0053); every share is of all the year's leavers.</summary>
public sealed record LeaverCohort(AcademicYear LeftIn, LocalDate SustainedWindowStart, LocalDate SustainedWindowEnd, bool SustainedKnown, IReadOnlyList<LeaverDestination> Leavers)
{
    public int Count => Leavers.Count;

    public int Education => CountOf(DestinationOutcome.Education);

    public int Apprenticeship => CountOf(DestinationOutcome.Apprenticeship);

    public int Employment => CountOf(DestinationOutcome.Employment);

    /// <summary>In education, an apprenticeship or employment: the DfE headline's three together.</summary>
    public int Eet => Education + Apprenticeship + Employment;

    public int Neet => CountOf(DestinationOutcome.Neet);

    /// <summary>Recorded as unknown, or with no actual destination recorded at all.</summary>
    public int Unknown => CountOf(DestinationOutcome.Unknown);

    public int IntendedRecorded => Leavers.Count(l => l.Intended is not null);

    /// <summary>Sustained through the window; null while the window is open.</summary>
    public int? Sustained => SustainedKnown ? Leavers.Count(l => l.Sustained == true) : null;

    public decimal? Percent(int? count) => Count == 0 || count is null ? null : Math.Round(100m * count.Value / Count, 1);

    private int CountOf(DestinationOutcome outcome) => Leavers.Count(l => l.Outcome == outcome);
}

/// <summary>One pupil of a September Guarantee round: Met when an offer was recorded by the deadline (decisions/0054).</summary>
public sealed record GuaranteePupil(PupilId PupilId, int YearGroup, CheckStatus Status, GuaranteeOffer? Offer, LocalDate? OfferedOn);

/// <summary>
/// A September Guarantee round (DST-05, decisions/0054): the school's Year 11 and Year 12 pupils of <see cref="CohortYear"/>, each to
/// have an offer by <see cref="Deadline"/>, 30 September when they would enter Year 12 or 13. NotMet, a finding, when any has none after it.
/// </summary>
public sealed record GuaranteeRound(AcademicYear CohortYear, LocalDate Deadline, int DaysLeft, CheckStatus Status, string ReasonCode, IReadOnlyList<GuaranteePupil> Pupils)
{
    public int WithOffer => Pupils.Count(p => p.Status == CheckStatus.Met);

    public decimal? OfferPercent => Pupils.Count == 0 ? null : Math.Round(100m * WithOffer / Pupils.Count, 1);
}

/// <summary>
/// A pupil who left the school's post-16 programme early (DST-03, ESA 2008 s13, decisions/0054): Met when the local authority was
/// notified within the notice days (the last day included), NotMet when notified later or not at all after it, Due before it.
/// </summary>
public sealed record EarlyLeaverResult(
    PupilId PupilId, LocalDate LeftOn, int? YearGroup, int NoticeDays, LocalDate NotifyBy, LocalDate? NotifiedOn, CheckStatus Status, string ReasonCode);

/// <summary>A school's destinations at the as-of date: leaver cohorts, September Guarantee rounds, early leavers.</summary>
public sealed record DestinationsResult(IReadOnlyList<LeaverCohort> Cohorts, IReadOnlyList<GuaranteeRound> Guarantee, IReadOnlyList<EarlyLeaverResult> EarlyLeavers)
{
    public static DestinationsResult Empty { get; } = new([], [], []);
}
