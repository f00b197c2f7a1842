using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.ComplianceCases;

/// <summary>The rungs of the Ladder of Support and Intervention, in order.</summary>
public enum LadderStep
{
    Support = 1,
    Concern = 2,
    Complaint = 3,
    Intervention = 4,
}

/// <summary>Who led a step of the external process.</summary>
public enum LadderLead
{
    Cec,
    CareersHub,
    Dfe,
    SecretaryOfState,
    Trust,
    Other,
}

/// <summary>
/// A school's case on the Ladder of Support and Intervention. The engine records an external process; it does
/// not decide it, but it refuses steps out of order. Stream: <c>compliance-case-{ComplianceCaseId}</c>.
/// </summary>
public abstract record ComplianceCaseEvent
{
    private ComplianceCaseEvent() { }

    /// <summary>Support was offered to a school about its provider access duty (Ladder step 1).</summary>
    public sealed record LadderSupportStarted(
        ComplianceCaseId CaseId, SchoolUrn SchoolUrn, LadderLead LedBy, LocalDate StartedOn, IReadOnlyList<string> EvidenceReferences,
        ActorId RecordedBy, Instant RecordedAt) : ComplianceCaseEvent;

    /// <summary>A concern about the school's compliance was raised and reviewed (Ladder step 2).</summary>
    public sealed record LadderConcernRaised(
        ComplianceCaseId CaseId, LadderLead LedBy, LocalDate RaisedOn, IReadOnlyList<string> EvidenceReferences,
        ActorId RecordedBy, Instant RecordedAt) : ComplianceCaseEvent;

    /// <summary>A complaint was upheld and the school given a date to comply by (Ladder step 3).</summary>
    public sealed record LadderComplaintUpheld(
        ComplianceCaseId CaseId, LadderLead LedBy, LocalDate UpheldOn, LocalDate ComplyBy, IReadOnlyList<string> EvidenceReferences,
        ActorId RecordedBy, Instant RecordedAt) : ComplianceCaseEvent;

    /// <summary>Formal intervention began (Ladder step 4).</summary>
    public sealed record LadderInterventionStarted(
        ComplianceCaseId CaseId, LadderLead LedBy, LocalDate StartedOn, IReadOnlyList<string> EvidenceReferences,
        ActorId RecordedBy, Instant RecordedAt) : ComplianceCaseEvent;

    /// <summary>The case was resolved: the school is complying.</summary>
    public sealed record ComplianceCaseResolved(
        ComplianceCaseId CaseId, LadderLead LedBy, LocalDate ResolvedOn, IReadOnlyList<string> EvidenceReferences,
        ActorId RecordedBy, Instant RecordedAt) : ComplianceCaseEvent;
}
