using CareersCompliance.Domain.Rules;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>Properties of the pure rules over generated histories: no hand-picked examples.</summary>
public sealed class RulePropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void recording_that_a_pupil_attended_never_lowers_any_of_their_checks() =>
        Check.One(Runs, Prop.ForAll(Arb.From(
            from history in History.Generate()
            from activity in Gen.Choose(0, Math.Max(0, history.Activities.Count - 1))
            from pupil in Gen.Choose(0, history.Pupils.Count - 1)
            select (history, activity, pupil)), c =>
        {
            var (history, activity, pupil) = c;
            if (history.Activities.Count == 0)
            {
                return true;
            }

            var before = ComplianceRules.EvaluateSchool(history.Evidence(), RuleSettings.Default, history.AsOf, Instant.MaxValue);
            var after = ComplianceRules.EvaluateSchool(history.Evidence([history.AttendanceEvent(activity, pupil, true)]), RuleSettings.Default,
                history.AsOf, Instant.MaxValue);
            return before.Pupils.All(b =>
            {
                var a = after.Pupils.Single(p => p.PupilId == b.PupilId);
                return b.Checks.All(check => NotLower(check.Status, a.Check(check.CheckId).Status));
            });
        }));

    [Fact]
    public void a_school_report_is_the_same_whatever_order_the_streams_are_interleaved_in() =>
        Check.One(Runs, Prop.ForAll(Arb.From(History.Generate()), history =>
        {
            var evidence = history.Evidence();
            var reversed = evidence with
            {
                // Why reverse whole streams: stream order is kept, only the interleaving of streams changes.
                ActivityEvents = [.. evidence.ActivityEvents.GroupBy(e => Stream(e.Event), StringComparer.Ordinal).Reverse().SelectMany(g => g)],
                PupilEvents = [.. evidence.PupilEvents.Chunk(2).Reverse().SelectMany(g => g)],
            };
            var a = ComplianceRules.EvaluateSchool(evidence, RuleSettings.Default, history.AsOf, Instant.MaxValue);
            var b = ComplianceRules.EvaluateSchool(reversed, RuleSettings.Default, history.AsOf, Instant.MaxValue);
            return Statuses(a).SequenceEqual(Statuses(b), StringComparer.Ordinal);
        }));

    internal static IEnumerable<string> Statuses(SchoolReport report) =>
        report.Pupils.OrderBy(p => p.PupilId.Value).SelectMany(p => p.Checks.Select(c => $"{p.PupilId.Value}:{c.CheckId}:{c.Status}:{string.Join('+', c.Evidence.Select(e => e.Value))}"))
            .Concat(report.SchoolChecks.Select(c => $"school:{c.CheckId}:{c.Status}"));

    private static string Stream(Domain.Activities.ActivityEvent e) => e switch
    {
        Domain.Activities.ActivityEvent.ActivityRecorded r => r.ActivityId.Value,
        Domain.Activities.ActivityEvent.AttendanceRecorded a => a.ActivityId.Value,
        _ => "",
    };

    /// <summary>NotMet &lt; AtRisk &lt; Due &lt; Met; NotApplicable is neither better nor worse, so it must stay as it was.</summary>
    private static bool NotLower(CheckStatus before, CheckStatus after) =>
        before == CheckStatus.NotApplicable || after == CheckStatus.NotApplicable ? before == after : Rank(after) >= Rank(before);

    private static int Rank(CheckStatus s) => s switch
    {
        CheckStatus.NotMet => 0,
        CheckStatus.AtRisk => 1,
        CheckStatus.Due => 2,
        CheckStatus.Met => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };
}
