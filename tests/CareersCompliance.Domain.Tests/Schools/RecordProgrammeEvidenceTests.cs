using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Schools.SchoolEvent;

namespace CareersCompliance.Domain.Tests.Schools;

/// <summary>eventmodel/slices/record-programme-evidence.json.</summary>
public sealed class RecordProgrammeEvidenceTests
{
    private static readonly SchoolUrn Urn = new("100001");
    private static readonly ActorId By = new("user:leader-100001");
    private static readonly Instant Now = Instant.FromUtc(2026, 7, 2, 9, 0);
    private static readonly DeciderSpec<School, SchoolEvent> Spec = new(School.Initial, School.Evolve);
    private static readonly SchoolRegistered Registered = new(Urn, "Test Academy", SchoolType.Academy, 7, 13, By, Now);

    [Fact]
    public void backing_is_recorded_once_per_backer_and_date()
    {
        var backed = new CareersProgrammeBackingRecorded(Urn, ProgrammeBacker.Governors, 1.July(2026), By, Now);
        var command = new RecordProgrammeBacking(Urn, ProgrammeBacker.Governors, 1.July(2026), By, Now);

        Spec.Given(Registered).When(s => RecordProgrammeBacking.Decide(s, command)).Then(backed);
        Spec.Given(Registered, backed).When(s => RecordProgrammeBacking.Decide(s, command)).ThenNothing();
        Spec.Given(Registered, backed)
            .When(s => RecordProgrammeBacking.Decide(s, command with { Backer = ProgrammeBacker.Headteacher }))
            .Then(backed with { Backer = ProgrammeBacker.Headteacher });
    }

    [Fact]
    public void feedback_from_an_unknown_source_is_refused() =>
        Spec.Given(Registered)
            .When(s => RecordProgrammeFeedback.Decide(s, new RecordProgrammeFeedback(Urn, (FeedbackSource)42, 1.July(2026), By, Now)))
            .ThenRejects("feedback-source-unknown");

    [Fact]
    public void programme_evidence_needs_a_registered_school() =>
        Spec.Given()
            .When(s => RecordParentEngagement.Decide(s, new RecordParentEngagement(Urn, ParentEngagementKind.LmiAccess, 1.July(2026), By, Now)))
            .ThenRejects("school-not-registered");
}
