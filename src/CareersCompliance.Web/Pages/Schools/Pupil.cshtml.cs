using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages.Schools;

/// <summary>One pupil's standing: each check with status, reason and the evidence that counts. Every view is logged.</summary>
public sealed class PupilModel(Standings standings, CareersRuntime runtime, AccessLog log) : CareersPageModel
{
    public SchoolEntry School { get; private set; } = null!;

    public PupilReport Report { get; private set; } = null!;

    public string Label { get; private set; } = "";

    public PupilDetails? Details { get; private set; }

    public bool ShowNames { get; private set; }

    /// <summary>The evidence activities' details as known at the report's known-at instant (latest correction wins).</summary>
    public IReadOnlyDictionary<ActivityId, ActivityDetails> Activities { get; private set; } = new Dictionary<ActivityId, ActivityDetails>();

    public async Task<IActionResult> OnGetAsync(string urn, Guid pupilId, CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanReadSchool(urn))
        {
            return Refuse();
        }

        School = Access.Directory.School(urn)!;
        AsOf = Access.ClampAsOf(urn, ReadAsOf(Directories.Today));
        var evidence = await standings.EvidenceAsync(urn, ct);
        var knownAt = await standings.KnownAtAsync(ct);
        var pupil = new PupilId(pupilId);
        if (ComplianceRules.EvaluatePupil(evidence, pupil, standings.Settings, AsOf, knownAt) is not { } report)
        {
            // Why 403 and not 404: the answer must not reveal whether a pupil id belongs to some other school.
            return Refuse();
        }

        Report = report;
        var details = await runtime.Pupils.GetAsync([pupil], ct);
        Details = details.GetValueOrDefault(pupil);
        Label = Access.PupilLabel(urn, pupil, Details);
        ShowNames = Access.MaySeeNames(urn) && Details is { Erased: false };
        var wanted = report.Checks.SelectMany(c => c.Evidence).ToHashSet();
        var activities = new Dictionary<ActivityId, ActivityDetails>();
        foreach (var e in evidence.ActivityEvents.Where(e => e.RecordedAt <= knownAt))
        {
            switch (e.Event)
            {
                case ActivityEvent.ActivityRecorded r when wanted.Contains(r.ActivityId):
                    activities[r.ActivityId] = r.Details;
                    break;
                case ActivityEvent.ActivityDetailsCorrected c when wanted.Contains(c.ActivityId):
                    activities[c.ActivityId] = c.Details;
                    break;
            }
        }

        Activities = activities;
        await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View,
            "pupil page", urn, School.TrustId, [pupilId], 1, $"as of {LocalDatePattern.Iso.Format(AsOf)}"), ct);
        return Page();
    }
}
