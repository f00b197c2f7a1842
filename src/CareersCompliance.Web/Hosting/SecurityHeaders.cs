namespace CareersCompliance.Web.Hosting;

/// <summary>Headers on every response: no inline scripts or styles, no framing, no sniffing, no referrer, no caching of pages.</summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            if (!context.Request.Path.StartsWithSegments("/lib", StringComparison.OrdinalIgnoreCase) && !context.Request.Path.StartsWithSegments("/css", StringComparison.OrdinalIgnoreCase)
                && !context.Request.Path.StartsWithSegments("/js", StringComparison.OrdinalIgnoreCase))
            {
                // Why: pages carry pupil data; a shared machine's cache must not keep them.
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next(context);
    });
}
