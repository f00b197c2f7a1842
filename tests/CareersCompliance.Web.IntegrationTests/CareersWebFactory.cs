using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>The real web host over the demo database, with its clock replaceable (grant expiry) and the ledger worker off.</summary>
public sealed class CareersWebFactory(DemoDatabase database, IClock? clock = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Careers", database.ConnectionString);
        builder.UseSetting("Careers:RunLedgerWorker", "false");
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
