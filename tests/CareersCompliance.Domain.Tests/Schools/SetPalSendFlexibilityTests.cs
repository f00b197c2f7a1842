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

/// <summary>eventmodel/slices/set-pal-send-flexibility.json: decision 0047.</summary>
public sealed class SetPalSendFlexibilityTests
{
    private static readonly SchoolUrn Urn = World.Urn;
    private static readonly ActorId By = new("user:leader-100001");
    private static readonly Instant Now = Instant.FromUtc(2025, 9, 2, 9, 0);
    private static readonly DeciderSpec<School, SchoolEvent> Spec = new(School.Initial, School.Evolve);
    private static readonly SchoolRegistered Special = new(Urn, "Test Special School", SchoolType.Special, 7, 14, By, Now);

    [Fact]
    public void special_school_sets_pal_flexibility_once()
    {
        var command = new SetPalSendFlexibility(Urn, true, 1.September(2025), By, Now);
        var set = new PalSendFlexibilitySet(Urn, true, 1.September(2025), By, Now);

        Spec.Given(Special).When(s => SetPalSendFlexibility.Decide(s, command)).Then(set);
        Spec.Given(Special, set).When(s => SetPalSendFlexibility.Decide(s, command)).ThenNothing();
        Spec.Given(Special, set).When(s => SetPalSendFlexibility.Decide(s, command with { Flexible = false })).Then(set with { Flexible = false });
    }

    [Fact]
    public void pal_flexibility_is_for_special_schools_only() =>
        Spec.Given(Special with { SchoolType = SchoolType.Academy })
            .When(s => SetPalSendFlexibility.Decide(s, new SetPalSendFlexibility(Urn, true, 1.September(2025), By, Now)))
            .ThenRejects("pal-flexibility-special-schools-only");

    [Fact]
    public void flexible_school_counts_a_small_group_occasion_as_offered()
    {
        PalCohortResult Year12(bool flexible)
        {
            var w = new World();
            if (flexible)
            {
                w.School(new PalSendFlexibilitySet(Urn, true, 1.September(2025), By, Now));
            }

            var pupils = new[] { w.Pupil(12, 2025), w.Pupil(12, 2025), w.Pupil(12, 2025) };
            w.Encounter(6.October(2025), [World.A], pupils[0]);
            w.Encounter(3.November(2025), [World.B], pupils[1]);
            return w.School(1.December(2025)).PalCohorts.Single(c => c.Phase == PalPhase.Third && c.YearGroupNow == 12);
        }

        Year12(flexible: true).Occasions.Status.Should().Be(CheckStatus.Met, "each small-group occasion was put on for Year 12");
        Year12(flexible: false).Occasions.Status.Should().NotBe(CheckStatus.Met, "without the setting an occasion needs the whole year group on its register");
    }

    [Fact]
    public void school_report_prints_pal_flexibility()
    {
        var w = new World(highestYear: 14).School(new PalSendFlexibilitySet(Urn, true, 1.September(2025), By, Now));

        w.School(1.March(2026)).Settings.PalSendFlexibility.Should().Be("on from 2025-09-01");
        w.School(1.August(2025)).Settings.PalSendFlexibility.Should().Be("off");
        new World().School(1.March(2026)).Settings.PalSendFlexibility.Should().Be("off");
    }
}
