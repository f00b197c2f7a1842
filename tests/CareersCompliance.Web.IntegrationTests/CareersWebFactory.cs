using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// The real web host over the demo database, with its clock replaceable (grant expiry) and the ledger worker off; with
/// <paramref name="manySignIns"/>, sign-in rate limits high enough for a whole test class signing in from one test client;
/// with <paramref name="serverOptions"/>, PostgreSQL settings for every connection the host opens (<c>-c name=value</c>).
/// </summary>
public sealed class CareersWebFactory(DemoDatabase database, IClock? clock = null, bool manySignIns = false, string? serverOptions = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The roles' own logins to run the host on, with no owner login and its ledger worker on (the sealer's role seals).</summary>
    public EventStore.Hosting.DatabaseLogins? RoleLogins { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (RoleLogins is { } logins)
        {
            builder.UseSetting("ConnectionStrings:Careers", "");
            builder.UseSetting("ConnectionStrings:CareersApp", logins.App);
            builder.UseSetting("ConnectionStrings:CareersSealer", logins.Sealer);
            builder.UseSetting("Careers:RunAlertsWorker", "false");
        }
        else
        {
            builder.UseSetting("ConnectionStrings:Careers", serverOptions is null
                ? database.ConnectionString
                : new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = serverOptions }.ConnectionString);
            builder.UseSetting("Careers:RunLedgerWorker", "false");
        }

        if (manySignIns)
        {
            // Why: a class sharing one host signs in dozens of times a minute, all from the one test client; the limits
            // themselves are proved by RateLimitTests on hosts of their own.
            builder.UseSetting("Careers:Limits:LoginPerClientPerMinute", "1000");
            builder.UseSetting("Careers:Limits:LoginPerAccountAndClientPerMinute", "1000");
        }

        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see 302s.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the login form (with its anti-forgery token) and returns the response to the POST.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string username, string password, CancellationToken ct)
    {
        var token = await AntiforgeryTokenAsync(client, "/Account/Login", ct);
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Input.Username"] = username,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }), ct);
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path, CancellationToken ct)
    {
        var html = await client.GetStringAsync(path, ct);
        return Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["token"].Value;
    }

    public async Task<HttpClient> SignedInAsync(string username, CancellationToken ct)
    {
        var client = Client();
        var response = await SignInAsync(client, username, database.Passwords[username], ct);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{username} signs in");
        return client;
    }
}

/// <summary>A test class with a web host of its own over the shared demo database, started before its tests and disposed after.</summary>
public abstract class WebHostTests(DemoDatabase db) : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected DemoDatabase Db { get; } = db;

    protected CareersWebFactory Factory { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Factory = new CareersWebFactory(Db);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>One web host for all of a test class's tests (a class fixture), for classes whose tests need nothing of a fresh host.</summary>
public sealed class SharedWebHost(DemoDatabase db) : IAsyncDisposable
{
    public CareersWebFactory Factory { get; } = new(db, manySignIns: true);

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

/// <summary>A test class whose tests share one web host (<see cref="SharedWebHost"/>): start-up paid once, not per test.</summary>
public abstract class SharedWebHostTests(DemoDatabase db, SharedWebHost host) : IClassFixture<SharedWebHost>
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected DemoDatabase Db { get; } = db;

    protected CareersWebFactory Factory => host.Factory;
}
