using System.Globalization;
using System.Text;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.Domain.Schools;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Projections.Audit;

/// <summary>What an event says that the audit trail indexes: the pupil and activity it concerns, what it corrects and why.</summary>
public sealed record AuditFacts(string? SchoolUrn, Guid? PupilId, string? ActivityId, string? Reason, string? Corrects, string? Summary);

/// <summary>Reads <see cref="AuditFacts"/> from domain events. Summaries hold ids, codes and dates, never personal data.</summary>
public static class AuditFactsReader
{
    public static AuditFacts Read(object data) => data switch
    {
        ActivityEvent.ActivityRecorded a => new(a.Details.SchoolUrn.Value, null, a.ActivityId.Value, null, null, Describe(a.Details)),
        ActivityEvent.ActivityDetailsCorrected a => new(a.Details.SchoolUrn.Value, null, a.ActivityId.Value, a.Reason,
            $"activity {a.ActivityId}", Describe(a.Details)),
        ActivityEvent.ActivityRetracted a => new(null, null, a.ActivityId.Value, a.Reason, $"activity {a.ActivityId}", "activity retracted"),
        ActivityEvent.AttendanceRecorded a => new(null, a.PupilId.Value, a.ActivityId.Value, null, null,
            a.Attended ? $"attended {a.ActivityId}" : $"absent from {a.ActivityId}"),
        ActivityEvent.AttendanceCorrected a => new(null, a.PupilId.Value, a.ActivityId.Value, a.Reason, $"attendance at {a.ActivityId}",
            a.Attended ? $"attendance corrected to attended" : "attendance corrected to absent"),
        ActivityEvent.AttendanceWithdrawn a => new(null, a.PupilId.Value, a.ActivityId.Value, a.Reason, $"attendance at {a.ActivityId}",
            "attendance withdrawn"),
        PupilEvent.PupilEnrolled p => new(p.SchoolUrn.Value, p.PupilId.Value, null, null, null, $"enrolled at {p.SchoolUrn} from {Date(p.AdmissionDate)}"),
        PupilEvent.PupilAdmissionDateCorrected p => new(p.SchoolUrn.Value, p.PupilId.Value, null, p.Reason, $"admission date at {p.SchoolUrn}",
            $"admission date corrected to {Date(p.AdmissionDate)}"),
        PupilEvent.PupilLeft p => new(p.SchoolUrn.Value, p.PupilId.Value, null, null, null, $"left {p.SchoolUrn} on {Date(p.LeavingDate)}"),
        PupilEvent.PupilYearGroupRecorded p => Pupil(p.PupilId,
            string.Create(CultureInfo.InvariantCulture, $"year {p.YearGroup} in {p.AcademicYear} ({Words.Snake(p.Source)})")),
        PupilEvent.PupilSenStatusRecorded p => Pupil(p.PupilId, $"SEN {Words.Snake(p.Status)} from {Date(p.EffectiveFrom)}"),
        PupilEvent.PupilLookedAfterStatusRecorded p => Pupil(p.PupilId, $"looked after {Words.Bool(p.LookedAfter)} from {Date(p.EffectiveFrom)}"),
        PupilEvent.PupilDisadvantagedStatusRecorded p => Pupil(p.PupilId, $"disadvantaged {Words.Bool(p.Disadvantaged)} from {Date(p.EffectiveFrom)}"),
        PupilEvent.PupilConsideringHigherEducationRecorded p => Pupil(p.PupilId,
            $"considering HE {Words.Bool(p.ConsideringHigherEducation)} from {Date(p.EffectiveFrom)}"),
        PupilEvent.PupilSharingObjectionRecorded p => Pupil(p.PupilId, $"sharing objection from {Date(p.ObjectedOn)}"),
        PupilEvent.PupilSharingObjectionWithdrawn p => Pupil(p.PupilId, $"sharing objection withdrawn on {Date(p.WithdrawnOn)}"),
        PupilEvent.PupilDestinationRecorded p => Pupil(p.PupilId,
            $"{Words.Snake(p.Stage)} destination {Words.Snake(p.Destination)} recorded on {Date(p.RecordedOn)}"),
        PupilEvent.EhcpReviewHeld p => Pupil(p.PupilId,
            $"EHC plan annual review on {Date(p.HeldOn)}, preparing for adulthood {Words.Bool(p.PreparingForAdulthood)}"),
        PupilEvent.PhaseTransferNamed p => Pupil(p.PupilId, $"EHC plan names the post-16 placement on {Date(p.NamedOn)}"),
        PupilEvent.SeptemberGuaranteeOfferRecorded p => Pupil(p.PupilId, $"September Guarantee offer ({Words.Snake(p.Offer)}) on {Date(p.OfferedOn)}"),
        PupilEvent.EarlyLeavingRecorded p => new(p.SchoolUrn.Value, p.PupilId.Value, null, null, null,
            $"left the post-16 programme at {p.SchoolUrn} early on {Date(p.LeftOn)}"),
        PupilEvent.EarlyLeavingNotified p => new(p.SchoolUrn.Value, p.PupilId.Value, null, null, null,
            $"local authority notified of the early leaving on {Date(p.NotifiedOn)}"),
        ReferralEvent.ReferralRaised r => new(r.SchoolUrn.Value, r.PupilId.Value, null, null, null, $"referral raised on {Date(r.RaisedOn)}"),
        ReferralEvent.ReferralCompleted r => new(null, null, r.GuidanceActivityId?.Value, null, null, $"referral completed on {Date(r.CompletedOn)}"),
        SchoolEvent.SchoolJoinedTrust s => new(s.Urn.Value, null, null, null, null, $"joined trust {s.TrustId} on {Date(s.JoinedOn)}"),
        SchoolEvent.SchoolLeftTrust s => new(s.Urn.Value, null, null, null, null, $"left trust {s.TrustId} on {Date(s.LeftOn)}"),
        SchoolEvent.CareersProgrammeBackingRecorded s => new(s.Urn.Value, null, null, null, null, $"programme backed by {Words.Snake(s.Backer)} on {Date(s.BackedOn)}"),
        SchoolEvent.CareersProgrammeFeedbackRecorded s => new(s.Urn.Value, null, null, null, null, $"programme feedback from {Words.Snake(s.Source)} on {Date(s.GatheredOn)}"),
        SchoolEvent.ParentEngagementRecorded s => new(s.Urn.Value, null, null, null, null, $"parent engagement {Words.Snake(s.Kind)} on {Date(s.EngagedOn)}"),
        SchoolEvent.PalSendFlexibilitySet s => new(s.Urn.Value, null, null, null, null,
            $"PAL flexibility {(s.Flexible ? "on" : "off")} from {Date(s.EffectiveFrom)}"),
        PrivacyEvent.PupilErased p => new(null, p.PupilId.Value, null, Words.Snake(p.Reason), "personal details", $"personal details erased ({p.LegalBasis})"),
        PrivacyEvent.PupilDetailsRectified p => new(null, p.PupilId.Value, null, null, "personal details",
            "rectified " + string.Join(", ", p.Fields.Select(Words.Snake))),
        PrivacyEvent.EventTextRedacted p => new(null, p.PupilId?.Value, null, Words.Snake(p.Reason), $"event {p.EventId}",
            "redacted " + string.Join(", ", p.Fields)),
        PrivacyEvent.LocalAuthorityExportRecorded p => new(p.SchoolUrn.Value, null, null, null, null, string.Create(CultureInfo.InvariantCulture,
            $"local authority export as of {Date(p.AsOf)}: {p.Pupils} pupils, {p.PupilsWithObjection} with a sharing objection, sha256 {p.FileSha256}")),
        _ => new(null, null, null, null, null, null),
    };

    public static string Describe(ActivityDetails d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Words.Snake(d.Kind)} on {Date(d.Date)}");
        if (d.Title.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $": {d.Title}");
        }

        return text.ToString();
    }

    private static AuditFacts Pupil(PupilId id, string summary) => new(null, id.Value, null, null, null, summary);

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);
}

/// <summary>How codes appear in read models: the contract's snake_case words.</summary>
public static class Words
{
    public static string Snake<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    public static string Bool(bool value) => value ? "yes" : "no";
}
