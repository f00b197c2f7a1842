using System.Globalization;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.ComplianceCases;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.Domain.Rules;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Domain.Alerts;

/// <summary>
/// A condition that needs a person, as detected at one evaluation. <see cref="DedupeKey"/> is stable while the condition
/// persists (rule, place, phase, deadline), so the same condition always maps to the same alert.
/// </summary>
public sealed record AlertCondition(
    string DedupeKey, string Rule, AlertSeverity Severity, TrustId? TrustId, SchoolUrn? SchoolUrn, string Subject, string Detail,
    int? Count, LocalDate? Deadline, int? DaysLeft);

/// <summary>A trust's alert settings (eventmodel/decisions/0028): horizon and referral service levels.</summary>
public sealed record AlertSettings
{
    public static AlertSettings Default { get; } = new();

    /// <summary>Calendar days before a deadline from which it is alerted (the report's alertHorizonDays).</summary>
    public int HorizonDays { get; init; } = 60;

    /// <summary>At or under this many days left, a deadline alert is critical.</summary>
    public int CriticalWithinDays { get; init; } = 14;

    /// <summary>A referral should be triaged within this many calendar days of being raised.</summary>
    public int ReferralTriageDays { get; init; } = 5;

    /// <summary>A referred pupil should have had the guidance meeting within this many calendar days of the referral.</summary>
    public int ReferralSeenDays { get; init; } = 20;

    /// <summary>Committed events left unsealed longer than this are an operations alert.</summary>
    public Duration SealingLagThreshold { get; init; } = Duration.FromMinutes(5);
}

/// <summary>A referral's progress, folded from its events, for the service-level rules.</summary>
public sealed record ReferralProgress(ReferralId Id, SchoolUrn SchoolUrn, LocalDate RaisedOn, LocalDate? TriagedOn, LocalDate? SeenOn, bool Closed)
{
    public static ReferralProgress? Fold(IEnumerable<ReferralEvent> events)
    {
        ReferralProgress? p = null;
        foreach (var e in events)
        {
            p = (p, e) switch
            {
                (null, ReferralEvent.ReferralRaised r) => new ReferralProgress(r.ReferralId, r.SchoolUrn, r.RaisedOn, null, null, false),
                ({ } s, ReferralEvent.ReferralTriaged t) => s with { TriagedOn = s.TriagedOn ?? t.TriagedOn },
                ({ } s, ReferralEvent.ReferralCompleted c) => s with { SeenOn = c.CompletedOn },
                ({ } s, ReferralEvent.ReferralClosed) => s with { Closed = true },
                _ => p,
            };
        }

        return p;
    }
}

/// <summary>The state of the event store and its consumers, for the operations rules.</summary>
public sealed record OperationsHealth(
    bool? LedgerVerified, long? FailedPosition, string? FailureDetail, IReadOnlyList<(string Name, long? FailedPosition, string? Reason)> PausedProjections,
    Duration? OldestUnsealedAge);

/// <summary>
/// The alert rules: pure functions from the compliance reports, referral and case progress, and operations health to the
/// conditions that need a person today. Slice: eventmodel/slices/alert-rules.json
/// </summary>
public static class AlertRules
{
    public const string PalPupilsShort = "pal-pupils-short";
    public const string PalWindowMissed = "pal-window-missed";
    public const string PalOccasionsShort = "pal-occasions-short";
    public const string GuidanceMeetingMissing = "guidance-meeting-missing";
    public const string Gb5YearMissed = "gb5-year-missed";
    public const string IagAtRisk = "iag-at-risk";
    public const string SchoolCheck = "school-check";
    public const string EhcpDeadlineApproaching = "ehcp-deadline-approaching";
    public const string EhcpDeadlineMissed = "ehcp-deadline-missed";
    public const string ProviderAccessOverdue = "provider-access-overdue";
    public const string EarlyLeaverNotNotified = "early-leaver-not-notified";
    public const string SeptemberGuaranteeMissed = "september-guarantee-missed";
    public const string ReferralNotTriaged = "referral-not-triaged";
    public const string ReferralNotSeen = "referral-not-seen";
    public const string LadderComplyByApproaching = "ladder-comply-by-approaching";
    public const string LadderComplyByPassed = "ladder-comply-by-passed";
    public const string IntegrityFailure = "integrity-failure";
    public const string ProjectionPaused = "projection-paused";
    public const string SealingLag = "sealing-lag";

