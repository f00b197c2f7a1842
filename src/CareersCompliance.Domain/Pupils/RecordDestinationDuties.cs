using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Pupils.PupilEvent;

namespace CareersCompliance.Domain.Pupils;

/// <summary>Records a September Guarantee offer made to a pupil. Slice: eventmodel/slices/record-destination-duties.json</summary>
public sealed record RecordSeptemberGuaranteeOffer(PupilId PupilId, GuaranteeOffer Offer, LocalDate OfferedOn, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordSeptemberGuaranteeOffer c)
    {
        var s = Pupil.Require(state);
        // Why Years 11 to 13: the guarantee is for Year 11 and Year 12 pupils, and an offer may come in the September they
        // enter Year 12 or 13 (decisions/0054); an offer to a younger pupil is a mistyped pupil or date.
        if (DestinationDutyKey.YearGroupOn(s, c.OfferedOn) is { } year && year is < 11 or > 13)
        {
            throw new DomainRuleViolation("offer-outside-years-11-to-13",
                $"The pupil is in Year {year} on {c.OfferedOn:yyyy-MM-dd}; the September Guarantee is for Year 11 and Year 12 pupils (offers up to the September of Year 12 or 13).");
        }

        return s.DestinationDuties.Contains(DestinationDutyKey.Offer(c.Offer, c.OfferedOn))
            ? []
            : [new SeptemberGuaranteeOfferRecorded(c.PupilId, c.Offer, c.OfferedOn, c.By, c.Now)];
    }
}

/// <summary>Records that a pupil left the school's post-16 programme before completing it. Slice: eventmodel/slices/record-destination-duties.json</summary>
public sealed record RecordEarlyLeaving(PupilId PupilId, SchoolUrn SchoolUrn, LocalDate LeftOn, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordEarlyLeaving c)
    {
        var s = Pupil.Require(state);
        if (s.LastEnrolmentAt(c.SchoolUrn) is not { } enrolment || enrolment.AdmissionDate > c.LeftOn)
        {
            throw new DomainRuleViolation("pupil-not-enrolled", $"The pupil was not on roll at school {c.SchoolUrn} on {c.LeftOn:yyyy-MM-dd}.");
        }

        // Why Years 12 and 13: ESA 2008 s13 is about 16- and 17-year-olds leaving a post-16 programme (decisions/0054).
        if (DestinationDutyKey.YearGroupOn(s, c.LeftOn) is not (12 or 13))
        {
            throw new DomainRuleViolation("not-in-a-post-16-programme",
                $"The pupil is not recorded in Year 12 or 13 on {c.LeftOn:yyyy-MM-dd}; only a leaver from a post-16 programme is notified under ESA 2008 s13.");
        }

        return s.DestinationDuties.Contains(DestinationDutyKey.Left(c.SchoolUrn, c.LeftOn))
            ? []
            : [new EarlyLeavingRecorded(c.PupilId, c.SchoolUrn, c.LeftOn, c.By, c.Now)];
    }
}

/// <summary>Records that the school notified the local authority of a pupil's early leaving. Slice: eventmodel/slices/record-destination-duties.json</summary>
public sealed record RecordEarlyLeavingNotice(PupilId PupilId, SchoolUrn SchoolUrn, LocalDate NotifiedOn, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordEarlyLeavingNotice c)
    {
        var s = Pupil.Require(state);
        var left = s.EarlyLeavings.Where(x => x.School == c.SchoolUrn).Select(x => x.LeftOn).ToList();
        if (left.Count == 0)
        {
            throw new DomainRuleViolation("no-early-leaving-recorded",
                $"No early leaving is recorded for this pupil at school {c.SchoolUrn}; record it first with record early-leaving.");
        }

        if (left.Min() > c.NotifiedOn)
        {
            throw new DomainRuleViolation("notified-before-leaving",
                $"The notice is dated {c.NotifiedOn:yyyy-MM-dd}, before the leaving on {left.Min():yyyy-MM-dd}; give the date the local authority was told.");
        }

        return s.DestinationDuties.Contains(DestinationDutyKey.Notified(c.SchoolUrn, c.NotifiedOn))
            ? []
            : [new EarlyLeavingNotified(c.PupilId, c.SchoolUrn, c.NotifiedOn, c.By, c.Now)];
    }
}

/// <summary>The key of a recorded destination-duty fact, so that recording the same fact twice records it once.</summary>
internal static class DestinationDutyKey
{
    public static string Offer(GuaranteeOffer offer, LocalDate on) => $"offer:{offer}:{on:yyyy-MM-dd}";

    public static string Left(SchoolUrn urn, LocalDate on) => $"left:{urn}:{on:yyyy-MM-dd}";

    public static string Notified(SchoolUrn urn, LocalDate on) => $"notified:{urn}:{on:yyyy-MM-dd}";

    /// <summary>The pupil's year group on the date from the recorded years (decisions/0003), or null when none is recorded.</summary>
    public static int? YearGroupOn(Pupil.Known s, LocalDate date) =>
        new YearGroupTimeline(s.YearGroups.Select(kv => (kv.Key, kv.Value, (int?)null))).GroupOn(date);
}
