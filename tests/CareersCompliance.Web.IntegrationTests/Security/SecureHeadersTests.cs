using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CareersCompliance.Web.IntegrationTests.Security;

/// <summary>CSP, frame denial, nosniff and Referrer-Policy on pages, API answers, error pages and refusals; HSTS over HTTPS only.</summary>
[Collection(WebTests.Name)]
public sealed class SecureHeadersTests(DemoDatabase db) : WebHostTests(db)
{
    [Fact]
    public async Task every_kind_of_response_carries_csp_frame_denial_nosniff_and_referrer_policy()
    {
        var anonymous = Factory.Client();
        var director = await Factory.SignedInAsync("director-llt", Ct);
        var leader = await Factory.SignedInAsync($"leader-{Db.LltSchool}", Ct);
        var responses = new Dictionary<string, HttpResponseMessage>(StringComparer.Ordinal)
        {
            ["sign-in page"] = await anonymous.GetAsync("/Account/Login", Ct),
            ["school page"] = await director.GetAsync($"/schools/{Db.LltSchool}", Ct),
            ["API report"] = await director.GetAsync("/api/trusts/LLT/report", Ct),
            ["API 401"] = await anonymous.GetAsync("/api/trusts/LLT/report", Ct),
            ["API 403"] = await director.GetAsync("/api/trusts/JTMAT/report", Ct),
            ["API 400"] = await leader.PostAsync($"/api/schools/{Db.LltSchool}/activities", new StringContent("{", Encoding.UTF8, "application/json"), Ct),
            ["API 413"] = await leader.PostAsync($"/api/schools/{Db.LltSchool}/activities",
                new StringContent(new string(' ', 2 * 1024 * 1024), Encoding.UTF8, "application/json"), Ct),
            ["404 page"] = await director.GetAsync("/no-such-page", Ct),
            ["403 page"] = await director.GetAsync("/trusts/JTMAT", Ct),
            ["error page"] = await anonymous.GetAsync("/Error/500", Ct),
            ["redirect to sign in"] = await anonymous.GetAsync("/audit", Ct),
        };

        foreach (var (what, response) in responses)
        {
            Header(response, "Content-Security-Policy").Should().Contain("default-src 'self'").And.Contain("frame-ancestors 'none'", what);
            Header(response, "X-Frame-Options").Should().Be("DENY", what);
            Header(response, "X-Content-Type-Options").Should().Be("nosniff", what);
            Header(response, "Referrer-Policy").Should().Be("no-referrer", what);
            response.Headers.Contains("Strict-Transport-Security").Should().BeFalse($"{what}: no HSTS over plain HTTP (it would be ignored, and loopback serves HTTP)");
        }

        responses["404 page"].StatusCode.Should().Be(HttpStatusCode.NotFound);
        responses["API 413"].StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task over_https_responses_carry_hsts()
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var page = await client.GetAsync("/Account/Login", Ct);
        var api = await client.GetAsync("/api/trusts/LLT/report", Ct);

        foreach (var response in new[] { page, api })
        {
            Header(response, "Strict-Transport-Security").Should().Contain("max-age=").And.Contain("includeSubDomains");
            Header(response, "X-Frame-Options").Should().Be("DENY");
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : "";
}
