using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Schools;

/// <summary>The kinds of school in scope of ss42A and 42B.</summary>
public enum SchoolType
{
    Academy,
    Maintained,
    Special,
    Pru,
    ApAcademy,
}

/// <summary>Who backed the careers programme (GB1, eventmodel/decisions/0041).</summary>
public enum ProgrammeBacker
{
    Governors,
    Headteacher,
    SeniorLeadership,
}

/// <summary>Whose feedback on the careers programme was gathered (GB1, eventmodel/decisions/0041).</summary>
public enum FeedbackSource
{
    Pupils,
    Parents,
    Teachers,
    CareersAdvisers,
    Employers,
}

/// <summary>How the school engaged parents and carers (GB1 2024 and GB2, eventmodel/decisions/0041-0042).</summary>
public enum ParentEngagementKind
{
    /// <summary>The programme sets out how parents and carers will be engaged.</summary>
    EngagementPlan,

    /// <summary>Parents and carers were given access to careers and labour-market information.</summary>
    LmiAccess,
}

/// <summary>How a school answered a provider's request for access (PAL policy statement, eventmodel/decisions/0048).</summary>
public enum AccessAnswer
{
    Accepted,
    OfferedDate,
    Refused,
}

/// <summary>Why a school refused a provider's request for access: the grounds a provider access policy statement gives.</summary>
public enum AccessRefusalReason
{
    /// <summary>No date in the requested phase or time the school could give.</summary>
    NoSuitableDate,

    /// <summary>The pupils' key-phase encounters are already arranged with other providers.</summary>
    EncountersAlreadyArranged,

    /// <summary>The provider does not offer approved technical education qualifications or apprenticeships.</summary>
    NotATechnicalProvider,

    /// <summary>Premises or facilities are not available.</summary>
    PremisesUnavailable,

    /// <summary>A safeguarding requirement was not met.</summary>
    Safeguarding,

    /// <summary>Another ground of the school's policy statement, given in the note.</summary>
    Other,
}

/// <summary>Facts about one school. Stream: <c>school-{URN}</c>.</summary>
public abstract record SchoolEvent
{
    private SchoolEvent() { }

    /// <summary>A school was added to the register with its name, type and the year groups it teaches.</summary>
    public sealed record SchoolRegistered(
        SchoolUrn Urn, string Name, SchoolType SchoolType, int LowestYear, int HighestYear,
        ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>A school's name or type was changed.</summary>
    public sealed record SchoolDetailsChanged(
        SchoolUrn Urn, string Name, SchoolType SchoolType, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>A school joined a trust on the given date.</summary>
    public sealed record SchoolJoinedTrust(
        SchoolUrn Urn, TrustId TrustId, LocalDate JoinedOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>A school left a trust on the given date (its last day as a member).</summary>
    public sealed record SchoolLeftTrust(
        SchoolUrn Urn, TrustId TrustId, LocalDate LeftOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The year groups a school teaches changed from the given date.</summary>
    public sealed record SchoolYearRangeChanged(
        SchoolUrn Urn, int LowestYear, int HighestYear, LocalDate EffectiveFrom, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>A school set its standard school day from the given date.</summary>
    public sealed record StandardSchoolDaySet(
        SchoolUrn Urn, LocalTime Start, LocalTime End, LocalDate EffectiveFrom, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>A school chose the academic year from which it is judged against the 2024 Gatsby benchmarks.</summary>
    public sealed record GatsbyFrameworkAdoptionSet(
        SchoolUrn Urn, AcademicYear Framework2024From, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>A careers leader was appointed, trained or not yet trained.</summary>
    public sealed record CareersLeaderAppointed(
        SchoolUrn Urn, StaffId LeaderId, bool Trained, LocalDate AppointedOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The careers leader completed careers leader training.</summary>
    public sealed record CareersLeaderTrainingRecorded(
        SchoolUrn Urn, StaffId LeaderId, LocalDate TrainedOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The school published its careers programme information, with which of the four required items it holds.</summary>
    public sealed record CareersProgrammeInformationPublished(
        SchoolUrn Urn, bool LeaderContactDetails, bool ProgrammeSummary, bool ImpactMeasurement, LocalDate? NextReviewDate,
        LocalDate PublishedOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The school published its provider access policy statement, with which required items it covers.</summary>
    public sealed record ProviderAccessPolicyStatementPublished(
        SchoolUrn Urn, bool AccessRequestProcedure, bool GrantAndRefusalGrounds, bool PremisesAndFacilities, bool AccessTimes,
        bool HowSixEncountersMet, LocalDate? ReviewDate, LocalDate PublishedOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The school's careers policy was reviewed and its next review date set.</summary>
    public sealed record CareersPolicyReviewed(
        SchoolUrn Urn, LocalDate ReviewedOn, LocalDate NextReviewDate, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The governors, the headteacher or the senior leadership backed the careers programme on a date.</summary>
    public sealed record CareersProgrammeBackingRecorded(
        SchoolUrn Urn, ProgrammeBacker Backer, LocalDate BackedOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>Feedback on the careers programme was gathered from pupils, parents, teachers, careers advisers or employers on a date.</summary>
    public sealed record CareersProgrammeFeedbackRecorded(
        SchoolUrn Urn, FeedbackSource Source, LocalDate GatheredOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The school engaged parents and carers on a date: an engagement plan set out, or access to labour-market information given.</summary>
    public sealed record ParentEngagementRecorded(
        SchoolUrn Urn, ParentEngagementKind Kind, LocalDate EngagedOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>A special school set, from a date, whether it arranges provider encounters flexibly for its pupils (PAL in SEND settings).</summary>
    public sealed record PalSendFlexibilitySet(
        SchoolUrn Urn, bool Flexible, LocalDate EffectiveFrom, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>A provider asked the school for access to its pupils; the request was received on a date.</summary>
    public sealed record ProviderAccessRequested(
        SchoolUrn Urn, string RequestId, ProviderId ProviderId, PalPhase? Phase, LocalDate? RequestedDate, LocalDate ReceivedOn,
        ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The school answered a provider's request for access: accepted, offered a date, or refused with a reason.</summary>
    public sealed record ProviderAccessAnswered(
        SchoolUrn Urn, string RequestId, AccessAnswer Answer, LocalDate? OfferedDate, AccessRefusalReason? RefusalReason, string? Note,
        LocalDate AnsweredOn, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;

    /// <summary>The school's provider access policy statement promises an answer to a request within this many school days.</summary>
    public sealed record ProviderAccessResponseTimeSet(
        SchoolUrn Urn, int SchoolDays, LocalDate EffectiveFrom, ActorId RecordedBy, Instant RecordedAt) : SchoolEvent;
}
