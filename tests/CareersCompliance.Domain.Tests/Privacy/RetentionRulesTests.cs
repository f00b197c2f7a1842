using CareersCompliance.Domain.Privacy;
using CareersCompliance.Testing.Time;
using NodaTime;

namespace CareersCompliance.Domain.Tests.Privacy;

/// <summary>eventmodel/slices/retention-rules.json</summary>
public sealed class RetentionRulesTests
{
    [Fact]
    public void careers_records_are_kept_until_the_25th_birthday()
    {
        var facts = new RetentionFacts(10.May(2001), OnRoll: false, LastLeftOn: 20.July(2017), HasDestinations: false);

        RetentionPolicy.Default.Judge(facts, 9.May(2026)).Should().Be(RetentionVerdict.CareersRecordKept);
        RetentionPolicy.Default.Judge(facts, 10.May(2026)).Should().Be(RetentionVerdict.Due);
    }

    [Fact]
    public void destinations_are_kept_three_years_after_leaving_when_that_is_later()
    {
        var policy = RetentionPolicy.Default with { CareersRecordsFromBirth = Period.FromYears(18) };
        var facts = new RetentionFacts(10.May(2001), OnRoll: false, LastLeftOn: 20.July(2027), HasDestinations: true);

        policy.ExpiresOn(facts).Should().Be(20.July(2030));
        policy.Judge(facts, 19.July(2030)).Should().Be(RetentionVerdict.DestinationsKept);
        policy.Judge(facts, 20.July(2030)).Should().Be(RetentionVerdict.Due);
    }

    [Fact]
    public void a_pupil_on_roll_is_never_due() =>
        RetentionPolicy.Default.Judge(new RetentionFacts(1.January(1990), OnRoll: true, null, false), 1.January(2030))
            .Should().Be(RetentionVerdict.OnRoll);

    [Fact]
    public void a_pupil_with_destinations_but_no_leaving_date_is_kept() =>
        RetentionPolicy.Default.Judge(new RetentionFacts(1.January(1990), OnRoll: false, null, HasDestinations: true), 1.January(2030))
            .Should().Be(RetentionVerdict.NoAnchorDate);
}
