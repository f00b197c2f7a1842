using System.Text.Json.Nodes;
using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Reports;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
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
        string trustId, string? asOf, AccessResolver resolver, Standings standings, Directories directories, CancellationToken ct)
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

        var urns = access.Directory.SchoolsOf(trustId).Select(s => s.Urn).ToList();
        var report = await standings.TrustAsync(trustId, urns, date, ct);
        return Json(ReportRendering.TrustJson(report));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetSchoolAsync(
        string urn, string? asOf, AccessResolver resolver, Standings standings, Directories directories, CancellationToken ct)
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

        return Json(ReportRendering.SchoolJson(await standings.SchoolAsync(urn, access.ClampAsOf(urn, date), ct)));
    }

    /// <summary>Every pupil's checks: pupil-level data, so the export is written to the access log first.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetPupilsAsync(
        string urn, string? asOf, AccessResolver resolver, Standings standings, Directories directories, CareersRuntime runtime, AccessLog log,
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

        var report = await standings.SchoolAsync(urn, access.ClampAsOf(urn, date), ct);
        var ids = report.Pupils.Select(p => p.PupilId).ToList();
        var details = await runtime.Pupils.GetAsync(ids, ct);
        await log.WriteAsync(new AccessRecord(access.Account.AccountId, access.Account.Username, access.RoleName, AccessLog.Export,
            "GET /api/schools/{urn}/pupils", urn, access.Directory.School(urn)?.TrustId, [.. ids.Select(i => i.Value)], ids.Count,
            $"as of {LocalDatePattern.Iso.Format(report.AsOf)}"), ct);
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

    private static ContentHttpResult Json(JsonNode node) => TypedResults.Content(ReportRendering.ToJson(node), "application/json");

    // Why one answer for "no such school" and "not yours": a refusal must not reveal which URNs exist.
    private static ProblemHttpResult Refused() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: "Your account may not read this.",
        type: "urn:careers-compliance:error:forbidden");

    private static ProblemHttpResult BadDate() => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid as-of date", detail: "asOf must be a date (yyyy-MM-dd).",
        type: "urn:careers-compliance:error:invalid-date");
}
