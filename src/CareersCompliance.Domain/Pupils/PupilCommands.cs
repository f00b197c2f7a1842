using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Pupils.PupilEvent;

namespace CareersCompliance.Domain.Pupils;

// Why one file for the pupil's commands: each records one MIS fact unless it is already known;
// the slices are listed in eventmodel/slices/enrol-pupil.json and record-pupil-details.json.

/// <summary>Admits a pupil to a school. Slice: eventmodel/slices/enrol-pupil.json</summary>
public sealed record EnrolPupil(PupilId PupilId, SchoolUrn SchoolUrn, LocalDate AdmissionDate, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, EnrolPupil c)
    {
        if (state is Pupil.Known s)
        {
            if (s.OpenEnrolmentAt(c.SchoolUrn) is { } open)
            {
                return open.AdmissionDate == c.AdmissionDate
                    ? []
                    : [new PupilAdmissionDateCorrected(c.PupilId, c.SchoolUrn, c.AdmissionDate, "admission date changed in the MIS", c.By, c.Now)];
            }

            if (s.LastEnrolmentAt(c.SchoolUrn) is { LeavingDate: { } left } && c.AdmissionDate <= left)
            {
                return c.AdmissionDate == s.LastEnrolmentAt(c.SchoolUrn)!.AdmissionDate
                    ? []
                    : throw new DomainRuleViolation("admission-before-previous-leaving", $"The pupil left this school on {left}.");
            }
        }

        return [new PupilEnrolled(c.PupilId, c.SchoolUrn, c.AdmissionDate, c.By, c.Now)];
    }
}

/// <summary>Records that a pupil left a school. Slice: eventmodel/slices/enrol-pupil.json</summary>
public sealed record RecordPupilLeaving(PupilId PupilId, SchoolUrn SchoolUrn, LocalDate LeavingDate, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordPupilLeaving c)
    {
        var s = Pupil.Require(state);
        var last = s.LastEnrolmentAt(c.SchoolUrn)
            ?? throw new DomainRuleViolation("pupil-not-enrolled", $"The pupil was never on roll at {c.SchoolUrn}.");
        if (last.LeavingDate == c.LeavingDate)
        {
            return [];
        }

        if (c.LeavingDate < last.AdmissionDate)
        {
            throw new DomainRuleViolation("leaving-before-admission", $"The pupil was admitted on {last.AdmissionDate}.");
        }

        return [new PupilLeft(c.PupilId, c.SchoolUrn, c.LeavingDate, c.By, c.Now)];
    }
}

/// <summary>Records a pupil's year group for an academic year. Slice: eventmodel/slices/record-pupil-details.json</summary>
public sealed record RecordYearGroup(
    PupilId PupilId, AcademicYear AcademicYear, int YearGroup, YearGroupSource Source, int? DerivedYearGroup, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordYearGroup c)
    {
        if (c.YearGroup is < 1 or > 14)
        {
            throw new DomainRuleViolation("invalid-year-group", $"Year {c.YearGroup} is outside 1-14.");
        }

        return state is Pupil.Known s && s.YearGroups.TryGetValue(c.AcademicYear, out var known) && known == c.YearGroup
            ? []
            : [new PupilYearGroupRecorded(c.PupilId, c.AcademicYear, c.YearGroup, c.Source, c.DerivedYearGroup, c.By, c.Now)];
    }
}

/// <summary>Records SEN status. Slice: eventmodel/slices/record-pupil-details.json</summary>
public sealed record RecordSenStatus(PupilId PupilId, SenStatus Status, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordSenStatus c) =>
        state is Pupil.Known s && s.Sen == c.Status
            ? []
            : [new PupilSenStatusRecorded(c.PupilId, c.Status, c.EffectiveFrom, c.By, c.Now)];
}

/// <summary>Records whether the pupil is looked after. Slice: eventmodel/slices/record-pupil-details.json</summary>
public sealed record RecordLookedAfterStatus(PupilId PupilId, bool LookedAfter, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordLookedAfterStatus c) =>
        state is Pupil.Known s && s.LookedAfter == c.LookedAfter
            ? []
            : [new PupilLookedAfterStatusRecorded(c.PupilId, c.LookedAfter, c.EffectiveFrom, c.By, c.Now)];
}

/// <summary>Records whether the pupil is disadvantaged (pupil premium). Slice: eventmodel/slices/record-pupil-details.json</summary>
public sealed record RecordDisadvantagedStatus(PupilId PupilId, bool Disadvantaged, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordDisadvantagedStatus c) =>
        (state is Pupil.Known s ? s.Disadvantaged : false) == c.Disadvantaged
            ? []
            : [new PupilDisadvantagedStatusRecorded(c.PupilId, c.Disadvantaged, c.EffectiveFrom, c.By, c.Now)];
}

/// <summary>Records whether the pupil is considering higher education. Slice: eventmodel/slices/record-pupil-details.json</summary>
public sealed record RecordConsideringHigherEducation(PupilId PupilId, bool ConsideringHigherEducation, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordConsideringHigherEducation c) =>
        state is Pupil.Known s && s.ConsideringHigherEducation == c.ConsideringHigherEducation
            ? []
            : [new PupilConsideringHigherEducationRecorded(c.PupilId, c.ConsideringHigherEducation, c.EffectiveFrom, c.By, c.Now)];
}

/// <summary>Records or withdraws the ESA 2008 s14 objection. Slice: eventmodel/slices/record-pupil-details.json</summary>
public sealed record RecordSharingObjection(PupilId PupilId, bool Objects, LocalDate On, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordSharingObjection c)
    {
        var current = state is Pupil.Known { SharingObjection: true };
        return (current, c.Objects) switch
        {
            (false, true) => [new PupilSharingObjectionRecorded(c.PupilId, c.On, c.By, c.Now)],
            (true, false) => [new PupilSharingObjectionWithdrawn(c.PupilId, c.On, c.By, c.Now)],
            _ => [],
        };
    }
}

/// <summary>Records an intended or actual destination. Slice: eventmodel/slices/record-pupil-details.json</summary>
public sealed record RecordDestination(
    PupilId PupilId, DestinationStage Stage, Destination Destination, LocalDate RecordedOn, string? ProviderName, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordDestination c) =>
        state is Pupil.Known s && s.Destinations.Contains((c.Stage, c.Destination, c.RecordedOn))
            ? []
            : [new PupilDestinationRecorded(c.PupilId, c.Stage, c.Destination, c.RecordedOn, c.ProviderName, c.By, c.Now)];
}
