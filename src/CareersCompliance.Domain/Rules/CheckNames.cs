namespace CareersCompliance.Domain.Rules;

/// <summary>
/// The one place that names checks in plain words for people: every page, alert and CLI table uses it. The ids stay in
/// JSON, CSV and tooltips, where tools and people who know them look them up.
/// </summary>
public static class CheckNames
{
    /// <summary>The plain name of a check; the id itself for an id this map does not know.</summary>
    public static string Of(string checkId) => checkId switch
    {
        CheckIds.PalP1 => "Provider encounters, Years 8–9",
        CheckIds.PalP2 => "Provider encounters, Years 10–11",
        CheckIds.PalP3 => "Provider encounters offered, Years 12–13",
        CheckIds.Gb5 => "Gatsby 5: employer encounter this year",
        "GB5.Years" => "Gatsby 5: employer encounter every year",
        CheckIds.Gb6By16 => "Gatsby 6: workplace experience by 16",
        CheckIds.Gb6By18 => "Gatsby 6: workplace experience by 18",
        CheckIds.Gb7By16 => "Gatsby 7: sixth form, college, university and training provider by 16",
        CheckIds.Gb7He => "Gatsby 7: university visits for pupils considering it",
        CheckIds.Gb8By16 => "Gatsby 8: personal guidance by 16",
        CheckIds.Gb8By18 => "Gatsby 8: personal guidance by 18",
        "IAG.Independent" => "Independent careers guidance this key stage",
        CheckIds.SendYear9Review => "EHC plan: Year 9 review preparing for adulthood",
        CheckIds.SendPhaseTransfer => "EHC plan: post-16 placement named by 31 March",
        CheckIds.PalOccasions => "Provider encounters offered",
        CheckIds.PublicationCareersInfo => "Careers programme information published",
        CheckIds.PalPolicyStatement => "Provider access policy statement published",
        CheckIds.CareersLeader => "Trained careers leader",
        CheckIds.PolicyReview => "Careers policy reviewed",
        _ => checkId,
    };

    /// <summary>The plain name with the id after it, for a reader who needs both (a CLI line, an alert subject).</summary>
    public static string WithId(string checkId) => string.Equals(Of(checkId), checkId, StringComparison.Ordinal) ? checkId : $"{Of(checkId)} ({checkId})";
}
