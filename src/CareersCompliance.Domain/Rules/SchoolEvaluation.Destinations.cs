using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Pupils;
using NodaTime;
using static CareersCompliance.Domain.Pupils.PupilEvent;

namespace CareersCompliance.Domain.Rules;

/// <summary>
/// Destinations (statutory-rules.md section 8): leaver cohorts and their shares (DST-01, DST-02, decision 0053), September
/// Guarantee offers (DST-05) and early leavers notified to the local authority (DST-03, decision 0054).
/// Slice: eventmodel/slices/destinations.json
/// </summary>
internal sealed partial class SchoolEvaluation
{
    /// <summary>Leaver cohorts shown: the as-of year's leavers so far and the three years before it (DST-01: kept three years).</summary>
    private const int CohortYearsBack = 3;

    private DestinationsResult Destinations() => new(LeaverCohorts(), GuaranteeRounds(), EarlyLeavers());

    private List<LeaverCohort> LeaverCohorts()
    {
        var byYear = new Dictionary<AcademicYear, List<LeaverDestination>>();
        foreach (var p in _pupils.Values)
        {
            if (LastDayOnRoll(p) is { } left && left <= _asOf && AcademicYear.Containing(left) >= _year.Plus(-CohortYearsBack))
            {
                var year = AcademicYear.Containing(left);
                (byYear.TryGetValue(year, out var list) ? list : byYear[year] = []).Add(Leaver(p, left));
            }
        }

        return [.. Enumerable.Range(0, CohortYearsBack + 1).Select(back =>
        {
            var year = _year.Plus(-back);
            var next = year.Plus(1);
            var windowStart = new LocalDate(next.StartYear, 10, 1);
            var windowEnd = new LocalDate(next.StartYear + 1, 3, 31);
            var leavers = byYear.TryGetValue(year, out var list) ? list : [];
            leavers.Sort((a, b) => a.LeftOn != b.LeftOn ? a.LeftOn.CompareTo(b.LeftOn) : a.PupilId.Value.CompareTo(b.PupilId.Value));
            return new LeaverCohort(year, windowStart, windowEnd, _asOf > windowEnd, leavers);
        })];
    }

    /// <summary>
    /// The pupil's last day on roll at this school, when they have left by the rules of decision 0004: the recorded leaving date,
    /// else the end of the academic year in which they were in the school's highest year. Null while still on roll.
    /// </summary>
    private LocalDate? LastDayOnRoll(PupilModel p)
    {
        var i = p.Enrolments.FindLastIndex(e => e.SchoolUrn == School.Urn && e.AdmissionDate <= _asOf);
        if (i < 0)
        {
            return null;
        }

        var enrolment = p.Enrolments[i];
        if (enrolment.LeavingDate is { } leaving)
        {
            return leaving;
        }

        var top = School.HighestYearOn(_asOf);
        return p.Timeline.LastYearIn(top) is { } year && year.LastDay() >= enrolment.AdmissionDate ? year.LastDay() : null;
    }

    private LeaverDestination Leaver(PupilModel p, LocalDate left)
    {
        var intended = p.Destinations.Where(d => d.Stage == DestinationStage.Intended && d.RecordedOn <= left && d.RecordedOn <= _asOf)
            .OrderBy(d => d.RecordedOn).LastOrDefault();
        var actuals = p.Destinations.Where(d => d.Stage == DestinationStage.Actual && d.RecordedOn <= _asOf).OrderBy(d => d.RecordedOn).ToList();
        var latest = actuals.Count > 0 ? actuals[^1] : null;
        var (sustained, code) = SustainedOf(actuals, AcademicYear.Containing(left).Plus(1));
        return new LeaverDestination(p.Id, left, p.Timeline.GroupOn(left), intended?.Destination, latest?.Destination, latest?.RecordedOn,
            OutcomeOf(latest?.Destination), sustained, code);
    }

    /// <summary>
    /// DST-02 read from dated records (decision 0053): sustained when an education, apprenticeship or employment destination is recorded
    /// in each of the two terms of the window (1 October to 31 December, 1 January to 31 March) and no NEET or unknown one within it.
    /// </summary>
    private (bool? Sustained, string Code) SustainedOf(List<PupilDestinationRecorded> actuals, AcademicYear next)
    {
        var autumn = new DateInterval(new LocalDate(next.StartYear, 10, 1), new LocalDate(next.StartYear, 12, 31));
        var spring = new DateInterval(new LocalDate(next.StartYear + 1, 1, 1), new LocalDate(next.StartYear + 1, 3, 31));
        if (_asOf <= spring.End)
        {
            return (null, "window-open");
        }

        var inWindow = actuals.Where(d => d.RecordedOn >= autumn.Start && d.RecordedOn <= spring.End).ToList();
        if (inWindow.Exists(d => !IsEet(d.Destination)))
        {
            return (false, "break-in-window");
        }

        if (!inWindow.Exists(d => autumn.Contains(d.RecordedOn)))
        {
            return (false, "no-autumn-record");
        }

        return inWindow.Exists(d => spring.Contains(d.RecordedOn)) ? (true, "sustained") : (false, "no-spring-record");
    }

    private static bool IsEet(Destination d) => OutcomeOf(d) is DestinationOutcome.Education or DestinationOutcome.Apprenticeship or DestinationOutcome.Employment;

