using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Domain.Tests.Rules;
using CareersCompliance.Testing.Specs;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Schools.SchoolEvent;

namespace CareersCompliance.Domain.Tests.Schools;

/// <summary>eventmodel/slices/provider-access-requests.json: decision 0048.</summary>
public sealed class ProviderAccessRequestsTests
{
    private static readonly SchoolUrn Urn = World.Urn;
    private static readonly ActorId By = new("user:leader-100001");
    private static readonly Instant Now = Instant.FromUtc(2026, 1, 5, 9, 0);
    private static readonly DeciderSpec<School, SchoolEvent> Spec = new(School.Initial, School.Evolve);
    private static readonly SchoolRegistered Registered = new(Urn, "Test Academy", SchoolType.Academy, 7, 13, By, Now);
    private static readonly ProviderAccessRequested Requested = new(Urn, "REQ-1", World.A, PalPhase.Second, 12.February(2026), 5.January(2026), By, Now);

    private static AnswerProviderAccessRequest Answer(AccessAnswer answer, LocalDate on, AccessRefusalReason? reason = null, string? note = null) =>
        new(Urn, "REQ-1", answer, null, reason, note, on, By, Now);

    [Fact]
    public void request_is_recorded_once_per_id()
    {
        var command = new RecordProviderAccessRequest(Urn, "REQ-1", World.A, PalPhase.Second, 12.February(2026), 5.January(2026), By, Now);

        Spec.Given(Registered).When(s => RecordProviderAccessRequest.Decide(s, command)).Then(Requested);
        Spec.Given(Registered, Requested).When(s => RecordProviderAccessRequest.Decide(s, command)).ThenNothing();
        Spec.Given(Registered, Requested).When(s => RecordProviderAccessRequest.Decide(s, command with { ProviderId = World.B }))
            .ThenRejects("access-request-id-taken");
    }

    [Fact]
    public void refusal_needs_a_reason_and_a_note_without_personal_data()
    {
        Spec.Given(Registered, Requested).When(s => AnswerProviderAccessRequest.Decide(s, Answer(AccessAnswer.Refused, 7.January(2026))))
            .ThenRejects("refusal-needs-a-reason");
        Spec.Given(Registered, Requested)
            .When(s => AnswerProviderAccessRequest.Decide(s, Answer(AccessAnswer.Refused, 7.January(2026), AccessRefusalReason.Other, "ask j.smith@example.org")))
            .ThenRejects("note-may-hold-personal-data");
        Spec.Given(Registered, Requested)
            .When(s => AnswerProviderAccessRequest.Decide(s, Answer(AccessAnswer.Refused, 7.January(2026), AccessRefusalReason.Other, "ring 0151 496 0000")))
            .ThenRejects("note-may-hold-personal-data");
        Spec.Given(Registered, Requested)
            .When(s => AnswerProviderAccessRequest.Decide(s, Answer(AccessAnswer.OfferedDate, 7.January(2026))))
            .ThenRejects("offer-needs-a-date");
        Spec.Given(Registered, Requested)
            .When(s => AnswerProviderAccessRequest.Decide(s, Answer(AccessAnswer.Refused, 7.January(2026), AccessRefusalReason.NoSuitableDate, "Year 10 on study leave")))
            .Then(new ProviderAccessAnswered(Urn, "REQ-1", AccessAnswer.Refused, null, AccessRefusalReason.NoSuitableDate, "Year 10 on study leave", 7.January(2026), By, Now));
    }

    [Fact]
    public void answer_needs_a_recorded_request()
    {
        Spec.Given(Registered).When(s => AnswerProviderAccessRequest.Decide(s, Answer(AccessAnswer.Accepted, 7.January(2026))))
            .ThenRejects("access-request-unknown");
        Spec.Given(Registered, Requested).When(s => AnswerProviderAccessRequest.Decide(s, Answer(AccessAnswer.Accepted, 4.January(2026))))
            .ThenRejects("answer-before-request");
    }

    [Fact]
    public void answered_on_the_deadline_day_is_in_time()
    {
        AccessRequestResult On(LocalDate answered) =>
            new World().School(Requested).School(new ProviderAccessAnswered(Urn, "REQ-1", AccessAnswer.Accepted, null, null, null, answered, By, Now))
                .School(1.February(2026)).AccessRequests.Single();

        var inTime = On(19.January(2026));
        inTime.DueBy.Should().Be(19.January(2026), "ten weekdays after Monday 5 January");
        inTime.Status.Should().Be(CheckStatus.Met);
        inTime.ReasonCode.Should().Be("answered-in-time");
        var late = On(20.January(2026));
        late.Status.Should().Be(CheckStatus.NotMet);
        late.ReasonCode.Should().Be("answered-late");
    }

    [Fact]
    public void unanswered_request_is_overdue_and_alerted()
    {
        var w = new World().School(new ProviderAccessResponseTimeSet(Urn, 5, 1.September(2025), By, Now)).School(Requested);

        var waiting = w.School(12.January(2026));
        waiting.AccessRequests.Single().Should().Match<AccessRequestResult>(r => r.Status == CheckStatus.Due && r.DueBy == 12.January(2026));
        waiting.Settings.AccessResponseSchoolDays.Should().Be(5);
        AlertRules.ForSchool(new TrustId("T1"), waiting, AlertSettings.Default)
            .Should().NotContain(a => string.Equals(a.Rule, AlertRules.ProviderAccessOverdue, StringComparison.Ordinal));

        var overdue = w.School(13.January(2026));
        overdue.AccessRequests.Single().ReasonCode.Should().Be("overdue");
        var alert = AlertRules.ForSchool(new TrustId("T1"), overdue, AlertSettings.Default)
            .Should().ContainSingle(a => string.Equals(a.Rule, AlertRules.ProviderAccessOverdue, StringComparison.Ordinal)).Subject;
        alert.Subject.Should().Contain("REQ-1").And.Contain("A College");
        alert.Detail.Should().Contain("within 5 school day(s), by 2026-01-12");
    }

    [Fact]
    public void trust_sees_its_schools_refusals()
    {
        var trust = new TrustId("T1");
        SchoolEvidence With(World w, SchoolUrn urn, params SchoolEvent[] events)
        {
            foreach (var e in events)
            {
                w.School(e);
            }

            w.School(new SchoolJoinedTrust(World.Urn, trust, 1.September(2020), By, Now));
            return w.Evidence() with { Urn = urn };
        }

        var one = With(new World(), Urn, Requested,
            new ProviderAccessAnswered(Urn, "REQ-1", AccessAnswer.Refused, null, AccessRefusalReason.Safeguarding, null, 8.January(2026), By, Now),
            Requested with { RequestId = "REQ-2", ProviderId = World.B },
            new ProviderAccessAnswered(Urn, "REQ-2", AccessAnswer.Accepted, null, null, null, 8.January(2026), By, Now));
        var two = With(new World(), Urn, Requested,
            new ProviderAccessAnswered(Urn, "REQ-1", AccessAnswer.Refused, null, AccessRefusalReason.NoSuitableDate, "exams", 20.January(2026), By, Now));

        var report = ComplianceRules.EvaluateTrust(trust, [one, two], RuleSettings.Default, 1.February(2026), Instant.MaxValue);
        var refusals = ComplianceRules.Refusals(report);

        refusals.Select(r => (r.Request.RefusalReason, r.Request.AnsweredOn)).Should()
            .Equal((AccessRefusalReason.NoSuitableDate, 20.January(2026)), (AccessRefusalReason.Safeguarding, 8.January(2026)));
    }
}
