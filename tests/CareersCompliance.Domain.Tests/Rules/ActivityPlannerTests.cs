using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/plan-activity-preview.json.</summary>
public sealed class ActivityPlannerTests
{
    private static readonly ActivityChecklist Meaningful = new(Purpose: true, Outcomes: true, TwoWay: true, Reflection: true);
    private readonly World _w = new();

    [Fact]
    public void a_planned_employer_encounter_moves_its_year_group_from_due_to_met()
    {
        var nine = _w.Pupil(9, 2025);
        var otherNine = _w.Pupil(9, 2025);
        var ten = _w.Pupil(10, 2025);

        var preview = ActivityPlanner.Preview(_w.Evidence(), new PlannedActivity(ActivityKind.EmployerEncounter, 10.November(2025), [9], null, null),
            RuleSettings.Default, 1.November(2025), Instant.MaxValue);

        preview.AsOf.Should().Be(10.November(2025));
        preview.Attendees.Should().BeEquivalentTo([nine, otherNine]);
        preview.Moves.Where(m => string.Equals(m.CheckId, CheckIds.Gb5, StringComparison.Ordinal)).Should().BeEquivalentTo(
            [new PlannedMove(nine, 9, CheckIds.Gb5, CheckStatus.Due), new PlannedMove(otherNine, 9, CheckIds.Gb5, CheckStatus.Due)]);
        preview.Moves.Should().NotContain(m => m.PupilId == ten);
        preview.MovesByCheck.Should().Contain((CheckIds.Gb5, 2));
    }

    [Fact]
    public void a_pupil_already_met_is_not_moved()
    {
        var met = _w.Pupil(9, 2025);
        var due = _w.Pupil(9, 2025);
        _w.Activity(Details(1.October(2025), ActivityKind.EmployerEncounter, checklist: Meaningful), met);

        var preview = ActivityPlanner.Preview(_w.Evidence(), new PlannedActivity(ActivityKind.EmployerEncounter, 10.November(2025), [9], null, null),
            RuleSettings.Default, 1.November(2025), Instant.MaxValue);

        preview.Moves.Where(m => string.Equals(m.CheckId, CheckIds.Gb5, StringComparison.Ordinal)).Select(m => m.PupilId).Should().Equal(due);
        preview.Before.Pupils.Single(p => p.PupilId == met).Check(CheckIds.Gb5).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void the_preview_records_nothing_and_its_before_is_the_report_of_the_evidence_alone()
    {
        _w.Pupil(9, 2025);
        var evidence = _w.Evidence();
        var activities = evidence.ActivityEvents.Count;

        var preview = ActivityPlanner.Preview(evidence, new PlannedActivity(ActivityKind.EmployerEncounter, 10.November(2025), [9], null, null),
            RuleSettings.Default, 1.November(2025), Instant.MaxValue);

        evidence.ActivityEvents.Should().HaveCount(activities);
        _w.Evidence().ActivityEvents.Should().HaveCount(activities);
        preview.Before.Coverage.Should().BeEquivalentTo(_w.School(10.November(2025)).Coverage);
        preview.After.Coverage.Single(c => string.Equals(c.CheckId, CheckIds.Gb5, StringComparison.Ordinal)).Met.Should().Be(1);
    }

    [Fact]
    public void a_planned_provider_encounter_with_a_technical_provider_counts_for_provider_access()
    {
        var eight = _w.Pupil(8, 2025);
        _w.Encounter(1.October(2025), [B], eight);

        var preview = ActivityPlanner.Preview(_w.Evidence(), new PlannedActivity(ActivityKind.ProviderEncounter, 10.November(2025), [8], A, null),
            RuleSettings.Default, 1.November(2025), Instant.MaxValue);

        preview.Before.Pupils.Single().Check(CheckIds.PalP1).Status.Should().Be(CheckStatus.Due);
        preview.After.Pupils.Single().Check(CheckIds.PalP1).Status.Should().Be(CheckStatus.Met, "a second provider encounter meets phase 1");
        preview.Moves.Should().Contain(m => m.PupilId == eight && string.Equals(m.CheckId, CheckIds.PalP1, StringComparison.Ordinal));
    }
}
