using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>An activity a careers leader is thinking of putting on: what, when, for which year groups, with whom.</summary>
public sealed record PlannedActivity(ActivityKind Kind, LocalDate Date, IReadOnlyList<int> YearGroups, ProviderId? Provider, AdviserId? Adviser);

/// <summary>A pupil the planned activity would take from not met (due, at risk or not met) to met on one check.</summary>
public sealed record PlannedMove(PupilId PupilId, int? YearGroup, string CheckId, CheckStatus Before);

/// <summary>
/// What a planned activity would change, judged as of <see cref="AsOf"/> (the later of today and the planned date): the
/// school's report without it and with it, and the pupils it would move to met, check by check. Nothing is recorded.
/// </summary>
public sealed record ActivityPreview(
    PlannedActivity Activity, LocalDate AsOf, IReadOnlyList<PupilId> Attendees, SchoolReport Before, SchoolReport After, IReadOnlyList<PlannedMove> Moves)
{
    /// <summary>Pupils moved to met per check, in the order of <see cref="CheckIds.PerPupil"/>; checks nobody moves on are left out.</summary>
    public IReadOnlyList<(string CheckId, int Pupils)> MovesByCheck =>
        [.. CheckIds.PerPupil.Select(id => (id, Moves.Count(m => string.Equals(m.CheckId, id, StringComparison.Ordinal)))).Where(x => x.Item2 > 0)];
}

/// <summary>
/// The planner's preview: the school's evidence plus one hypothetical activity, attended by every pupil on roll in its year
/// groups, evaluated by the same rules as the reports (no rule of its own). The activity is assumed to tick every checklist
/// item, in person, with no recorded times; it exists only in memory. Slice: eventmodel/slices/plan-activity-preview.json
/// </summary>
public static class ActivityPlanner
{
    /// <summary>The id the hypothetical activity carries; never appended.</summary>
    public static readonly ActivityId PreviewId = new("PLANNED-PREVIEW");

    private static readonly ActorId Planner = new("planner-preview");

    private static readonly ActivityChecklist EveryItem = new(true, true, true, true, true, true, true, true, true, true, true);

    public static ActivityPreview Preview(SchoolEvidence evidence, PlannedActivity planned, RuleSettings settings, LocalDate today, Instant knownAt)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(planned);
        var asOf = planned.Date > today ? planned.Date : today;
        var before = ComplianceRules.EvaluateSchool(evidence, settings, asOf, knownAt);
        var attendees = before.Pupils.Where(p => p.OnRoll && p.YearGroup is { } y && planned.YearGroups.Contains(y)).Select(p => p.PupilId).ToList();
        var details = new ActivityDetails(evidence.Urn, planned.Kind, planned.Date, null, null, DeliveryMode.InPerson,
            planned.Provider is { } provider ? [provider] : [], planned.Adviser, EveryItem, [.. planned.YearGroups.Order()], "Planned activity (preview)");
        // Recorded at the known-at instant, so the rules' "as the records stood" filter keeps it.
        var extra = new List<Recorded<ActivityEvent>> { new(new ActivityEvent.ActivityRecorded(PreviewId, details, Planner, knownAt), knownAt) };
        extra.AddRange(attendees.Select(p => new Recorded<ActivityEvent>(new ActivityEvent.AttendanceRecorded(PreviewId, p, true, Planner, knownAt), knownAt)));
        var after = ComplianceRules.EvaluateSchool(evidence with { ActivityEvents = [.. evidence.ActivityEvents, .. extra] }, settings, asOf, knownAt);

        var was = before.Pupils.ToDictionary(p => p.PupilId);
        var moves = new List<PlannedMove>();
        foreach (var pupil in after.Pupils)
        {
            if (!was.TryGetValue(pupil.PupilId, out var old))
            {
                continue;
            }

            foreach (var check in pupil.Checks.Where(c => c.Status == CheckStatus.Met))
            {
                var prior = old.Check(check.CheckId).Status;
                if (prior is CheckStatus.Due or CheckStatus.AtRisk or CheckStatus.NotMet)
                {
                    moves.Add(new PlannedMove(pupil.PupilId, pupil.YearGroup, check.CheckId, prior));
                }
            }
        }

        return new ActivityPreview(planned, asOf, attendees, before, after, moves);
    }
}
