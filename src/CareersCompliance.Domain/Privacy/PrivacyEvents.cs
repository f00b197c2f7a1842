using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Privacy;

/// <summary>Why personal data was erased: a fixed code, never free text (free text could name the pupil).</summary>
public enum ErasureReason
{
    /// <summary>The pupil or parent asked for erasure (UK GDPR Art. 17) and the DPO agreed.</summary>
    SubjectRequest,

    /// <summary>Every record class kept for the pupil reached the end of its retention period.</summary>
    RetentionExpired,

    /// <summary>The data should never have been recorded (e.g. a name typed into a free-text field).</summary>
    RecordedInError,
}

/// <summary>A personal-data field of the erasable register.</summary>
public enum PersonalField
{
    Upn,
    Forename,
    Surname,
    DateOfBirth,
}

/// <summary>
/// Data-protection facts. None holds personal data: the register's values are never copied here, only which fields
/// changed and why (eventmodel/decisions/0030). Erasure and rectification go on the pupil's own stream
/// <c>pupil-{PupilId}</c>; a redaction on <c>redaction-{EventId}</c>; an export on <c>data-sharing-{URN}</c>.
/// </summary>
public abstract record PrivacyEvent
{
    private PrivacyEvent() { }

    /// <summary>A pupil's personal details were erased from the register; their pseudonymous records remain.</summary>
    public sealed record PupilErased(PupilId PupilId, ErasureReason Reason, string LegalBasis, ActorId RequestedBy, Instant ErasedAt) : PrivacyEvent;

    /// <summary>Personal details of a pupil were rectified in the register; the event names the fields, never their values.</summary>
    public sealed record PupilDetailsRectified(PupilId PupilId, IReadOnlyList<PersonalField> Fields, ActorId RectifiedBy, Instant RectifiedAt) : PrivacyEvent;

    /// <summary>Free-text fields of a stored event were replaced by "[redacted]"; the ledger keeps the original payload hash.</summary>
    public sealed record EventTextRedacted(
        Guid EventId, PupilId? PupilId, IReadOnlyList<string> Fields, ErasureReason Reason, ActorId RedactedBy, Instant RedactedAt) : PrivacyEvent;

    /// <summary>Pupil information was exported for the local authority (ESA 2008 s14), with objectors' records reduced to basic details.</summary>
    public sealed record LocalAuthorityExportRecorded(
        SchoolUrn SchoolUrn, LocalDate AsOf, int Pupils, int PupilsWithObjection, string FileSha256, ActorId ExportedBy, Instant ExportedAt) : PrivacyEvent;
}
