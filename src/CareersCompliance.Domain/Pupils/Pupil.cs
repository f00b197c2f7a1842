using System.Collections.Immutable;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Pupils.PupilEvent;

namespace CareersCompliance.Domain.Pupils;

/// <summary>One stay at one school: admitted on <see cref="AdmissionDate"/>, on roll through <see cref="LeavingDate"/> when set.</summary>
public sealed record Enrolment(SchoolUrn SchoolUrn, LocalDate AdmissionDate, LocalDate? LeavingDate);

/// <summary>Decision state of a pupil stream.</summary>
public abstract record Pupil
{
    private Pupil() { }

    public sealed record Unknown : Pupil;

    public sealed record Known(
        PupilId Id,
        ImmutableList<Enrolment> Enrolments,
        ImmutableDictionary<AcademicYear, int> YearGroups,
        SenStatus Sen,
        bool LookedAfter,
        bool ConsideringHigherEducation,
        bool SharingObjection,
        ImmutableHashSet<(DestinationStage, Destination, LocalDate)> Destinations) : Pupil
    {
        /// <summary>Eligible for the pupil premium (GB3, eventmodel/decisions/0043).</summary>
        public bool Disadvantaged { get; init; }

        /// <summary>EHC plan reviews and phase-transfer namings recorded, by kind and date, so a repeat records nothing (decisions/0046).</summary>
        public ImmutableHashSet<string> SendTransitions { get; init; } = ImmutableHashSet<string>.Empty;

        /// <summary>September Guarantee offers, early leavings and their notices recorded, by key, so a repeat records nothing (decisions/0054).</summary>
        public ImmutableHashSet<string> DestinationDuties { get; init; } = ImmutableHashSet<string>.Empty;

        /// <summary>Early leavings from a post-16 programme, by school and leaving date (decisions/0054).</summary>
        public ImmutableList<(SchoolUrn School, LocalDate LeftOn)> EarlyLeavings { get; init; } = [];

        public Enrolment? OpenEnrolmentAt(SchoolUrn urn) => Enrolments.FindLast(e => e.SchoolUrn == urn && e.LeavingDate is null);

        public Enrolment? LastEnrolmentAt(SchoolUrn urn) => Enrolments.FindLast(e => e.SchoolUrn == urn);
    }

    public static Pupil Initial { get; } = new Unknown();

    public static Pupil Evolve(Pupil state, PupilEvent @event)
    {
        var s = state as Known ?? new Known(
            PupilIdOf(@event), [], ImmutableDictionary<AcademicYear, int>.Empty, SenStatus.None, false, false, false, []);
        return @event switch
        {
            PupilEnrolled e => s with { Enrolments = s.Enrolments.Add(new Enrolment(e.SchoolUrn, e.AdmissionDate, null)) },
            PupilAdmissionDateCorrected e when s.LastEnrolmentAt(e.SchoolUrn) is { } last =>
                s with { Enrolments = s.Enrolments.Replace(last, last with { AdmissionDate = e.AdmissionDate }) },
            PupilLeft e when s.LastEnrolmentAt(e.SchoolUrn) is { } last =>
                s with { Enrolments = s.Enrolments.Replace(last, last with { LeavingDate = e.LeavingDate }) },
            PupilYearGroupRecorded e => s with { YearGroups = s.YearGroups.SetItem(e.AcademicYear, e.YearGroup) },
            PupilSenStatusRecorded e => s with { Sen = e.Status },
            PupilLookedAfterStatusRecorded e => s with { LookedAfter = e.LookedAfter },
            PupilDisadvantagedStatusRecorded e => s with { Disadvantaged = e.Disadvantaged },
            PupilConsideringHigherEducationRecorded e => s with { ConsideringHigherEducation = e.ConsideringHigherEducation },
            PupilSharingObjectionRecorded => s with { SharingObjection = true },
            PupilSharingObjectionWithdrawn => s with { SharingObjection = false },
            PupilDestinationRecorded e => s with { Destinations = s.Destinations.Add((e.Stage, e.Destination, e.RecordedOn)) },
            EhcpReviewHeld e => s with { SendTransitions = s.SendTransitions.Add(SendTransitionKey.Review(e.HeldOn, e.PreparingForAdulthood)) },
            PhaseTransferNamed e => s with { SendTransitions = s.SendTransitions.Add(SendTransitionKey.Transfer(e.NamedOn)) },
            SeptemberGuaranteeOfferRecorded e => s with { DestinationDuties = s.DestinationDuties.Add(DestinationDutyKey.Offer(e.Offer, e.OfferedOn)) },
            EarlyLeavingRecorded e => s with
            {
                DestinationDuties = s.DestinationDuties.Add(DestinationDutyKey.Left(e.SchoolUrn, e.LeftOn)),
                EarlyLeavings = s.EarlyLeavings.Add((e.SchoolUrn, e.LeftOn)),
            },
            EarlyLeavingNotified e => s with { DestinationDuties = s.DestinationDuties.Add(DestinationDutyKey.Notified(e.SchoolUrn, e.NotifiedOn)) },
            _ => state,
        };
    }

    internal static PupilId PupilIdOf(PupilEvent e) => e switch
    {
        PupilEnrolled x => x.PupilId,
        PupilAdmissionDateCorrected x => x.PupilId,
        PupilLeft x => x.PupilId,
        PupilYearGroupRecorded x => x.PupilId,
        PupilSenStatusRecorded x => x.PupilId,
        PupilLookedAfterStatusRecorded x => x.PupilId,
        PupilDisadvantagedStatusRecorded x => x.PupilId,
        PupilConsideringHigherEducationRecorded x => x.PupilId,
        PupilSharingObjectionRecorded x => x.PupilId,
        PupilSharingObjectionWithdrawn x => x.PupilId,
        PupilDestinationRecorded x => x.PupilId,
        EhcpReviewHeld x => x.PupilId,
        PhaseTransferNamed x => x.PupilId,
        SeptemberGuaranteeOfferRecorded x => x.PupilId,
        EarlyLeavingRecorded x => x.PupilId,
        EarlyLeavingNotified x => x.PupilId,
        _ => default,
    };

    internal static Known Require(Pupil state) => state as Known
        ?? throw new DomainRuleViolation("pupil-not-found", "Nothing is recorded for this pupil yet.");
}
