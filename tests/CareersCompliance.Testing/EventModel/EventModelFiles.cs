using System.Text.Json;
using System.Text.RegularExpressions;

namespace CareersCompliance.Testing.EventModel;

/// <summary>
/// Reads eventmodel/ as copied beside a test assembly, and tells prose from source code in its descriptions.
/// Why a shared reader: the model is checked against the domain (Domain.Tests) and against the projections and
/// automations (Application.Tests); both read the same files the same way.
/// </summary>
public static partial class EventModelFiles
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "eventmodel");

    public static JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, file))).RootElement;

    /// <summary>The entries of a registry (events.json, readmodels.json, ...) keyed by their kebab ids.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Registry(string file) =>
        Read(file).EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    /// <summary>The strings of an optional array property, or none.</summary>
    public static IReadOnlyList<string> Strings(JsonElement owner, string property) =>
        owner.TryGetProperty(property, out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : [];

    /// <summary>Every <c>description</c> and <c>note</c> in every file of the model, with where it is.</summary>
    public static IEnumerable<(string Where, string Text)> Prose()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(Directory, file);
            foreach (var found in Prose(JsonDocument.Parse(File.ReadAllText(file)).RootElement, name))
            {
                yield return found;
            }
        }
    }

    /// <summary>What makes a description source code rather than prose, or null when it reads as prose.</summary>
    public static string? CodeIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CodeSigns.Select(sign => sign.Pattern.Match(text) is { Success: true } m ? $"{sign.What} (\"{m.Value}\")" : null)
            .FirstOrDefault(found => found is not null);
    }

    // Why these signs: each is common in C# and never needed in a sentence for a compliance officer. A semicolon alone is
    // ordinary punctuation, so only a statement-ending one (after a closing parenthesis, or last) counts.
    private static readonly (string What, Regex Pattern)[] CodeSigns =
    [
        ("braces", Braces()),
        ("a doc comment or XML tag", DocTag()),
        ("a lambda arrow or an operator", Operator()),
        ("a C# declaration", Declaration()),
        ("a statement-ending semicolon", StatementEnd()),
        ("a generic type", Generic()),
    ];

    private static IEnumerable<(string Where, string Text)> Prose(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && p.Name is "description" or "note")
                {
                    yield return ($"{where}.{p.Name}", p.Value.GetString()!);
                }

                foreach (var found in Prose(p.Value, $"{where}.{p.Name}"))
                {
                    yield return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                foreach (var found in Prose(item, $"{where}[{i++}]"))
                {
                    yield return found;
                }
            }
        }
    }

    [GeneratedRegex("[{}]", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Braces();

    [GeneratedRegex(@"///|<\s*/?\s*[A-Za-z]", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DocTag();

    [GeneratedRegex(@"=>|==|&&|\|\|", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Operator();

    [GeneratedRegex(@"\b(public|private|internal|protected|static|sealed|abstract|readonly)\s+(static|sealed|abstract|readonly|override|partial|enum|class|record|struct|interface|void|bool|int|string)\b|\b(enum|class|record|struct|interface)\s+[A-Z][a-z0-9]+[A-Z]\w*", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\)\s*;|;\s*$", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StatementEnd();

    [GeneratedRegex(@"\b[A-Z]\w*<\w", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Generic();
}
