using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Pupils;

/// <summary>Where a pupil's year group came from.</summary>
public enum YearGroupSource
{
    /// <summary>The MIS gave the National Curriculum year for that academic year.</summary>
    RecordedByMis,

    /// <summary>No year was given; it was derived from the date of birth.</summary>
    DerivedFromBirthDate,
}

/// <summary>Special educational needs status: none, SEN support (K) or an EHC plan (E).</summary>
public enum SenStatus
{
    None,
    SenSupport,
    EhcPlan,
}

/// <summary>Whether a destination is what the pupil intends or what actually happened.</summary>
public enum DestinationStage
{
    Intended,
    Actual,
}

/// <summary>Destinations as the destinations import names them.</summary>
public enum Destination
{
    SixthForm,
    Fe,
    Apprenticeship,
    EmploymentWithTraining,
    Employment,
    He,
    Neet,
    Unknown,
}

/// <summary>An offer of education, employment or training under the September Guarantee (statutory-rules.md DST-05).</summary>
public enum GuaranteeOffer
{
    FullTimeEducation,
    Apprenticeship,
    Traineeship,
    EmploymentWithTraining,
}

/// <summary>
/// Facts about one pupil. No name, UPN or date of birth appears here: they live in the erasable register
/// keyed by <see cref="PupilId"/> (eventmodel/decisions/0026). Stream: <c>pupil-{PupilId}</c>.
/// </summary>
public abstract record PupilEvent
{
    private PupilEvent() { }

    /// <summary>A pupil was admitted to a school on the admission date.</summary>
    public sealed record PupilEnrolled(
        PupilId PupilId, SchoolUrn SchoolUrn, LocalDate AdmissionDate, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>A pupil's admission date at a school was corrected.</summary>
    public sealed record PupilAdmissionDateCorrected(
        PupilId PupilId, SchoolUrn SchoolUrn, LocalDate AdmissionDate, string Reason, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>A pupil left a school; the leaving date is the last day on roll.</summary>
    public sealed record PupilLeft(
        PupilId PupilId, SchoolUrn SchoolUrn, LocalDate LeavingDate, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>A pupil's National Curriculum year for an academic year was recorded, with the year derived from the date of birth.</summary>
    public sealed record PupilYearGroupRecorded(
        PupilId PupilId, AcademicYear AcademicYear, int YearGroup, YearGroupSource Source, int? DerivedYearGroup,
        ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>A pupil's special educational needs status from a date.</summary>
    public sealed record PupilSenStatusRecorded(
        PupilId PupilId, SenStatus Status, LocalDate EffectiveFrom, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>Whether a pupil is looked after, from a date.</summary>
    public sealed record PupilLookedAfterStatusRecorded(
        PupilId PupilId, bool LookedAfter, LocalDate EffectiveFrom, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>Whether a pupil is disadvantaged (eligible for the pupil premium), from a date.</summary>
    public sealed record PupilDisadvantagedStatusRecorded(
        PupilId PupilId, bool Disadvantaged, LocalDate EffectiveFrom, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>Whether a pupil is considering higher education, from a date.</summary>
    public sealed record PupilConsideringHigherEducationRecorded(
        PupilId PupilId, bool ConsideringHigherEducation, LocalDate EffectiveFrom, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>The pupil or parent objected to sharing information with the local authority (ESA 2008 s14).</summary>
    public sealed record PupilSharingObjectionRecorded(
        PupilId PupilId, LocalDate ObjectedOn, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>The objection to sharing information with the local authority was withdrawn.</summary>
    public sealed record PupilSharingObjectionWithdrawn(
        PupilId PupilId, LocalDate WithdrawnOn, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>An intended or actual destination of a pupil was recorded.</summary>
    public sealed record PupilDestinationRecorded(
        PupilId PupilId, DestinationStage Stage, Destination Destination, LocalDate RecordedOn, string? ProviderName,
        ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>An annual review of a pupil's EHC plan was held on a date, and whether it covered preparing for adulthood.</summary>
    public sealed record EhcpReviewHeld(
        PupilId PupilId, LocalDate HeldOn, bool PreparingForAdulthood, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>A pupil's EHC plan was amended to name the post-16 placement, on a date.</summary>
    public sealed record PhaseTransferNamed(
        PupilId PupilId, LocalDate NamedOn, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>A September Guarantee offer of education, employment or training was made to a pupil on a date.</summary>
    public sealed record SeptemberGuaranteeOfferRecorded(
        PupilId PupilId, GuaranteeOffer Offer, LocalDate OfferedOn, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>A pupil aged 16 or 17 left a school's post-16 programme before completing it, on a date.</summary>
    public sealed record EarlyLeavingRecorded(
        PupilId PupilId, SchoolUrn SchoolUrn, LocalDate LeftOn, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;

    /// <summary>The school notified the local authority that a pupil left its post-16 programme early, on a date.</summary>
    public sealed record EarlyLeavingNotified(
        PupilId PupilId, SchoolUrn SchoolUrn, LocalDate NotifiedOn, ActorId RecordedBy, Instant RecordedAt) : PupilEvent;
}
