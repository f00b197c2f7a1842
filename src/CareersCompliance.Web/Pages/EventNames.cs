using System.Text;
using CareersCompliance.Domain;

namespace CareersCompliance.Web.Pages;

/// <summary>Stored event names and internal kinds in plain words for people ("attendance_recorded" reads "Attendance recorded").</summary>
public static class EventNames
{
    /// <summary>Every stored event name with its plain name, grouped by what it is about, in the registry's order.</summary>
    public static IReadOnlyList<(string Group, IReadOnlyList<(string Code, string Name)> Events)> Groups { get; } =
    [
        .. EventTypes.All
            .GroupBy(e => e.Type.DeclaringType?.Name ?? e.Type.Name, StringComparer.Ordinal)
            .Select(g => (GroupName(g.Key), (IReadOnlyList<(string, string)>)[.. g.Select(e => (e.StoredName, Plain(e.StoredName)))])),
    ];

    /// <summary>"attendance_recorded" as "Attendance recorded"; an unknown name is returned as it is.</summary>
    public static string Plain(string storedName)
    {
        ArgumentNullException.ThrowIfNull(storedName);
        var words = storedName.Replace("_re_", "_re-", StringComparison.Ordinal).Replace('_', ' ').Trim();
        return words.Length == 0 ? storedName : Acronyms(char.ToUpperInvariant(words[0]) + words[1..]);
    }

    /// <summary>An internal kind such as "ProviderEncounter" as "Provider encounter".</summary>
    public static string Words(string pascalCase)
    {
        ArgumentNullException.ThrowIfNull(pascalCase);
        var text = new StringBuilder(pascalCase.Length + 4);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var c = pascalCase[i];
            if (i > 0 && char.IsUpper(c))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return Acronyms(text.ToString());
    }

    private static string GroupName(string eventClass) => eventClass switch
    {
        "ComplianceCaseEvent" => "Ladder of support",
        "ActivityEvent" => "Activities",
        "PrivacyEvent" => "Privacy",
        _ => Words(eventClass.Replace("Event", "", StringComparison.Ordinal)) + "s",
    };

    // Why: "lmi_session" reads "LMI session" to a person, as the statutory guidance writes it, not "Lmi session".
    private static string Acronyms(string words) =>
        System.Text.RegularExpressions.Regex.Replace(words, @"\bLmi\b|\blmi\b", "LMI", System.Text.RegularExpressions.RegexOptions.None,
            TimeSpan.FromSeconds(1));
}
