using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.ComplianceCases.ComplianceCaseEvent;

namespace CareersCompliance.Domain.ComplianceCases;

/// <summary>Decision state of a compliance case.</summary>
public abstract record ComplianceCase
{
    private ComplianceCase() { }

    public sealed record NotOpened : ComplianceCase;

    public sealed record Open(ComplianceCaseId Id, SchoolUrn SchoolUrn, LadderStep Step, LocalDate StepOn, LocalDate? ComplyBy) : ComplianceCase;

    public sealed record Resolved(ComplianceCaseId Id, SchoolUrn SchoolUrn, LocalDate ResolvedOn) : ComplianceCase;

    public static ComplianceCase Initial { get; } = new NotOpened();

    public static ComplianceCase Evolve(ComplianceCase state, ComplianceCaseEvent @event) => (state, @event) switch
    {
        (NotOpened, LadderSupportStarted e) => new Open(e.CaseId, e.SchoolUrn, LadderStep.Support, e.StartedOn, null),
        (Open s, LadderConcernRaised e) => s with { Step = LadderStep.Concern, StepOn = e.RaisedOn },
        (Open s, LadderComplaintUpheld e) => s with { Step = LadderStep.Complaint, StepOn = e.UpheldOn, ComplyBy = e.ComplyBy },
        (Open s, LadderInterventionStarted e) => s with { Step = LadderStep.Intervention, StepOn = e.StartedOn },
        (Open s, ComplianceCaseResolved e) => new Resolved(s.Id, s.SchoolUrn, e.ResolvedOn),
        _ => state,
    };
}
