using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Testing.Time;
using NodaTime;
using static CareersCompliance.Domain.Tests.Rules.World;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>eventmodel/slices/valid-and-record-time.json: "what did the records say on 1 March about 28 February".</summary>
public sealed class KnownAtTests
{
    private static readonly Instant RetractedAt = Instant.FromUtc(2026, 3, 10, 12, 0);
    private readonly World _w = new();

    [Fact]
    public void retraction_seen_before_it_was_recorded_leaves_the_check_met()
    {
        var (p, _) = MetThenRetracted();

        _w.Check(p, CheckIds.PalP1, 28.February(2026), knownAt: RetractedAt - Duration.FromSeconds(1)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void retraction_seen_after_it_was_recorded_removes_the_evidence()
    {
        var (p, retracted) = MetThenRetracted();

        var check = _w.Check(p, CheckIds.PalP1, 28.February(2026), knownAt: RetractedAt);

        check.Status.Should().Be(CheckStatus.Due);
        check.Evidence.Should().NotContain(retracted);
    }

    [Fact]
    public void correction_that_moves_an_activity_out_of_the_window_removes_its_credit()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        var moved = _w.Encounter(3.February(2026), [B], p);
        _w.Then(new ActivityEvent.ActivityDetailsCorrected(moved, Details(5.March(2027), providers: [B]), "wrong date typed", By, RetractedAt), RetractedAt);

        _w.Check(p, CheckIds.PalP1, 10.March(2027)).Status.Should().Be(CheckStatus.NotMet);
        _w.Check(p, CheckIds.PalP1, 10.March(2027), knownAt: RetractedAt - Duration.FromSeconds(1)).Status.Should().Be(CheckStatus.Met);
    }

    [Fact]
    public void as_of_ignores_what_happened_after_the_date()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        _w.Encounter(3.February(2026), [B], p);

        _w.Check(p, CheckIds.PalP1, 2.February(2026)).Status.Should().Be(CheckStatus.Due);
    }

    [Fact]
    public void attendance_corrected_to_absent_removes_the_credit()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        var second = _w.Encounter(3.February(2026), [B], p);
        _w.Then(new ActivityEvent.AttendanceCorrected(second, p, false, "register was wrong", By, RetractedAt), RetractedAt);

        _w.Check(p, CheckIds.PalP1, 1.March(2026)).Status.Should().Be(CheckStatus.Due);
    }

    private (Domain.Common.PupilId Pupil, Domain.Common.ActivityId Retracted) MetThenRetracted()
    {
        var p = _w.Pupil(8, 2025);
        _w.Encounter(10.November(2025), [A], p);
        var second = _w.Encounter(3.February(2026), [B], p);
        _w.Then(new ActivityEvent.ActivityRetracted(second, "recorded against the wrong school", By, RetractedAt), RetractedAt);
        return (p, second);
    }
}
