using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Schools;
namespace CareersCompliance.Application.Import;

/// <summary>The contract's words for each enum value, both ways.</summary>
public static class ImportVocabulary
{
    public static string Name(SchoolType value) => value switch
    {
        SchoolType.Academy => "academy",
        SchoolType.Maintained => "maintained",
        SchoolType.Special => "special",
        SchoolType.Pru => "pru",
        SchoolType.ApAcademy => "ap_academy",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Name(ProviderKind value) => value switch
    {
        ProviderKind.FeCollege => "fe_college",
        ProviderKind.SixthFormCollege => "sixth_form_college",
        ProviderKind.SchoolSixthForm => "school_sixth_form",
        ProviderKind.Itp => "itp",
        ProviderKind.Utc => "utc",
        ProviderKind.StudioSchool => "studio_school",
        ProviderKind.University => "university",
        ProviderKind.Employer => "employer",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Name(SenStatus value) => value switch
    {
        SenStatus.None => "none",
        SenStatus.SenSupport => "k",
        SenStatus.EhcPlan => "e",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Name(ActivityKind value) => value switch
    {
        ActivityKind.ProviderEncounter => "provider_encounter",
        ActivityKind.EmployerEncounter => "employer_encounter",
        ActivityKind.WorkplaceExperience => "workplace_experience",
        ActivityKind.UniversityVisit => "university_visit",
        ActivityKind.GuidanceMeeting => "guidance_meeting",
        ActivityKind.LmiSession => "lmi_session",
        ActivityKind.CurriculumLink => "curriculum_link",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Name(DeliveryMode value) => value switch
    {
        DeliveryMode.InPerson => "in_person",
        DeliveryMode.LiveVirtual => "live_virtual",
        DeliveryMode.Recorded => "recorded",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Name(DestinationStage value) => value switch
    {
        DestinationStage.Intended => "intended",
        DestinationStage.Actual => "actual",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static string Name(Destination value) => value switch
    {
        Destination.SixthForm => "sixth_form",
        Destination.Fe => "fe",
        Destination.Apprenticeship => "apprenticeship",
        Destination.EmploymentWithTraining => "employment_with_training",
        Destination.Employment => "employment",
        Destination.He => "he",
        Destination.Neet => "neet",
        Destination.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static IReadOnlyList<(ChecklistItems Flag, string Name)> ChecklistFlags { get; } =
    [
        (ChecklistItems.ProviderInfo, "provider_info"),
        (ChecklistItems.Careers, "careers"),
        (ChecklistItems.LearningLike, "learning_like"),
        (ChecklistItems.Questions, "questions"),
        (ChecklistItems.Purpose, "purpose"),
        (ChecklistItems.Outcomes, "outcomes"),
        (ChecklistItems.TwoWay, "two_way"),
        (ChecklistItems.Reflection, "reflection"),
        (ChecklistItems.RangeOfPeople, "range_of_people"),
        (ChecklistItems.Task, "task"),
        (ChecklistItems.Feedback, "feedback"),
    ];

    /// <summary>The checklist as the contract writes it: <c>;</c>-separated flags in contract order.</summary>
    public static string Name(ChecklistItems items) =>
        string.Join(';', ChecklistFlags.Where(f => items.HasFlag(f.Flag)).Select(f => f.Name));
}
