using CareersCompliance.Application.Import;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Referrals;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>The plain words a person reads on the recording pages for the codes the domain and the stores use.</summary>
public static class RecordingWords
{
    public static string Kind(ActivityKind kind) => kind switch
    {
        ActivityKind.ProviderEncounter => "Provider encounter",
        ActivityKind.EmployerEncounter => "Employer encounter",
        ActivityKind.WorkplaceExperience => "Workplace experience",
        ActivityKind.UniversityVisit => "University visit",
        ActivityKind.GuidanceMeeting => "Personal guidance meeting",
        ActivityKind.LmiSession => "Labour market information session",
        ActivityKind.CurriculumLink => "Careers in the curriculum",
        _ => kind.ToString(),
    };

    /// <summary>The kind as the timeline stores it (<c>guidance_meeting</c>), in words.</summary>
    public static string Kind(string storedKind) =>
        Enum.GetValues<ActivityKind>().Where(k => string.Equals(ImportVocabulary.Name(k), storedKind, StringComparison.Ordinal)).Select(Kind).FirstOrDefault() ?? storedKind;

    public static string Mode(DeliveryMode mode) => mode switch
    {
        DeliveryMode.InPerson => "In person",
        DeliveryMode.LiveVirtual => "Live online",
        DeliveryMode.Recorded => "Recorded",
        _ => mode.ToString(),
    };

    /// <summary>Where a record came from: the file and line it was imported from, or how it was entered.</summary>
    public static string Source(string sourceKind, string? importFile, long? importLine) => importFile switch
    {
        not null when importLine is { } line => $"{importFile} line {line}",
        not null => importFile,
        _ => sourceKind switch
        {
            "ui" => "on this site",
            "api" => "through the API",
            "import" => "imported",
            _ => "by the system",
        },
    };

    public static (string Name, int Order) ProviderGroup(ProviderKind kind) => kind switch
    {
        ProviderKind.FeCollege or ProviderKind.SixthFormCollege or ProviderKind.SchoolSixthForm => ("Colleges and sixth forms", 0),
        ProviderKind.Utc or ProviderKind.StudioSchool => ("University technical colleges and studio schools", 1),
        ProviderKind.University => ("Universities", 2),
        ProviderKind.Itp => ("Apprenticeship and training providers", 3),
        ProviderKind.Employer => ("Employers", 4),
        _ => ("Other providers", 5),
    };

    public static string Priority(ReferralPriority priority) => priority switch
    {
        ReferralPriority.Routine => "Routine",
        ReferralPriority.Priority => "Soon (priority)",
        ReferralPriority.Urgent => "Urgent",
        _ => priority.ToString(),
    };

    public static string Closure(ReferralClosure closure) => closure switch
    {
        ReferralClosure.GuidanceGiven => "Guidance was given",
        ReferralClosure.NoLongerNeeded => "No longer needed",
        ReferralClosure.PupilLeft => "The pupil left the school",
        ReferralClosure.Declined => "The pupil declined",
        _ => closure.ToString(),
    };

    public static string Source(ReferralSource source) => source switch
    {
        ReferralSource.Staff => "A member of staff",
        ReferralSource.Parent => "A parent or carer",
        ReferralSource.Pupil => "The pupil",
        _ => source.ToString(),
    };

    /// <summary>A referral's recorded step (its stored event type) in words.</summary>
    public static string ReferralStep(string eventType) => eventType switch
    {
        "referral_raised" => "Raised",
        "referral_triaged" => "Triaged",
        "referral_meeting_booked" => "Meeting booked",
        "referral_completed" => "Meeting took place",
        "referral_closed" => "Closed",
        _ => eventType.Replace('_', ' '),
    };
}
