using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Application.Demo;

/// <summary>
/// EHC plan reviews and post-16 namings for the demo pupils with an EHC plan (eventmodel/decisions/0046), recorded through the
/// command handler as a SENCO would, and PAL flexibility for the special schools (0047). The pupils come from the school
/// report, so the dates fall in each pupil's own Year 9 and Year 11. Most are on time; at schools with gaps about one in five
/// Year 9 reviews leaves preparing for adulthood out and about one in four placements is named in April, after the deadline.
/// </summary>
public static class DemoSendTransitions
{
    public static async Task<int> RecordAsync(
        DemoSummary summary, StandingReports reports, PupilRegister register, StreamCommandHandler handler, Instant now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(handler);
        var by = new ActorId("demo-seed");
        var today = summary.Today;
        var appended = 0;
        foreach (var school in summary.Schools)
        {
            var urn = new SchoolUrn(school.Urn);
            var context = new CommandContext(new EventActor("demo-seed", "careers-leader"), new EventSource(SourceKind.System),
                new TenantRef(school.TrustId, school.Urn), Guid.CreateVersion7());
            appended += (await handler.HandleAsync(Streams.School, Streams.SchoolId(urn),
                s => s is School.Registered { SchoolType: SchoolType.Special }
                    ? SetPalSendFlexibility.Decide(s, new SetPalSendFlexibility(urn, true, new LocalDate(today.Year - 2, 9, 1), by, now))
                    : [], context, ct)).Appended;

            var report = await reports.SchoolAsync(urn, new ReportQuery(today, null, RuleSettings.Default), ct);
            var upns = await register.GetAsync([.. report.Pupils.Select(p => p.PupilId)], ct);
            foreach (var pupil in report.Pupils)
            {
                // Why from the UPN: the same seed gives the same figures (pupil ids are random by design).
                var roll = upns.TryGetValue(pupil.PupilId, out var d) && d.Upn is { } upn ? upn.Sum(c => c * 31) % 100 : 0;
                foreach (var decide in Decisions(pupil, roll, school.HasGaps, today, by, now))
                {
                    appended += (await handler.HandleAsync(Streams.Pupil, Streams.PupilId(pupil.PupilId), decide, context, ct)).Appended;
                }
            }
        }

        return appended;
    }

    private static IEnumerable<Func<Pupil, PupilEvent[]>> Decisions(PupilReport pupil, int roll, bool hasGaps, LocalDate today, ActorId by, Instant now)
    {
        var review = pupil.Check(CheckIds.SendYear9Review);
        if (review.WindowStart is { } start && review.Status != CheckStatus.NotApplicable)
        {
            var held = start.PlusDays(60 + roll * 2);
            var adulthood = !hasGaps || roll >= 20;
            if (held <= today && roll % 10 != 9)
            {
                yield return s => RecordEhcpReview.Decide(s, new RecordEhcpReview(pupil.PupilId, held, adulthood, by, now));
            }
        }

        var transfer = pupil.Check(CheckIds.SendPhaseTransfer);
        if (transfer.Deadline is { } deadline && transfer.Status != CheckStatus.NotApplicable)
        {
            var named = hasGaps && roll < 25 ? deadline.PlusDays(3 + roll) : deadline.PlusDays(-10 - roll);
            if (named <= today && roll % 10 != 8)
            {
                yield return s => RecordPhaseTransfer.Decide(s, new RecordPhaseTransfer(pupil.PupilId, named, by, now));
            }
        }
    }
}
