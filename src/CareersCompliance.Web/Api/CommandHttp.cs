using System.Globalization;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Api;

/// <summary>The answer to a command: the stream's new version (also sent as the ETag) and how many events it appended.</summary>
public sealed record CommandResponse(string Id, long Version, int Appended);

/// <summary>
/// HTTP plumbing for commands: <c>If-Match</c> becomes the expected stream version, the new version goes back as
/// <c>ETag</c>, a domain rule becomes a 422 problem typed <c>urn:careers-compliance:error:CODE</c>, and a concurrent
/// change becomes 412 when the client sent If-Match (409 otherwise).
/// </summary>
internal static class CommandHttp
{
    public const string ErrorType = "urn:careers-compliance:error:";

    /// <summary>Reads <c>If-Match: "5"</c> (or <c>W/"5"</c>); null when absent or <c>*</c>; false when unreadable.</summary>
    public static bool TryExpected(string? ifMatch, out ExpectedVersion? expected)
    {
        expected = null;
        if (string.IsNullOrWhiteSpace(ifMatch) || string.Equals(ifMatch.Trim(), "*", StringComparison.Ordinal))
        {
            return true;
        }

        var text = ifMatch.Trim();
        text = text.StartsWith("W/", StringComparison.Ordinal) ? text[2..] : text;
        if (long.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 0)
        {
            expected = ExpectedVersion.Exact(version);
            return true;
        }

        return false;
    }

    public static string ETag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static async Task<Results<Ok<CommandResponse>, Created<CommandResponse>, ProblemHttpResult>> RunAsync(
        string id, string? ifMatch, HttpResponse response, Func<ExpectedVersion?, Task<AppendResult>> command, string? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(command);
        if (!TryExpected(ifMatch, out var expected))
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid-if-match", "Invalid If-Match", "If-Match must be a stream version in quotes, for example \"3\".");
        }

        try
        {
            var result = await command(expected);
            response.Headers.ETag = ETag(result.NextExpectedVersion);
            var body = new CommandResponse(id, result.NextExpectedVersion, result.Appended);
            return createdAt is null ? TypedResults.Ok(body) : TypedResults.Created(createdAt, body);
        }
        catch (DomainRuleViolation e)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, e.Code, "The command breaks a rule", e.Message);
        }
        catch (ConcurrencyConflictException)
        {
            return expected is not null
                ? Problem(StatusCodes.Status412PreconditionFailed, "stale-version", "The record has changed", "If-Match names an older version; read the record again.")
                : Problem(StatusCodes.Status409Conflict, "concurrent-change", "The record changed meanwhile", "Another change was recorded at the same time; try again.");
        }
    }

    public static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, type: ErrorType + code);

    // Why one answer for "no such record" and "not yours": a refusal must not reveal what other schools recorded.
    public static ProblemHttpResult Refused() =>
        Problem(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", "Your account may not record this.");

    public static ProblemHttpResult Invalid(string detail) => Problem(StatusCodes.Status400BadRequest, "invalid-request", "Invalid request", detail);

    public static LocalDate? Date(string? text) =>
        text is not null && LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : null;

    public static LocalTime? Time(string? text) =>
        text is not null && LocalTimePattern.Create("H:mm", CultureInfo.InvariantCulture).Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : null;
}
