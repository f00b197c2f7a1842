using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Activities;

/// <summary>What kind of careers activity took place (the activities import's <c>kind</c>).</summary>
public enum ActivityKind
{
    ProviderEncounter,
    EmployerEncounter,
    WorkplaceExperience,
    UniversityVisit,
    GuidanceMeeting,
    LmiSession,
    CurriculumLink,
}

/// <summary>How an activity was delivered.</summary>
public enum DeliveryMode
{
    InPerson,
    LiveVirtual,
    Recorded,
}

/// <summary>
/// The checklist ticked for an activity: the four PAL content items, the 2024 "meaningful" items and the
/// workplace experience items. Import tokens are the snake_case names (<see cref="Parse"/>).
/// </summary>
public sealed record ActivityChecklist(
    bool ProviderInfo = false,
    bool Careers = false,
    bool LearningLike = false,
    bool Questions = false,
    bool Purpose = false,
    bool Outcomes = false,
    bool TwoWay = false,
    bool Reflection = false,
    bool RangeOfPeople = false,
    bool Task = false,
    bool Feedback = false)
{
    public static ActivityChecklist None { get; } = new();

    // Why methods, not properties: a serialiser would write computed properties into the event payload.

    /// <summary>All four PAL content items: provider and offer, careers, what learning is like, answers to questions.</summary>
    public bool HasAllPalContent() => ProviderInfo && Careers && LearningLike && Questions;

    /// <summary>The 2024 meaningful employer encounter: purpose, outcomes, two-way interaction, reflection.</summary>
    public bool IsMeaningfulEncounter() => Purpose && Outcomes && TwoWay && Reflection;

    /// <summary>The 2024 meaningful workplace experience: the encounter items plus range of people, a task and feedback.</summary>
    public bool IsMeaningfulWorkplaceExperience() => IsMeaningfulEncounter() && RangeOfPeople && Task && Feedback;

    /// <summary>The 2024 meaningful provider encounter: purpose, outcomes, two-way, provider information, what learning is like, reflection.</summary>
    public bool IsMeaningfulProviderEncounter() => Purpose && Outcomes && TwoWay && ProviderInfo && LearningLike && Reflection;

    public static IReadOnlyList<string> Tokens { get; } =
        ["provider_info", "careers", "learning_like", "questions", "purpose", "outcomes", "two_way", "reflection", "range_of_people", "task", "feedback"];

    /// <summary>Builds a checklist from import tokens; returns the tokens it did not recognise.</summary>
    public static ActivityChecklist Parse(IEnumerable<string> tokens, out IReadOnlyList<string> unknown)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var bad = new List<string>();
        foreach (var raw in tokens)
        {
            var t = raw.Trim();
            if (t.Length == 0)
            {
                continue;
            }

            if (Tokens.Contains(t, StringComparer.OrdinalIgnoreCase))
            {
                set.Add(t);
            }
            else
            {
                bad.Add(t);
            }
        }

        unknown = bad;
        return new ActivityChecklist(
            set.Contains("provider_info"), set.Contains("careers"), set.Contains("learning_like"), set.Contains("questions"),
            set.Contains("purpose"), set.Contains("outcomes"), set.Contains("two_way"), set.Contains("reflection"),
            set.Contains("range_of_people"), set.Contains("task"), set.Contains("feedback"));
    }
}

/// <summary>
/// Everything recorded about an activity. <see cref="YearGroups"/> are the year groups it was put on for;
/// empty means "the year groups of those who attended". <see cref="Subject"/> is the subject department a curriculum link
/// belongs to (GB4, eventmodel/decisions/0044); null on activities recorded before subjects existed. Equality compares the lists by content.
/// </summary>
public sealed record ActivityDetails(
    SchoolUrn SchoolUrn,
    ActivityKind Kind,
    LocalDate Date,
    LocalTime? StartTime,
    LocalTime? EndTime,
    DeliveryMode DeliveryMode,
    IReadOnlyList<ProviderId> ProviderIds,
    AdviserId? AdviserId,
    ActivityChecklist Checklist,
    IReadOnlyList<int> YearGroups,
    string Title,
    string? Subject = null)
{
    public bool Equals(ActivityDetails? other) =>
        other is not null
        && SchoolUrn == other.SchoolUrn && Kind == other.Kind && Date == other.Date
        && StartTime == other.StartTime && EndTime == other.EndTime && DeliveryMode == other.DeliveryMode
        && ProviderIds.SequenceEqual(other.ProviderIds) && AdviserId == other.AdviserId
        && Checklist == other.Checklist && YearGroups.SequenceEqual(other.YearGroups)
        && string.Equals(Title, other.Title, StringComparison.Ordinal)
        && string.Equals(Subject, other.Subject, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(SchoolUrn, Kind, Date, Title);
}
