using System.Globalization;
using CareersCompliance.EventStore;
using Microsoft.AspNetCore.Diagnostics;

namespace CareersCompliance.Web.Hosting;

/// <summary>
/// Answers 503 with <c>Retry-After</c> when a request fails because the database is restarting, unreachable or out of
/// space, instead of a bare 500: people see a page that says what happened and what to do, API clients a problem
/// document they can retry on.
/// </summary>
internal sealed partial class DatabaseUnavailable(IProblemDetailsService problems, CareersCompliance.Application.CareersRuntime runtime, ILogger<DatabaseUnavailable> logger)
    : IExceptionHandler
{
    public const string Title = "The service cannot reach its database";

    public const string Detail =
        "This is usually over within a minute. Try again shortly. If you were saving a record, look for it before you send it " +
        "again: a change sent just as the database went away may have been saved.";

    public const string DiskFullTitle = "The database is out of disk space";

    public const string DiskFullDetail =
        "Nothing from this request was saved. Tell your administrator: space must be freed on the database server before records can be saved again.";

    private const int RetryAfterSeconds = 10;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseFaults.IsTransient(exception))
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        if (DatabaseFaults.IsConnectionLost(exception))
        {
            // Why: the pool's idle connections died with the server; without this each would fail one more request after it is back.
            runtime.ClearPools();
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (httpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            var diskFull = DatabaseFaults.IsDiskFull(exception);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = diskFull ? DiskFullTitle : Title,
                    Detail = diskFull ? DiskFullDetail : Detail,
                    Type = diskFull ? "database-disk-full" : "database-unavailable",
                },
            });
        }

        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(DatabaseFaults.IsDiskFull(exception) ? DiskFullPage : Page, cancellationToken);
        return true;
    }

    private static readonly string Page = HtmlPage("Sorry, the service cannot reach its database", Detail);

    private static readonly string DiskFullPage = HtmlPage("Sorry, the database is out of disk space", DiskFullDetail);

    // Why no layout: rendering it would run the pipeline, and signing the user in again needs the database.
    private static string HtmlPage(string heading, string detail) => $"""
        <!DOCTYPE html>
        <html lang="en" class="govuk-template">
        <head><meta charset="utf-8"><title>Service unavailable – Careers compliance</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="stylesheet" href="/lib/govuk-frontend/govuk-frontend.min.css"></head>
        <body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
        <h1 class="govuk-heading-l">{heading}</h1>
        <p class="govuk-body">{detail}</p>
        <p class="govuk-body"><a class="govuk-link" href="/">Go to the overview</a></p>
        </main></div></body></html>
        """;


    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database is unavailable")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, Exception exception);
}