    /// <summary>Conditions of one school from its report (evaluated with the trust's horizon as alertHorizonDays).</summary>
    public static IReadOnlyList<AlertCondition> ForSchool(TrustId trust, SchoolReport report, AlertSettings settings)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        var urn = report.Urn;
        var where = report.Name is { } n ? $"{n} ({urn})" : urn.Value;
        var found = new List<AlertCondition>();
        AddPal(found, trust, report, where, settings);
        AddGuidance(found, trust, report, where, settings);
        AddEveryYearAndIndependentGuidance(found, trust, report, where, settings);
        AddSendTransitions(found, trust, report, where, settings);
        AddAccessRequests(found, trust, report, where);
        AddDestinationDuties(found, trust, report, where);
        AddSchoolChecks(found, trust, report, where);
        return found;
    }

    private static void AddPal(List<AlertCondition> found, TrustId trust, SchoolReport report, string where, AlertSettings settings)
    {
        var urn = report.Urn;
        foreach (var c in report.PalCohorts)
        {
            if (c.Occasions.Status == CheckStatus.NotApplicable)
            {
                continue;
            }

            var phase = (int)c.Phase;
            var cohort = $"provider access phase {phase}, Year {c.YearGroupNow} cohort (window closes {D(c.WindowEnd)})";
            var key = $"{urn}:p{phase}:{D(c.WindowEnd)}";
            var open = c.DaysLeft >= 0 && c.DaysLeft <= settings.HorizonDays;
            // Why phases 1 and 2 only: phase 3 is a duty on the school; pupils' attendance is reported, never required (decisions/0014).
            var pupilsShort = c.Phase != PalPhase.Third && c.PupilsShort > 0;
            if (open && pupilsShort)
            {
                found.Add(new AlertCondition($"{PalPupilsShort}:{key}", PalPupilsShort, DeadlineSeverity(c.DaysLeft, settings), trust, urn,
                    $"{where}: {cohort}",
                    $"{c.PupilsShort} of {c.PupilsOnRoll} pupil(s) have not yet had two qualifying provider encounters; {Days(c.DaysLeft)} left.",
                    c.PupilsShort, c.WindowEnd, c.DaysLeft));
            }

            if (open && c.Occasions.Status != CheckStatus.Met)
            {
                found.Add(new AlertCondition($"{PalOccasionsShort}:{key}", PalOccasionsShort, DeadlineSeverity(c.DaysLeft, settings), trust, urn,
                    $"{where}: {cohort}",
                    $"{Capitalise(c.Occasions.Reason ?? "fewer than two qualifying occasions offered")}; {Days(c.DaysLeft)} left.",
                    null, c.WindowEnd, c.DaysLeft));
            }

            if (c.DaysLeft < 0 && (pupilsShort || c.Occasions.Status == CheckStatus.NotMet))
            {
                var what = pupilsShort
                    ? $"{c.PupilsShort} of {c.PupilsOnRoll} pupil(s) did not have two qualifying provider encounters"
                    : Capitalise(c.Occasions.Reason ?? "fewer than two qualifying occasions were offered");
                found.Add(new AlertCondition($"{PalWindowMissed}:{key}", PalWindowMissed, AlertSeverity.Critical, trust, urn,
                    $"{where}: {cohort}", $"The window closed on {D(c.WindowEnd)}: {what}.", pupilsShort ? c.PupilsShort : null, c.WindowEnd, c.DaysLeft));
            }
        }

    }

    private static void AddGuidance(List<AlertCondition> found, TrustId trust, SchoolReport report, string where, AlertSettings settings)
    {
        var urn = report.Urn;
        foreach (var group in report.Pupils
                     .SelectMany(p => p.Checks)
                     .Where(k => k.Status == CheckStatus.AtRisk && k.CheckId is CheckIds.Gb8By16 or CheckIds.Gb8By18 && k.Deadline is not null)
                     .GroupBy(k => (k.CheckId, Deadline: k.Deadline!.Value))
                     .OrderBy(g => g.Key.CheckId, StringComparer.Ordinal))
        {
            var (checkId, deadline) = group.Key;
            var days = PalPhases.DaysBetween(report.AsOf, deadline);
            var year = string.Equals(checkId, CheckIds.Gb8By16, StringComparison.Ordinal) ? 11 : 13;
            found.Add(new AlertCondition($"{GuidanceMeetingMissing}:{urn}:{checkId}:{D(deadline)}", GuidanceMeetingMissing,
                DeadlineSeverity(days, settings), trust, urn, $"{where}: {CheckNames.Of(checkId)}, Year {year}",
                $"{group.Count()} Year {year} pupil(s) have not had the required personal guidance meeting; the year ends on {D(deadline)}, {Days(days)} left.",
                group.Count(), deadline, days));
        }

    }

    /// <summary>A completed year in which pupils had no meaningful employer encounter (GB5.Years), and s42A guidance at risk.</summary>
    private static void AddEveryYearAndIndependentGuidance(
        List<AlertCondition> found, TrustId trust, SchoolReport report, string where, AlertSettings settings)
    {
        var urn = report.Urn;
        var checks = report.Pupils.Select(p => (Pupil: p, Gb5: p.Checks.FirstOrDefault(k => string.Equals(k.CheckId, CheckIds.Gb5Years, StringComparison.Ordinal)),
            Iag: p.Checks.FirstOrDefault(k => string.Equals(k.CheckId, CheckIds.IagIndependent, StringComparison.Ordinal)))).ToList();
        foreach (var missed in checks.Where(c => c.Gb5 is { Status: CheckStatus.NotMet }).SelectMany(c => c.Gb5!.MissedYears)
                     .GroupBy(y => y, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var yearEnd = AcademicYear.Parse(missed.Key).LastDay();
            found.Add(new AlertCondition($"{Gb5YearMissed}:{urn}:{missed.Key}", Gb5YearMissed, AlertSeverity.Warning, trust, urn,
                $"{where}: employer encounters in {missed.Key} (GB5)",
                $"{missed.Count()} pupil(s) had no meaningful employer encounter in {missed.Key}; the year ended on {D(yearEnd)}.",
                missed.Count(), yearEnd, PalPhases.DaysBetween(report.AsOf, yearEnd)));
        }

        foreach (var group in checks.Where(c => c.Iag is { Status: CheckStatus.AtRisk, Deadline: not null })
                     .GroupBy(c => (Deadline: c.Iag!.Deadline!.Value, c.Pupil.YearGroup)).OrderBy(g => g.Key.Deadline))
        {
            var (deadline, year) = group.Key;
            var days = PalPhases.DaysBetween(report.AsOf, deadline);
            found.Add(new AlertCondition($"{IagAtRisk}:{urn}:{D(deadline)}:y{year}", IagAtRisk, DeadlineSeverity(days, settings), trust, urn,
                $"{where}: Year {year} independent careers guidance (IAG.Independent)",
                $"{group.Count()} Year {year} pupil(s) have not had a guidance meeting with an independent adviser this key stage; it ends on {D(deadline)}, {Days(days)} left.",
                group.Count(), deadline, days));
        }
    }

    /// <summary>
    /// EHC plan deadlines (decisions/0046): pupils whose Year 9 review or post-16 naming is due within the horizon, and those
    /// whose deadline passed unmet, raised in the academic year of the deadline only (a later year's report still shows it).
    /// </summary>
    private static void AddSendTransitions(List<AlertCondition> found, TrustId trust, SchoolReport report, string where, AlertSettings settings)
    {
        var urn = report.Urn;
        var year = AcademicYear.Containing(report.AsOf);
        foreach (var group in report.Pupils
                     .SelectMany(p => p.Checks)
                     .Where(k => k.CheckId is CheckIds.SendYear9Review or CheckIds.SendPhaseTransfer && k.Deadline is not null
                         && (k.Status == CheckStatus.AtRisk || (k.Status == CheckStatus.NotMet && AcademicYear.Containing(k.Deadline.Value) == year)))
                     .GroupBy(k => (k.CheckId, k.Status, Deadline: k.Deadline!.Value))
                     .OrderBy(g => g.Key.Deadline).ThenBy(g => g.Key.CheckId, StringComparer.Ordinal))
        {
            var (checkId, status, deadline) = group.Key;
            var days = PalPhases.DaysBetween(report.AsOf, deadline);
            var what = string.Equals(checkId, CheckIds.SendYear9Review, StringComparison.Ordinal)
                ? "had no Year 9 annual review covering preparing for adulthood"
                : "have no amended EHC plan naming the post-16 placement";
            var subject = $"{where}: {CheckNames.Of(checkId)} (due {D(deadline)})";
            if (status == CheckStatus.AtRisk)
            {
                found.Add(new AlertCondition($"{EhcpDeadlineApproaching}:{urn}:{checkId}:{D(deadline)}", EhcpDeadlineApproaching,
                    DeadlineSeverity(days, settings), trust, urn, subject,
                    $"{group.Count()} pupil(s) with an EHC plan {what}; due {D(deadline)}, {Days(days)} left.", group.Count(), deadline, days));
            }
            else
            {
                found.Add(new AlertCondition($"{EhcpDeadlineMissed}:{urn}:{checkId}:{D(deadline)}", EhcpDeadlineMissed, AlertSeverity.Critical,
                    trust, urn, subject, $"{group.Count()} pupil(s) with an EHC plan {what} by {D(deadline)}.", group.Count(), deadline, days));
            }
        }
    }

    /// <summary>A provider's request for access still unanswered after the policy statement's promised time (decisions/0048).</summary>
    private static void AddAccessRequests(List<AlertCondition> found, TrustId trust, SchoolReport report, string where)
    {
        foreach (var r in report.AccessRequests.Where(r => string.Equals(r.ReasonCode, "overdue", StringComparison.Ordinal)))
        {
            var provider = r.ProviderName is { } n ? $"{n} ({r.ProviderId})" : r.ProviderId.Value;
            found.Add(new AlertCondition($"{ProviderAccessOverdue}:{report.Urn}:{r.RequestId}", ProviderAccessOverdue, AlertSeverity.Warning, trust,
                report.Urn, $"{where}: provider access request {r.RequestId} from {provider}",
                $"Received on {D(r.ReceivedOn)} and not answered; the policy statement promises an answer within {r.ResponseSchoolDays} school day(s), by {D(r.DueBy)}.",
                null, r.DueBy, PalPhases.DaysBetween(report.AsOf, r.DueBy)));
        }
    }

    /// <summary>
    /// Early leavers from a post-16 programme not notified to the local authority within the notice days, and a September Guarantee
    /// round that closed with pupils without an offer, raised in the academic year of its deadline (decisions/0054).
    /// </summary>
    private static void AddDestinationDuties(List<AlertCondition> found, TrustId trust, SchoolReport report, string where)
    {
        var urn = report.Urn;
        foreach (var e in report.Destinations.EarlyLeavers.Where(e => string.Equals(e.ReasonCode, "not-notified", StringComparison.Ordinal)))
        {
            // Why the pupil's pseudonymous id in the key: each leaving is its own notice; the subject and detail name no one.
            found.Add(new AlertCondition($"{EarlyLeaverNotNotified}:{urn}:{e.PupilId.Value:N}:{D(e.LeftOn)}", EarlyLeaverNotNotified, AlertSeverity.Warning,
                trust, urn, $"{where}: early leaver from a post-16 programme (left {D(e.LeftOn)})",
                $"A Year {e.YearGroup?.ToString(CultureInfo.InvariantCulture) ?? "12-13"} pupil left the post-16 programme on {D(e.LeftOn)} and the local authority " +
                $"has not been notified (ESA 2008 s13); due within {e.NoticeDays} day(s), by {D(e.NotifyBy)}.",
                1, e.NotifyBy, PalPhases.DaysBetween(report.AsOf, e.NotifyBy)));
        }

        var year = AcademicYear.Containing(report.AsOf);
        foreach (var round in report.Destinations.Guarantee.Where(r => r.Status == CheckStatus.NotMet && AcademicYear.Containing(r.Deadline) == year))
        {
            var missing = round.Pupils.Count - round.WithOffer;
            found.Add(new AlertCondition($"{SeptemberGuaranteeMissed}:{urn}:{round.CohortYear.StartYear}", SeptemberGuaranteeMissed, AlertSeverity.Warning,
                trust, urn, $"{where}: September Guarantee, Year 11 and 12 pupils of {round.CohortYear}",
                $"{missing} of {round.Pupils.Count} pupil(s) had no recorded offer of education, employment or training by {D(round.Deadline)}.",
                missing, round.Deadline, PalPhases.DaysBetween(report.AsOf, round.Deadline)));
        }
    }

    private static void AddSchoolChecks(List<AlertCondition> found, TrustId trust, SchoolReport report, string where)
    {
        var urn = report.Urn;
        foreach (var check in report.SchoolChecks.Where(k => k.Status is CheckStatus.NotMet or CheckStatus.AtRisk))
        {
            var severity = check.Status == CheckStatus.AtRisk ? AlertSeverity.Info
                : string.Equals(check.ReasonCode, "no-careers-leader", StringComparison.Ordinal) ? AlertSeverity.Critical
                : AlertSeverity.Warning;
            // Why the check's deadline only: a missing item has none (its reason says since when it has been missing);
            // a review that is due or past has its review date.
            int? days = check.Deadline is { } due ? PalPhases.DaysBetween(report.AsOf, due) : null;
            // Why the reason code in the key: "items missing" and "review due" are different conditions with different dates.
            found.Add(new AlertCondition($"{SchoolCheck}:{urn}:{check.CheckId}:{check.ReasonCode}", SchoolCheck, severity, trust, urn,
                $"{where}: {CheckNames.Of(check.CheckId)}", Capitalise(check.Reason ?? check.ReasonCode) + ".", null, check.Deadline, days));
        }
    }

    /// <summary>Referrals not triaged, or not seen, within the trust's service level.</summary>
    public static IReadOnlyList<AlertCondition> ForReferrals(TrustId trust, IEnumerable<ReferralProgress> referrals, LocalDate asOf, AlertSettings settings)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        ArgumentNullException.ThrowIfNull(settings);
        var found = new List<AlertCondition>();
        foreach (var r in referrals.Where(r => !r.Closed && r.SeenOn is null))
        {
            var triageBy = r.RaisedOn.PlusDays(settings.ReferralTriageDays);
            if (r.TriagedOn is null && asOf > triageBy)
            {
                found.Add(new AlertCondition($"{ReferralNotTriaged}:{r.Id}", ReferralNotTriaged, AlertSeverity.Warning, trust, r.SchoolUrn,
                    $"School {r.SchoolUrn}: referral {r.Id}",
                    $"A guidance referral raised on {D(r.RaisedOn)} was not triaged within {settings.ReferralTriageDays} day(s) (due {D(triageBy)}).",
                    null, triageBy, PalPhases.DaysBetween(asOf, triageBy)));
            }

            var seenBy = r.RaisedOn.PlusDays(settings.ReferralSeenDays);
            if (asOf > seenBy)
            {
                found.Add(new AlertCondition($"{ReferralNotSeen}:{r.Id}", ReferralNotSeen, AlertSeverity.Warning, trust, r.SchoolUrn,
                    $"School {r.SchoolUrn}: referral {r.Id}",
                    $"A pupil referred on {D(r.RaisedOn)} has not been seen for guidance within {settings.ReferralSeenDays} day(s) (due {D(seenBy)}).",
                    null, seenBy, PalPhases.DaysBetween(asOf, seenBy)));
            }
        }

        return found;
    }

    /// <summary>Ladder of Support cases whose comply-by date is within the horizon or has passed.</summary>
    public static IReadOnlyList<AlertCondition> ForComplianceCases(TrustId trust, IEnumerable<ComplianceCase> cases, LocalDate asOf, AlertSettings settings)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(settings);
        var found = new List<AlertCondition>();
        foreach (var c in cases.OfType<ComplianceCase.Open>().Where(c => c.ComplyBy is not null))
        {
            var complyBy = c.ComplyBy!.Value;
            var days = PalPhases.DaysBetween(asOf, complyBy);
            var subject = $"School {c.SchoolUrn}: Ladder of Support case {c.Id} (step {(int)c.Step}, {c.Step})";
            if (days < 0)
            {
                found.Add(new AlertCondition($"{LadderComplyByPassed}:{c.Id}:{D(complyBy)}", LadderComplyByPassed, AlertSeverity.Critical, trust,
                    c.SchoolUrn, subject, $"The comply-by date {D(complyBy)} has passed ({-days} day(s) ago) and the case is not resolved.",
                    null, complyBy, days));
            }
            else if (days <= settings.HorizonDays)
            {
                found.Add(new AlertCondition($"{LadderComplyByApproaching}:{c.Id}:{D(complyBy)}", LadderComplyByApproaching,
                    DeadlineSeverity(days, settings), trust, c.SchoolUrn, subject,
                    $"The school must comply by {D(complyBy)}; {Days(days)} left.", null, complyBy, days));
            }
        }

        return found;
    }

    /// <summary>Integrity failures, paused projections and sealing lag: operations alerts with no trust or school.</summary>
    public static IReadOnlyList<AlertCondition> ForOperations(OperationsHealth health, AlertSettings settings)
    {
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(settings);
        var found = new List<AlertCondition>();
        if (health.LedgerVerified == false)
        {
            found.Add(new AlertCondition($"{IntegrityFailure}:ledger", IntegrityFailure, AlertSeverity.Critical, null, null, "The audit ledger",
                $"Verification failed at position {health.FailedPosition}: {health.FailureDetail}", null, null, null));
        }

        foreach (var (name, position, reason) in health.PausedProjections)
        {
            found.Add(new AlertCondition($"{ProjectionPaused}:{name}", ProjectionPaused, AlertSeverity.Critical, null, null, $"Projection {name}",
                $"Paused at position {position}: {reason}. Reports may be stale until an operator resumes or skips it.", null, null, null));
        }

        if (health.OldestUnsealedAge is { } age && age > settings.SealingLagThreshold)
        {
            found.Add(new AlertCondition($"{SealingLag}:ledger", SealingLag, AlertSeverity.Warning, null, null, "The ledger sealer",
                $"Committed events have waited {Math.Round(age.TotalMinutes, 1).ToString(CultureInfo.InvariantCulture)} minute(s) to be sealed " +
                $"(threshold {settings.SealingLagThreshold.TotalMinutes.ToString(CultureInfo.InvariantCulture)}).", null, null, null));
        }

        return found;
    }

    private static AlertSeverity DeadlineSeverity(int daysLeft, AlertSettings settings) =>
        daysLeft <= settings.CriticalWithinDays ? AlertSeverity.Critical : AlertSeverity.Warning;

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string D(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