    private static DestinationOutcome OutcomeOf(Destination? d) => d switch
    {
        Destination.SixthForm or Destination.Fe or Destination.He => DestinationOutcome.Education,
        Destination.Apprenticeship => DestinationOutcome.Apprenticeship,
        Destination.Employment or Destination.EmploymentWithTraining => DestinationOutcome.Employment,
        Destination.Neet => DestinationOutcome.Neet,
        _ => DestinationOutcome.Unknown,
    };

    /// <summary>The round whose deadline fell in the as-of year (30 September) and the as-of year's own round.</summary>
    private List<GuaranteeRound> GuaranteeRounds() => [GuaranteeRound(_year.Plus(-1)), GuaranteeRound(_year)];

    private GuaranteeRound GuaranteeRound(AcademicYear cohort)
    {
        var deadline = new LocalDate(cohort.StartYear + 1, 9, 30);
        var daysLeft = PalPhases.DaysBetween(_asOf, deadline);
        var springStart = new LocalDate(cohort.StartYear + 1, 1, 1);
        var pupils = new List<GuaranteePupil>();
        foreach (var p in _pupils.Values)
        {
            // Why from 1 January: a pupil gone in the autumn term is the next school's, or the local authority's, to offer (decisions/0054).
            var onRoll = p.Enrolments.Exists(e => e.SchoolUrn == School.Urn && e.AdmissionDate <= _asOf && e.AdmissionDate <= cohort.LastDay()
                && (e.LeavingDate is not { } left || left >= springStart));
            if (!onRoll || p.Timeline.GroupIn(cohort) is not ({ } g and (11 or 12)) || g > School.HighestYearOn(cohort.FirstDay()))
            {
                continue;
            }

            var offer = p.GuaranteeOffers.Where(o => o.OfferedOn >= cohort.FirstDay() && o.OfferedOn <= deadline && o.OfferedOn <= _asOf)
                .OrderBy(o => o.OfferedOn).FirstOrDefault();
            var status = offer is not null ? CheckStatus.Met
                : daysLeft < 0 ? CheckStatus.NotMet
                : daysLeft <= _s.AlertHorizonDays ? CheckStatus.AtRisk
                : CheckStatus.Due;
            pupils.Add(new GuaranteePupil(p.Id, g, status, offer?.Offer, offer?.OfferedOn));
        }

        pupils.Sort((a, b) => a.YearGroup != b.YearGroup ? a.YearGroup.CompareTo(b.YearGroup) : a.PupilId.Value.CompareTo(b.PupilId.Value));
        var (roundStatus, code) = pupils switch
        {
            [] => (CheckStatus.NotApplicable, "no-year-11-or-12-pupils"),
            _ when pupils.TrueForAll(x => x.Status == CheckStatus.Met) => (CheckStatus.Met, "all-offered"),
            _ when pupils.Exists(x => x.Status == CheckStatus.NotMet) => (CheckStatus.NotMet, "offers-missing"),
            _ when pupils.Exists(x => x.Status == CheckStatus.AtRisk) => (CheckStatus.AtRisk, "offers-due-soon"),
            _ => (CheckStatus.Due, "offers-due"),
        };
        return new GuaranteeRound(cohort, deadline, daysLeft, roundStatus, code, pupils);
    }

    private List<EarlyLeaverResult> EarlyLeavers()
    {
        var from = _year.Plus(-CohortYearsBack).FirstDay();
        var results = new List<EarlyLeaverResult>();
        foreach (var p in _pupils.Values)
        {
            var leavings = p.EarlyLeavingFacts.OfType<EarlyLeavingRecorded>()
                .Where(x => x.SchoolUrn == School.Urn && x.LeftOn <= _asOf && x.LeftOn >= from).Select(x => x.LeftOn).Distinct().Order().ToList();
            var notices = p.EarlyLeavingFacts.OfType<EarlyLeavingNotified>()
                .Where(x => x.SchoolUrn == School.Urn && x.NotifiedOn <= _asOf).Select(x => x.NotifiedOn).Order().ToList();
            for (var i = 0; i < leavings.Count; i++)
            {
                var left = leavings[i];
                // A notice belongs to the latest leaving on or before it (a pupil may rejoin and leave again).
                var nextLeaving = i + 1 < leavings.Count ? leavings[i + 1] : (LocalDate?)null;
                var notified = notices.Where(n => n >= left && (nextLeaving is null || n < nextLeaving)).Cast<LocalDate?>().FirstOrDefault();
                var by = left.PlusDays(_s.EarlyLeaverNoticeDays);
                var (status, code) = notified switch
                {
                    { } on when on <= by => (CheckStatus.Met, "notified-in-time"),
                    { } => (CheckStatus.NotMet, "notified-late"),
                    null when _asOf > by => (CheckStatus.NotMet, "not-notified"),
                    _ => (CheckStatus.Due, "awaiting-notice"),
                };
                results.Add(new EarlyLeaverResult(p.Id, left, p.Timeline.GroupOn(left), _s.EarlyLeaverNoticeDays, by, notified, status, code));
            }
        }

        results.Sort((a, b) => a.LeftOn != b.LeftOn ? a.LeftOn.CompareTo(b.LeftOn) : a.PupilId.Value.CompareTo(b.PupilId.Value));
        return results;
    }
}
