using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CareersCompliance.Domain.Alerts;

namespace CareersCompliance.Application.Alerts;

/// <summary>An outbox payload rendered for people (e-mail) and machines (webhook JSON).</summary>
public sealed record RenderedAlert(string Subject, string Text, string Json);

/// <summary>
/// The templates: what is wrong, where, how long is left, and a link to the school page (<see cref="AlertOptions.BaseUrl"/>).
/// A digest is the same blocks, one per alert. No personal data: the payload holds counts and places, never pupils.
/// </summary>
public static class AlertTemplates
{
    public static RenderedAlert Render(JsonElement payload, string idempotencyKey, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var digest = string.Equals(Str(payload, "kind"), "digest", StringComparison.Ordinal);
        var items = digest ? [.. payload.GetProperty("items").EnumerateArray()] : new[] { payload };
        var text = new StringBuilder();
        var json = new JsonArray();
        foreach (var item in items)
        {
            if (text.Length > 0)
            {
                text.Append("\n----\n\n");
            }

            AppendBlock(text, item, baseUrl);
            json.Add(Json(item, baseUrl));
        }

        text.Append(CultureInfo.InvariantCulture, $"\nReference (Idempotency-Key): {idempotencyKey}\n");
        var subject = digest
            ? $"[Careers compliance] Daily digest {Str(payload, "date")}: {items.Length} alert(s)"
            : $"[Careers compliance: {Severity(payload)}] {Str(payload, "subject")}";
        var body = new JsonObject
        {
            ["idempotencyKey"] = idempotencyKey,
            ["kind"] = digest ? "digest" : "alert",
            ["alerts"] = json,
        };
        return new RenderedAlert(subject, text.ToString(), body.ToJsonString());
    }

    /// <summary>The school page the templates link to.</summary>
    public static Uri SchoolPage(Uri baseUrl, string urn) => new(baseUrl, $"schools/{Uri.EscapeDataString(urn)}");

    private static void AppendBlock(StringBuilder text, JsonElement a, Uri baseUrl)
    {
        text.Append(CultureInfo.InvariantCulture, $"{Severity(a).ToUpperInvariant()}: {Str(a, "subject")}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"What is wrong: {Str(a, "detail")}\n");
        text.Append(CultureInfo.InvariantCulture, $"Where: {Where(a)}\n");
        text.Append(CultureInfo.InvariantCulture, $"How long is left: {Left(a)}\n");
        if (Str(a, "schoolUrn") is { } urn)
        {
            text.Append(CultureInfo.InvariantCulture, $"School page: {SchoolPage(baseUrl, urn)}\n");
        }

        var id = Str(a, "alertId") ?? "";
        text.Append(CultureInfo.InvariantCulture,
            $"Alert {id} (occurrence {Int(a, "occurrence")}), rule {Str(a, "rule")}. Acknowledge: careers alerts ack {id[..Math.Min(8, id.Length)]} --note \"...\"\n");
    }

    private static JsonObject Json(JsonElement a, Uri baseUrl) => new()
    {
        ["alertId"] = Str(a, "alertId"),
        ["occurrence"] = Int(a, "occurrence"),
        ["dedupeKey"] = Str(a, "dedupeKey"),
        ["rule"] = Str(a, "rule"),
        ["severity"] = Severity(a),
        ["trustId"] = Str(a, "trustId"),
        ["schoolUrn"] = Str(a, "schoolUrn"),
        ["subject"] = Str(a, "subject"),
        ["detail"] = Str(a, "detail"),
        ["count"] = Int(a, "count"),
        ["deadline"] = Str(a, "deadline"),
        ["daysLeft"] = Int(a, "daysLeft"),
        ["schoolUrl"] = Str(a, "schoolUrn") is { } urn ? SchoolPage(baseUrl, urn).ToString() : null,
    };

    private static string Where(JsonElement a) => (Str(a, "trustId"), Str(a, "schoolUrn")) switch
    {
        ({ } t, { } s) => $"school {s}, trust {t}",
        ({ } t, null) => $"trust {t}",
        _ => "operations (the records system itself)",
    };

    private static string Left(JsonElement a) => (Int(a, "daysLeft"), Str(a, "deadline")) switch
    {
        ({ } d, { } due) when d > 0 => $"{d} day(s), until {due}",
        (0, { } due) => $"today is the last day ({due})",
        ({ } d, { } due) => $"the deadline {due} passed {-d} day(s) ago",
        _ => "no deadline: act now",
    };

    private static string Severity(JsonElement a) => Int(a, "severity") is { } s ? ((AlertSeverity)s).ToString() : "Alert";

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
}
