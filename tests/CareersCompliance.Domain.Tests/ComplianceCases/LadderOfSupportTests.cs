using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.ComplianceCases;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.ComplianceCases.ComplianceCaseEvent;

namespace CareersCompliance.Domain.Tests.ComplianceCases;

/// <summary>eventmodel/slices/ladder-of-support.json.</summary>
public sealed class LadderOfSupportTests
{
    private static readonly ComplianceCaseId Id = new(Guid.NewGuid());
    private static readonly SchoolUrn Urn = new("100001");
    private static readonly ActorId By = new("officer-1");
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 10, 9, 0);
    private static readonly string[] Evidence = ["CEC-letter-2026-01"];
    private static readonly DeciderSpec<ComplianceCase, ComplianceCaseEvent> Spec = new(ComplianceCase.Initial, ComplianceCase.Evolve);

    private static readonly LadderSupportStarted Support = new(Id, Urn, LadderLead.Cec, 5.January(2026), Evidence, By, Now);
    private static readonly LadderConcernRaised Concern = new(Id, LadderLead.CareersHub, 1.February(2026), Evidence, By, Now);
    private static readonly LadderComplaintUpheld Complaint = new(Id, LadderLead.Dfe, 1.March(2026), 1.May(2026), Evidence, By, Now);

    [Fact]
    public void a_case_opens_with_support() =>
        Spec.Given()
            .When(s => StartLadderSupport.Decide(s, new StartLadderSupport(Id, Urn, LadderLead.Cec, 5.January(2026), Evidence, By, Now)))
            .Then(Support);

    [Fact]
    public void a_complaint_cannot_skip_the_concern_step() =>
        Spec.Given(Support)
            .When(s => UpholdLadderComplaint.Decide(s, new UpholdLadderComplaint(Id, LadderLead.Dfe, 1.March(2026), 1.May(2026), Evidence, By, Now)))
            .ThenRejects("ladder-step-skipped");

    [Fact]
    public void an_upheld_complaint_sets_a_comply_by_date() =>
        Spec.Given(Support, Concern)
            .When(s => UpholdLadderComplaint.Decide(s, new UpholdLadderComplaint(Id, LadderLead.Dfe, 1.March(2026), 1.May(2026), Evidence, By, Now)))
            .Then(Complaint);

    [Fact]
    public void comply_by_must_come_after_the_decision() =>
        Spec.Given(Support, Concern)
            .When(s => UpholdLadderComplaint.Decide(s, new UpholdLadderComplaint(Id, LadderLead.Dfe, 1.March(2026), 1.March(2026), Evidence, By, Now)))
            .ThenRejects("comply-by-not-after-decision");

    [Fact]
    public void intervention_cannot_start_before_the_comply_by_date() =>
        Spec.Given(Support, Concern, Complaint)
            .When(s => StartLadderIntervention.Decide(s, new StartLadderIntervention(Id, LadderLead.SecretaryOfState, 30.April(2026), Evidence, By, Now)))
            .ThenRejects("intervention-before-comply-by");

    [Fact]
    public void intervention_cannot_start_on_a_resolved_case() =>
        Spec.Given(Support, Concern, Complaint, new ComplianceCaseResolved(Id, LadderLead.Dfe, 20.April(2026), Evidence, By, Now))
            .When(s => StartLadderIntervention.Decide(s, new StartLadderIntervention(Id, LadderLead.SecretaryOfState, 2.May(2026), Evidence, By, Now)))
            .ThenRejects("case-resolved");

    [Fact]
    public void repeating_the_current_step_changes_nothing() =>
        Spec.Given(Support, Concern)
            .When(s => RaiseLadderConcern.Decide(s, new RaiseLadderConcern(Id, LadderLead.CareersHub, 2.February(2026), Evidence, By, Now)))
            .ThenNothing();

    [Fact]
    public void a_concern_needs_an_open_case() =>
        Spec.Given()
            .When(s => RaiseLadderConcern.Decide(s, new RaiseLadderConcern(Id, LadderLead.CareersHub, 2.February(2026), Evidence, By, Now)))
            .ThenRejects("case-not-opened");
}
