using System.Text.Json.Nodes;
using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Reports;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Api;

/// <summary>The JSON reads for scripts (cookie or bearer token), in the report contract's shapes; refusals are problem details.</summary>
public static class ReportsEndpoints
{
    public static RouteGroupBuilder MapReportsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Reports");
        group.MapGet("/trusts/{trustId}/report", GetTrustAsync);
        group.MapGet("/schools/{urn}/report", GetSchoolAsync);
        group.MapGet("/schools/{urn}/pupils", GetPupilsAsync);
        group.MapGet("/access-log", GetAccessLogAsync);
        return group;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetTrustAsync(
        string trustId, string? asOf, string? knownAt, AccessResolver resolver, Standings standings, Directories directories, CancellationToken ct)
    {
        var access = await resolver.GetAsync(ct);
        if (access is null || !access.CanReadTrust(trustId) || access.Directory.Trust(trustId) is null)
        {
            return Refused();
        }

        if (ParseAsOf(asOf, directories) is not { } date)
        {
            return BadDate();
        }

        if (!TryParseKnownAt(knownAt, out var known))
        {
            return BadKnownAt();
        }

        var urns = access.Directory.SchoolsOf(trustId).Select(s => s.Urn).ToList();
        var report = await standings.TrustAsync(trustId, urns, date, known, ct);
        return Json(ReportRendering.TrustJson(report));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetSchoolAsync(
        string urn, string? asOf, string? knownAt, AccessResolver resolver, Standings standings, Directories directories, CancellationToken ct)
    {
        var access = await resolver.GetAsync(ct);
        if (access is null || !access.CanReadSchool(urn))
        {
            return Refused();
        }

        if (ParseAsOf(asOf, directories) is not { } date)
        {
            return BadDate();
        }

        if (!TryParseKnownAt(knownAt, out var known))
        {
            return BadKnownAt();
        }

        return Json(ReportRendering.SchoolJson(await standings.SchoolAsync(urn, access.ClampAsOf(urn, date), known, ct)));
    }

    /// <summary>Every pupil's checks: pupil-level data, so the export is written to the access log first.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetPupilsAsync(
        string urn, string? asOf, string? knownAt, AccessResolver resolver, Standings standings, Directories directories, CareersRuntime runtime, AccessLog log,
        CancellationToken ct)
    {
        var access = await resolver.GetAsync(ct);
        if (access is null || !access.CanReadSchool(urn))
        {
            return Refused();
        }

        if (ParseAsOf(asOf, directories) is not { } date)
        {
            return BadDate();
        }

        if (!TryParseKnownAt(knownAt, out var known))
        {
            return BadKnownAt();
        }

        var report = await standings.SchoolAsync(urn, access.ClampAsOf(urn, date), known, ct);
        var ids = report.Pupils.Select(p => p.PupilId).ToList();
        var details = await runtime.Pupils.GetAsync(ids, ct);
        await log.WriteAsync(new AccessRecord(access.Account.AccountId, access.Account.Username, access.RoleName, AccessLog.Export,
            "GET /api/schools/{urn}/pupils", urn, access.Directory.School(urn)?.TrustId, [.. ids.Select(i => i.Value)], ids.Count,
            $"as of {LocalDatePattern.Iso.Format(report.AsOf)}, known at {InstantPattern.ExtendedIso.Format(report.KnownAt)}"), ct);
        var labels = ids.ToDictionary(i => i, i => access.PupilLabel(urn, i, details.GetValueOrDefault(i)));
        return Json(ReportRendering.PupilsJson(report, labels));
    }

    public static async Task<Results<Ok<IReadOnlyList<AccessLogEntry>>, ProblemHttpResult>> GetAccessLogAsync(
        string? user, string? school, Guid? pupil, AccessResolver resolver, AccessLog log, CancellationToken ct)
    {
        var access = await resolver.GetAsync(ct);
        if (access is null || !access.CanAudit)
        {
            return Refused();
        }

        return TypedResults.Ok(await log.QueryAsync(new AccessLogFilter(user, school, pupil, Schools: access.AuditableSchools), ct));
    }

    internal static NodaTime.LocalDate? ParseAsOf(string? text, Directories directories)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return directories.Today;
        }

        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        return parsed.Success ? parsed.Value : null;
    }

    /// <summary>
    /// "Records as known at", as the CLI's --known-at reads it: an instant (2027-03-01T12:00:00Z), a date and time with an
    /// offset, or a date (the end of that day in London). Empty means now; anything else is false.
    /// </summary>
    internal static bool TryParseKnownAt(string? text, out Instant? knownAt)
    {
        knownAt = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var trimmed = text.Trim();
        if (InstantPattern.ExtendedIso.Parse(trimmed) is { Success: true } instant)
        {
            knownAt = instant.Value;
        }
        else if (OffsetDateTimePattern.ExtendedIso.Parse(trimmed) is { Success: true } offset)
        {
            knownAt = offset.Value.ToInstant();
        }
        else if (LocalDatePattern.Iso.Parse(trimmed) is { Success: true } date)
        {
            knownAt = date.Value.PlusDays(1).AtStartOfDayInZone(Directories.London).ToInstant() - Duration.Epsilon;
        }

        return knownAt is not null;
    }

    private static ContentHttpResult Json(JsonNode node) => TypedResults.Content(ReportRendering.ToJson(node), "application/json");

    // Why one answer for "no such school" and "not yours": a refusal must not reveal which URNs exist.
    private static ProblemHttpResult Refused() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: "Your account may not read this.",
        type: "urn:careers-compliance:error:forbidden");

    private static ProblemHttpResult BadDate() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid as-of date", detail: "asOf must be a date (yyyy-MM-dd).",
        type: "urn:careers-compliance:error:invalid-date", extensions: Parameter("asOf"));

    private static ProblemHttpResult BadKnownAt() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid known-at instant",
        detail: "knownAt must be an instant (2027-03-01T12:00:00Z, or with an offset such as 2027-03-01T12:00:00+01:00) or a date (yyyy-MM-dd: the end of that day).",
        type: "urn:careers-compliance:error:invalid-instant", extensions: Parameter("knownAt"));

    private static Dictionary<string, object?> Parameter(string name) => new(StringComparer.Ordinal) { ["parameter"] = name };
}
