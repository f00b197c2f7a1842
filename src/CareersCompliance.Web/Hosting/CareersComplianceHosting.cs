using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Audit;
using CareersCompliance.Application.Serialization;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Serialization;
using CareersCompliance.Web.Api;
using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Recording;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using NodaTime;

namespace CareersCompliance.Web.Hosting;

/// <summary>The web host's wiring: one <see cref="CareersRuntime"/>, accounts, cookie and bearer authentication, security headers.</summary>
public static class CareersComplianceHosting
{
    /// <summary>The address the host listens on unless configured otherwise (loopback only).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public const string AuthScheme = "Careers";

    /// <summary>
    /// Registers the services. The database is ConnectionStrings:Careers (the owner's login), else CAREERS_DB, else the
    /// private cluster; with ConnectionStrings:CareersApp and ConnectionStrings:CareersSealer (the roles' own logins) the
    /// host needs no owner login at all.
    /// </summary>
    public static async Task AddCareersComplianceAsync(this WebApplicationBuilder builder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseCareersStaticAssets();
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var resolved = RoleLogins(builder.Configuration)
            ?? new DatabaseLogins(await DatabaseLocator.ResolveAsync(builder.Configuration.GetConnectionString("Careers"), "ConnectionStrings:Careers", ct));
        var services = builder.Services;
        services.AddSingleton<IClock>(NodaTime.SystemClock.Instance);
        services.AddSingleton(sp => CareersRuntime.Create(Logins(sp.GetRequiredService<IConfiguration>(), resolved), sp.GetRequiredService<IClock>()));
        services.AddSingleton(sp => new AccountService(sp.GetRequiredService<CareersRuntime>().App, sp.GetRequiredService<IClock>()));
        services.AddSingleton(sp => new AccountSessions(sp.GetRequiredService<CareersRuntime>().App, sp.GetRequiredService<IClock>()));
        services.AddSingleton(sp => new AccessLog(sp.GetRequiredService<CareersRuntime>().App))
            .AddSingleton(sp => new SavedSearches(sp.GetRequiredService<CareersRuntime>().App, sp.GetRequiredService<IClock>()));
        services.AddSingleton<Directories>();
        services.AddSingleton<Standings>();
        services.AddScoped<Recorder>();
        services.AddScoped<AccessResolver>();
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddHostedService<LedgerWorker>();
        services.AddCareersAlerts();
        services.AddCareersRequestLimits();

        services.ConfigureHttpJsonOptions(o => AddDomainConverters(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<DatabaseUnavailable>();
        services.AddCareersHealth();
        services.AddOpenApi();
        services.AddRazorPages(options => options.Conventions.AllowAnonymousToPage("/Account/Login").AllowAnonymousToPage("/Error"));
        services.AddAntiforgery(ConfigureAntiforgery);
        services.AddAuthentication(AuthScheme)
            .AddPolicyScheme(AuthScheme, "Cookie or bearer token", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "careers.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Why not sliding: the server-side session (AccountSessions) gives the 30-minute idle timeout under this absolute end.
                options.ExpireTimeSpan = AccountSessions.Lifetime.ToTimeSpan();
                options.SlidingExpiration = false;
                options.LoginPath = "/Account/Login";
                options.AccessDeniedPath = "/Error/403";
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
                options.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    private static void ConfigureAntiforgery(Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions options)
    {
        options.Cookie.Name = "careers.af";
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    /// <summary>The request pipeline, pages and endpoints.</summary>
    public static WebApplication MapCareersCompliance(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSecurityHeaders();
        app.UseWhen(IsApi, api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(context => !IsApi(context), pages => pages.UseExceptionHandler("/Error/500").UseStatusCodePagesWithReExecute("/Error/{0}"));
        app.UseRouting();
        app.UseAuthentication();
        app.UseCareersRequestLimits();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages();
        app.MapReportsEndpoints();
        app.MapRecordingEndpoints();
        app.MapOpenApi().AllowAnonymous();
        app.MapCareersHealth();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.HttpContext))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    // Why per request: a session ended by sign-out, a new password or a disabled account, or left idle, must stop at once,
    // whoever holds a copy of its cookie; a cookie without a session id (issued before sessions were kept) is refused too.
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<AccountSessions>();
        var account = CareersClaims.SessionIdOf(context.Principal!) is { } session
            ? await sessions.ValidateAsync(session, context.HttpContext.RequestAborted)
            : null;
        if (account is null || account.AccountId != CareersClaims.AccountIdOf(context.Principal!))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    // Why: API responses carry domain records; dates must read "2027-01-01" and ids plain strings, as in the ledger.
    private static void AddDomainConverters(System.Text.Json.JsonSerializerOptions options)
    {
        NodaTimeJson.AddConverters(options.Converters);
        options.Converters.Add(new ValueJsonConverterFactory());
    }

    // Why read the configuration again here: a test host's settings are complete only once the container is built.
    private static DatabaseLogins Logins(IConfiguration configuration, DatabaseLogins resolved) =>
        RoleLogins(configuration) ?? (configuration.GetConnectionString("Careers") is { Length: > 0 } cs ? new DatabaseLogins(cs) : resolved);

    /// <summary>The roles' own logins when both are configured (each checked), else null; one without the other is an error.</summary>
    private static DatabaseLogins? RoleLogins(IConfiguration configuration)
    {
        var app = configuration.GetConnectionString("CareersApp");
        var sealer = configuration.GetConnectionString("CareersSealer");
        if (string.IsNullOrWhiteSpace(app) && string.IsNullOrWhiteSpace(sealer))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(app) || string.IsNullOrWhiteSpace(sealer))
        {
            throw new ConnectionStringException(
                "Set both ConnectionStrings:CareersApp and ConnectionStrings:CareersSealer (the logins of careers_app and careers_sealer), or neither.");
        }

        var owner = configuration.GetConnectionString("Careers");
        return new DatabaseLogins(
            string.IsNullOrWhiteSpace(owner) ? null : ConnectionStringSetting.Check(owner, "ConnectionStrings:Careers"),
            ConnectionStringSetting.Check(app, "ConnectionStrings:CareersApp"),
            ConnectionStringSetting.Check(sealer, "ConnectionStrings:CareersSealer"));
    }
}
