using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.ComplianceCases.ComplianceCaseEvent;

namespace CareersCompliance.Domain.ComplianceCases;

// Why one file: the Ladder's five steps share one ordering rule (Ladder.Advance); see
// eventmodel/slices/ladder-of-support.json and eventmodel/decisions/0027-ladder-steps-in-order.md.

/// <summary>Opens a case at step 1, support. Slice: eventmodel/slices/ladder-of-support.json</summary>
public sealed record StartLadderSupport(
    ComplianceCaseId CaseId, SchoolUrn SchoolUrn, LadderLead LedBy, LocalDate StartedOn, IReadOnlyList<string> EvidenceReferences, ActorId By, Instant Now)
{
    public static ComplianceCaseEvent[] Decide(ComplianceCase state, StartLadderSupport c) => state switch
    {
        ComplianceCase.NotOpened => [new LadderSupportStarted(c.CaseId, c.SchoolUrn, c.LedBy, c.StartedOn, c.EvidenceReferences, c.By, c.Now)],
        ComplianceCase.Resolved => throw Ladder.IsResolved(),
        ComplianceCase.Open { Step: LadderStep.Support } => [],
        _ => throw new DomainRuleViolation("ladder-step-out-of-order", "The case is already past support."),
    };
}

/// <summary>Records step 2, a concern raised. Slice: eventmodel/slices/ladder-of-support.json</summary>
public sealed record RaiseLadderConcern(
    ComplianceCaseId CaseId, LadderLead LedBy, LocalDate RaisedOn, IReadOnlyList<string> EvidenceReferences, ActorId By, Instant Now)
{
    public static ComplianceCaseEvent[] Decide(ComplianceCase state, RaiseLadderConcern c) =>
        Ladder.Advance(state, LadderStep.Concern, c.RaisedOn)
            ? [new LadderConcernRaised(c.CaseId, c.LedBy, c.RaisedOn, c.EvidenceReferences, c.By, c.Now)]
            : [];
}

/// <summary>Records step 3, a complaint upheld with a date to comply by. Slice: eventmodel/slices/ladder-of-support.json</summary>
public sealed record UpholdLadderComplaint(
    ComplianceCaseId CaseId, LadderLead LedBy, LocalDate UpheldOn, LocalDate ComplyBy, IReadOnlyList<string> EvidenceReferences, ActorId By, Instant Now)
{
    public static ComplianceCaseEvent[] Decide(ComplianceCase state, UpholdLadderComplaint c)
    {
        if (c.ComplyBy <= c.UpheldOn)
        {
            throw new DomainRuleViolation("comply-by-not-after-decision", "The comply-by date must come after the decision.");
        }

        return Ladder.Advance(state, LadderStep.Complaint, c.UpheldOn)
            ? [new LadderComplaintUpheld(c.CaseId, c.LedBy, c.UpheldOn, c.ComplyBy, c.EvidenceReferences, c.By, c.Now)]
            : [];
    }
}

/// <summary>Records step 4, intervention, which can only follow a missed comply-by date. Slice: eventmodel/slices/ladder-of-support.json</summary>
public sealed record StartLadderIntervention(
    ComplianceCaseId CaseId, LadderLead LedBy, LocalDate StartedOn, IReadOnlyList<string> EvidenceReferences, ActorId By, Instant Now)
{
    public static ComplianceCaseEvent[] Decide(ComplianceCase state, StartLadderIntervention c)
    {
        if (state is ComplianceCase.Open { Step: LadderStep.Complaint, ComplyBy: { } complyBy } && c.StartedOn <= complyBy)
        {
            throw new DomainRuleViolation("intervention-before-comply-by", $"The school has until {complyBy} to comply.");
        }

        return Ladder.Advance(state, LadderStep.Intervention, c.StartedOn)
            ? [new LadderInterventionStarted(c.CaseId, c.LedBy, c.StartedOn, c.EvidenceReferences, c.By, c.Now)]
            : [];
    }
}

/// <summary>Resolves an open case at any step. Slice: eventmodel/slices/ladder-of-support.json</summary>
public sealed record ResolveComplianceCase(
    ComplianceCaseId CaseId, LadderLead LedBy, LocalDate ResolvedOn, IReadOnlyList<string> EvidenceReferences, ActorId By, Instant Now)
{
    public static ComplianceCaseEvent[] Decide(ComplianceCase state, ResolveComplianceCase c) => state switch
    {
        ComplianceCase.NotOpened => throw Ladder.NotOpened(),
        ComplianceCase.Resolved => [],
        ComplianceCase.Open o when c.ResolvedOn < o.StepOn =>
            throw new DomainRuleViolation("ladder-step-before-previous", $"The last step was on {o.StepOn}."),
        _ => [new ComplianceCaseResolved(c.CaseId, c.LedBy, c.ResolvedOn, c.EvidenceReferences, c.By, c.Now)],
    };
}

internal static class Ladder
{
    /// <summary>True when <paramref name="step"/> is the next rung; false for a repeat of the current rung; throws otherwise.</summary>
    public static bool Advance(ComplianceCase state, LadderStep step, LocalDate on) => state switch
    {
        ComplianceCase.NotOpened => throw NotOpened(),
        ComplianceCase.Resolved => throw IsResolved(),
        ComplianceCase.Open o when o.Step == step => false,
        ComplianceCase.Open o when step < o.Step =>
            throw new DomainRuleViolation("ladder-step-out-of-order", $"The case is already at {o.Step}."),
        ComplianceCase.Open o when step > o.Step + 1 =>
            throw new DomainRuleViolation("ladder-step-skipped", $"The case is at {o.Step}; {step} cannot come next."),
        ComplianceCase.Open o when on < o.StepOn =>
            throw new DomainRuleViolation("ladder-step-before-previous", $"The last step was on {o.StepOn}."),
        _ => true,
    };

    public static DomainRuleViolation NotOpened() => new("case-not-opened", "No case has been opened; start with support.");

    public static DomainRuleViolation IsResolved() => new("case-resolved", "The case is resolved; open a new case.");
}
