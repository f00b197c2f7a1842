using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>Status of a check at an as-of date (rules-decisions.md "Status of a check").</summary>
public enum CheckStatus
{
    Met,
    Due,
    AtRisk,
    NotMet,
    NotApplicable,
}

/// <summary>The check ids of the report contract.</summary>
public static class CheckIds
{
    public const string PalP1 = "PAL.P1";
    public const string PalP2 = "PAL.P2";
    public const string PalP3 = "PAL.P3";
    public const string Gb5 = "GB5";
    public const string Gb5Years = "GB5.Years";
    public const string Gb6By16 = "GB6.By16";
    public const string Gb6By18 = "GB6.By18";
    public const string Gb7By16 = "GB7.By16";
    public const string Gb7He = "GB7.HE";
    public const string Gb8By16 = "GB8.By16";
    public const string Gb8By18 = "GB8.By18";
    public const string IagIndependent = "IAG.Independent";
    public const string SendYear9Review = "SEND.Year9Review";
    public const string SendPhaseTransfer = "SEND.PhaseTransfer";

    public const string PalOccasions = "PAL.Occasions";
    public const string PublicationCareersInfo = "PUB.CareersInfo";
    public const string PalPolicyStatement = "PAL.PolicyStatement";
    public const string CareersLeader = "CG.CareersLeader";
    public const string PolicyReview = "Policy.Review";

    /// <summary>Per-pupil checks in report order.</summary>
    public static IReadOnlyList<string> PerPupil { get; } = [PalP1, PalP2, PalP3, Gb5, Gb5Years, Gb6By16, Gb6By18, Gb7By16, Gb7He, Gb8By16, Gb8By18, IagIndependent,
        SendYear9Review, SendPhaseTransfer];

    /// <summary>Per-pupil checks the school report also gives per year group (rules-decisions.md, 2026-12-02).</summary>
    public static IReadOnlyList<string> ByYearGroup { get; } = [Gb5Years, IagIndependent];

    /// <summary>School-level checks in report order (PAL occasions are per cohort, in <see cref="SchoolReport.PalCohorts"/>).</summary>
    public static IReadOnlyList<string> SchoolLevel { get; } = [PublicationCareersInfo, PalPolicyStatement, CareersLeader, PolicyReview];
}

/// <summary>Something a reviewer should look at: an encounter accepted without times, a retained pupil, an excluded encounter.</summary>
public sealed record CheckFlag(string Code, string Message, ActivityId? ActivityId = null);

/// <summary>
/// One check's outcome. <see cref="ReasonCode"/> is stable (e.g. <c>window-not-started</c>); <see cref="Reason"/> is
/// text for people and null when met without remarks. <see cref="Evidence"/> lists the activities that count, in date order.
/// </summary>
public sealed record CheckResult(
    string CheckId,
    CheckStatus Status,
    string ReasonCode,
    string? Reason,
    IReadOnlyList<ActivityId> Evidence,
    GatsbyFramework Framework,
    LocalDate? WindowStart,
    LocalDate? Deadline,
    IReadOnlyList<CheckFlag> Flags)
{
    /// <summary>GB5.Years: the completed academic years with no meaningful employer encounter, e.g. <c>2024/25</c>.</summary>
    public IReadOnlyList<string> MissedYears { get; init; } = [];
}

/// <summary>A pupil's checks at one school.</summary>
public sealed record PupilReport(
    PupilId PupilId,
    int? YearGroup,
    GatsbyFramework Framework,
    bool OnRoll,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<CheckFlag> Flags)
{
    public CheckResult Check(string checkId) => Checks.First(c => string.Equals(c.CheckId, checkId, StringComparison.Ordinal));
}

/// <summary>The CEC answer bands for PAL coverage (eventmodel/decisions/0025).</summary>
public enum CecBand
{
    None,
    AFew,
    Some,
    Most,
    NearlyAll,
    All,
}

