using System.Globalization;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>The fields of an activity as the record and correct forms post them.</summary>
public sealed class ActivityInput
{
    public string? Kind { get; set; }

    public string? Title { get; set; }

    /// <summary>The subject department of a curriculum link (GB4, eventmodel/decisions/0044); optional.</summary>
    public string? Subject { get; set; }

    public string? Day { get; set; }

    public string? Month { get; set; }

    public string? Year { get; set; }

    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    public string? DeliveryMode { get; set; } = nameof(Domain.Activities.DeliveryMode.InPerson);

    public IList<int> YearGroups { get; set; } = [];

    public IList<string> Providers { get; set; } = [];

    public string? Adviser { get; set; }

    public IList<string> Checklist { get; set; } = [];

    public static IReadOnlyList<(string Value, string Text)> Kinds { get; } =
    [
        (nameof(ActivityKind.ProviderEncounter), "Provider encounter (college, university, apprenticeship provider)"),
        (nameof(ActivityKind.EmployerEncounter), "Employer encounter"),
        (nameof(ActivityKind.WorkplaceExperience), "Workplace experience"),
        (nameof(ActivityKind.UniversityVisit), "University visit"),
        (nameof(ActivityKind.LmiSession), "Labour market information session"),
        (nameof(ActivityKind.CurriculumLink), "Careers in the curriculum"),
    ];

    public static IReadOnlyList<(string Value, string Text)> Modes { get; } =
        [.. Enum.GetValues<Domain.Activities.DeliveryMode>().Select(m => (m.ToString(), RecordingWords.Mode(m)))];

    /// <summary>What the checklist tokens ticked mean, in words.</summary>
    public static IEnumerable<string> ChecklistWords(ActivityChecklist checklist)
    {
        ArgumentNullException.ThrowIfNull(checklist);
        var ticked = From(checklist);
        return ChecklistItems.Where(c => ticked.Contains(c.Token)).Select(c => c.Text);
    }

    public static IReadOnlyList<(string Token, string Text)> ChecklistItems { get; } =
    [
        ("provider_info", "Information about the provider and its offer"),
        ("careers", "Careers the provider's routes lead to"),
        ("learning_like", "What learning there is like"),
        ("questions", "Pupils' questions answered"),
        ("purpose", "A clear purpose shared beforehand"),
        ("outcomes", "Outcomes agreed"),
        ("two_way", "Two-way interaction"),
        ("reflection", "Pupils reflected afterwards"),
        ("range_of_people", "Met a range of people (workplace)"),
        ("task", "Did a task (workplace)"),
        ("feedback", "Got feedback (workplace)"),
    ];

    public static ActivityInput From(ActivityDetails d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var inv = CultureInfo.InvariantCulture;
        return new ActivityInput
        {
            Kind = d.Kind.ToString(),
            Title = d.Title,
            Subject = d.Subject,
            Day = d.Date.Day.ToString(inv),
            Month = d.Date.Month.ToString(inv),
            Year = d.Date.Year.ToString(inv),
            StartTime = d.StartTime is { } s ? LocalTimePattern.Create("HH:mm", inv).Format(s) : null,
            EndTime = d.EndTime is { } e ? LocalTimePattern.Create("HH:mm", inv).Format(e) : null,
            DeliveryMode = d.DeliveryMode.ToString(),
            YearGroups = [.. d.YearGroups],
            Providers = [.. d.ProviderIds.Select(p => p.Value)],
            Adviser = d.AdviserId?.Value,
            Checklist = From(d.Checklist),
        };
    }

    private static List<string> From(ActivityChecklist c)
    {
        bool[] ticks = [c.ProviderInfo, c.Careers, c.LearningLike, c.Questions, c.Purpose, c.Outcomes, c.TwoWay, c.Reflection, c.RangeOfPeople, c.Task, c.Feedback];
        return [.. ActivityChecklist.Tokens.Where((_, i) => ticks[i])];
    }

    /// <summary>The details these fields describe, or null with the problems added to <paramref name="errors"/>; providers and
    /// advisers must be on the registers the form offered.</summary>
    public ActivityDetails? ToDetails(string urn, LocalDate? date, ICollection<FormError> errors, RecordingRegisters registers, ActivityKind? fixedKind = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(registers);
        var kind = fixedKind ?? ReadKind(errors);
        if (string.IsNullOrWhiteSpace(Title))
        {
            errors.Add(new FormError("title", "Enter a title, for example “Year 10 college taster day”"));
        }
        else if (Title.Trim().Length > 200)
        {
            errors.Add(new FormError("title", "The title must be 200 characters or fewer"));
        }

        var start = Time(StartTime, "start-time", "Start time", errors);
        var end = Time(EndTime, "end-time", "End time", errors);
        if (start is { } s && end is { } e && e <= s)
        {
            errors.Add(new FormError("end-time", "End time must be after the start time"));
        }

        if (!Enum.TryParse<DeliveryMode>(DeliveryMode, out var mode))
        {
            errors.Add(new FormError("delivery-mode", "Select how the activity was delivered"));
        }

        var providers = Providers.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (providers.Any(p => !registers.HasProvider(p)))
        {
            errors.Add(new FormError("providers", "Select providers from the list"));
        }
        else if (kind == ActivityKind.ProviderEncounter && providers.Count == 0)
        {
            errors.Add(new FormError("providers", "Select the provider the pupils met for a provider encounter"));
        }

        AdviserId? adviser = string.IsNullOrWhiteSpace(Adviser) ? null : new AdviserId(Adviser.Trim());
        if (adviser is { } a && !registers.HasAdviser(a.Value))
        {
            errors.Add(new FormError("adviser", "Select an adviser from the list"));
        }
        else if (kind == ActivityKind.GuidanceMeeting && adviser is null)
        {
            errors.Add(new FormError("adviser", "Select the adviser who gave the guidance"));
        }

        var subject = ReadSubject(errors);
        if (YearGroups.Any(y => y is < 7 or > 13))
        {
            errors.Add(new FormError("year-groups", "Year groups are 7 to 13"));
        }

        var checklist = ActivityChecklist.Parse(Checklist, out _);
        if (errors.Count > 0 || kind is null || date is null)
        {
            return null;
        }

        return new ActivityDetails(new SchoolUrn(urn), kind.Value, date.Value, start, end, mode, [.. providers.Select(p => new ProviderId(p))], adviser, checklist,
            [.. YearGroups.Distinct().Order()], Title!.Trim(), subject);
    }

    private string? ReadSubject(ICollection<FormError> errors)
    {
        var subject = string.IsNullOrWhiteSpace(Subject) ? null : Subject.Trim();
        if (subject is { Length: > 100 })
        {
            errors.Add(new FormError("subject", "The subject must be 100 characters or fewer"));
        }

        return subject;
    }

    private ActivityKind? ReadKind(ICollection<FormError> errors)
    {
        if (Enum.TryParse<ActivityKind>(Kind, out var k) && Kinds.Any(x => string.Equals(x.Value, Kind, StringComparison.Ordinal)))
        {
            return k;
        }

        errors.Add(new FormError("kind", "Select what kind of activity it was"));
        return null;
    }

    private static LocalTime? Time(string? text, string fieldId, string what, ICollection<FormError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parsed = LocalTimePattern.Create("H:mm", CultureInfo.InvariantCulture).Parse(text.Trim());
        if (parsed.Success)
        {
            return parsed.Value;
        }

        errors.Add(new FormError(fieldId, $"{what} must be a time of day, for example 09:30"));
        return null;
    }
}
