using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Application.Demo;

/// <summary>
/// September Guarantee offers and early leavers from the sixth form for the demo schools (eventmodel/decisions/0054), recorded
/// through the command handler as a careers leader would. The pupils come from the school report's rounds and roll, so the dates
/// fall in each pupil's own Year 11 or 12. Most pupils have an offer by May; at schools with gaps about one in eight has none,
/// and about half of their early leavers are not notified to the local authority.
/// </summary>
public static class DemoDestinations
{
    private static readonly GuaranteeOffer[] Offers =
        [GuaranteeOffer.FullTimeEducation, GuaranteeOffer.FullTimeEducation, GuaranteeOffer.Apprenticeship, GuaranteeOffer.EmploymentWithTraining];

    public static async Task<int> RecordAsync(
        DemoSummary summary, StandingReports reports, PupilRegister register, StreamCommandHandler handler, Instant now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(handler);
        var by = new ActorId("demo-seed");
        var appended = 0;
        foreach (var school in summary.Schools)
        {
            var urn = new SchoolUrn(school.Urn);
            var context = new CommandContext(new EventActor("demo-seed", "careers-leader"), new EventSource(SourceKind.System),
                new TenantRef(school.TrustId, school.Urn), Guid.CreateVersion7());
            var report = await reports.SchoolAsync(urn, new ReportQuery(summary.Today, null, RuleSettings.Default), ct);
            var upns = await register.GetAsync(DestinationsRendering.Pupils(report).Concat(report.Pupils.Select(p => p.PupilId)).Distinct().ToList(), ct);
            // Why from the UPN: the same seed gives the same figures (pupil ids are random by design).
            int Roll(PupilId id) => upns.TryGetValue(id, out var d) && d.Upn is { } upn ? upn.Sum(c => c * 31) % 100 : 0;
            foreach (var (pupil, decide) in Decisions(report, Roll, school.HasGaps, summary.Today, by, now))
            {
                appended += (await handler.HandleAsync(Streams.Pupil, Streams.PupilId(pupil), decide, context, ct)).Appended;
            }
        }

        return appended;
    }

    private static IEnumerable<(PupilId, Func<Pupil, PupilEvent[]>)> Decisions(
        SchoolReport report, Func<PupilId, int> roll, bool hasGaps, LocalDate today, ActorId by, Instant now)
    {
        foreach (var round in report.Destinations.Guarantee)
        {
            foreach (var p in round.Pupils)
            {
                var r = roll(p.PupilId);
                var on = new LocalDate(round.CohortYear.StartYear + 1, 3, 1).PlusDays(r);
                if (on <= today && r >= (hasGaps ? 12 : 2))
                {
                    var offer = Offers[r % Offers.Length];
                    yield return (p.PupilId, s => RecordSeptemberGuaranteeOffer.Decide(s, new RecordSeptemberGuaranteeOffer(p.PupilId, offer, on, by, now)));
                }
            }
        }

        var yearStart = Domain.Calendar.AcademicYear.Containing(today).FirstDay();
        foreach (var p in report.Pupils.Where(p => p.OnRoll && p.YearGroup is 12 or 13 && roll(p.PupilId) % 25 == 7))
        {
            var r = roll(p.PupilId);
            var left = today.PlusDays(-(8 + (r % 30)));
            if (left < yearStart.PlusDays(20))
            {
                continue;
            }

            yield return (p.PupilId, s => RecordEarlyLeaving.Decide(s, new RecordEarlyLeaving(p.PupilId, report.Urn, left, by, now)));
            if (!hasGaps || r % 2 == 0)
            {
                var notified = left.PlusDays(1 + (r % 3));
                yield return (p.PupilId, s => RecordEarlyLeavingNotice.Decide(s, new RecordEarlyLeavingNotice(p.PupilId, report.Urn, notified, by, now)));
            }
        }
    }
}
