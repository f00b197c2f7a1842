using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Pupils.PupilEvent;

namespace CareersCompliance.Domain.Tests.Pupils;

/// <summary>eventmodel/slices/record-send-transitions.json.</summary>
public sealed class RecordSendTransitionsTests
{
    private static readonly PupilId Id = new(Guid.Parse("0190f2c4-0000-7000-8000-000000000001"));
    private static readonly SchoolUrn Urn = new("100001");
    private static readonly ActorId By = new("user:leader-100001");
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 12, 9, 0);
    private static readonly DeciderSpec<Pupil, PupilEvent> Spec = new(Pupil.Initial, Pupil.Evolve);
    private static readonly PupilEnrolled Enrolled = new(Id, Urn, 1.September(2022), By, Now);
    private static readonly PupilSenStatusRecorded Ehcp = new(Id, SenStatus.EhcPlan, 1.September(2022), By, Now);

    [Fact]
    public void review_is_recorded_once_per_date()
    {
        var command = new RecordEhcpReview(Id, 10.March(2026), true, By, Now);
        var held = new EhcpReviewHeld(Id, 10.March(2026), true, By, Now);

        Spec.Given(Enrolled, Ehcp).When(s => RecordEhcpReview.Decide(s, command)).Then(held);
        Spec.Given(Enrolled, Ehcp, held).When(s => RecordEhcpReview.Decide(s, command)).ThenNothing();
        Spec.Given(Enrolled, Ehcp, held)
            .When(s => RecordEhcpReview.Decide(s, command with { PreparingForAdulthood = false }))
            .Then(held with { PreparingForAdulthood = false });
    }

    [Fact]
    public void pupil_without_ehcp_plan_is_refused()
    {
        Spec.Given(Enrolled, Ehcp with { Status = SenStatus.SenSupport })
            .When(s => RecordPhaseTransfer.Decide(s, new RecordPhaseTransfer(Id, 1.March(2026), By, Now)))
            .ThenRejects("pupil-has-no-ehc-plan");
        Spec.Given()
            .When(s => RecordEhcpReview.Decide(s, new RecordEhcpReview(Id, 1.March(2026), true, By, Now)))
            .ThenRejects("pupil-not-found");
    }

    [Fact]
    public void phase_transfer_is_recorded_once_per_date()
    {
        var command = new RecordPhaseTransfer(Id, 1.March(2026), By, Now);
        var named = new PhaseTransferNamed(Id, 1.March(2026), By, Now);

        Spec.Given(Enrolled, Ehcp).When(s => RecordPhaseTransfer.Decide(s, command)).Then(named);
        Spec.Given(Enrolled, Ehcp, named).When(s => RecordPhaseTransfer.Decide(s, command)).ThenNothing();
    }
}