/// <summary>PAL at school level for one cohort and phase: occasions offered and coverage of pupils on roll at the window's end.</summary>
public sealed record PalCohortResult(
    PalPhase Phase,
    int YearGroupNow,
    LocalDate WindowStart,
    LocalDate WindowEnd,
    int DaysLeft,
    CheckResult Occasions,
    int PupilsOnRoll,
    int PupilsMet,
    decimal? CoveragePercent,
    CecBand? Band,
    decimal? OfferedPercent)
{
    public int PupilsShort => PupilsOnRoll - PupilsMet;
}

/// <summary>How many pupils are in each status for one per-pupil check; the percentage is of pupils for whom it applies.</summary>
public sealed record CheckCoverage(string CheckId, int Met, int Due, int AtRisk, int NotMet, int NotApplicable)
{
    public int Applicable => Met + Due + AtRisk + NotMet;

    public decimal? MetPercent => Applicable == 0 ? null : Math.Round(100m * Met / Applicable, 1);
}

/// <summary>One per-pupil check's coverage among the pupils of one year group (the year group in the report's academic year).</summary>
public sealed record YearGroupCoverage(int YearGroup, CheckCoverage Coverage);

/// <summary>
/// A provider's access request and the school's answer at the as-of date (decisions/0048): <see cref="Status"/> is Met when
/// answered by <see cref="DueBy"/> (the day itself included), NotMet when answered late or still unanswered after it, Due
/// while unanswered before it.
/// </summary>
public sealed record AccessRequestResult(
    string RequestId,
    ProviderId ProviderId,
    string? ProviderName,
    PalPhase? Phase,
    LocalDate? RequestedDate,
    LocalDate ReceivedOn,
    int ResponseSchoolDays,
    LocalDate DueBy,
    CheckStatus Status,
    string ReasonCode,
    LocalDate? FirstAnsweredOn,
    Schools.AccessAnswer? Answer,
    LocalDate? OfferedDate,
    Schools.AccessRefusalReason? RefusalReason,
    string? Note,
    LocalDate? AnsweredOn);

/// <summary>Everything computed for one school at an as-of date and known-at instant.</summary>
public sealed record SchoolReport(
    SchoolUrn Urn,
    string? Name,
    LocalDate AsOf,
    Instant KnownAt,
    SettingsDescription Settings,
    GatsbyFramework Framework,
    IReadOnlyList<PupilReport> Pupils,
    IReadOnlyList<CheckResult> SchoolChecks,
    IReadOnlyList<PalCohortResult> PalCohorts,
    IReadOnlyList<CheckCoverage> Coverage)
{
    /// <summary>Coverage per year group of the checks in <see cref="CheckIds.ByYearGroup"/>.</summary>
    public IReadOnlyList<YearGroupCoverage> YearGroupCoverage { get; init; } = [];

    /// <summary>Provider access requests received by the as-of date, oldest first (decisions/0048).</summary>
    public IReadOnlyList<AccessRequestResult> AccessRequests { get; init; } = [];

    /// <summary>Leaver destinations, September Guarantee offers and early leavers' notices (decisions/0053-0054).</summary>
    public DestinationsResult Destinations { get; init; } = DestinationsResult.Empty;
}

/// <summary>A school whose PAL window closes within the alert horizon with pupils short.</summary>
public sealed record PalDeadlineAlert(SchoolUrn Urn, PalPhase Phase, int YearGroupNow, LocalDate WindowEnd, int DaysLeft, int PupilsShort);

/// <summary>The proprietor's view: its member schools at the as-of date, rolled up.</summary>
public sealed record TrustReport(
    TrustId TrustId,
    LocalDate AsOf,
    Instant KnownAt,
    SettingsDescription Settings,
    IReadOnlyList<SchoolReport> Schools,
    IReadOnlyList<CheckCoverage> Coverage,
    IReadOnlyList<(string CheckId, int SchoolsMet, int Schools)> SchoolChecks,
    IReadOnlyList<PalPhaseCoverage> PalCoverage,
    IReadOnlyList<PalDeadlineAlert> Alerts);
