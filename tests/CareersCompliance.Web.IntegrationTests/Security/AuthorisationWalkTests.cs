using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareersCompliance.Application.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace CareersCompliance.Web.IntegrationTests.Security;

/// <summary>
/// Walks every endpoint and page the host maps (read from its <see cref="EndpointDataSource"/>, so a new page is walked
/// without anyone listing it) as every role, over the role's own schools, other schools of its trust, another trust's
/// school, and an own school URN combined with another trust's pupil, activity and referral ids. Whatever the reviewed
/// <see cref="Allowed"/> table does not grant must be refused (401, 403 or a redirect to sign in); nothing may answer 5xx.
/// </summary>
[Collection(WebTests.Name)]
public sealed class AuthorisationWalkTests(DemoDatabase db)
{
    private const string Anonymous = "anonymous";
    private const string Admin = "admin";
    private const string Director = "director";
    private const string Officer = "officer";
    private const string Leader = "leader";
    private const string Inspector = "inspector";
    private const string ExpiredInspector = "inspector-expired";
    private const string StaleVersion = "\"987654\"";
    private static readonly Guid UnknownId = Guid.NewGuid();

    private static readonly string[] Everyone = [Anonymous, Admin, Director, Officer, Leader, Inspector, ExpiredInspector];
    private static readonly string[] SignedIn = [Admin, Director, Officer, Leader, Inspector, ExpiredInspector];
    private static readonly string[] SchoolReaders = [Admin, Director, Officer, Leader, Inspector];
    private static readonly string[] TrustReaders = [Admin, Director, Officer];
    private static readonly string[] Auditors = [Admin, Officer];
    private static readonly string[] Recorders = [Leader];
    private static readonly string[] AlertUsers = [Admin, Director, Officer, Leader];

    /// <summary>
    /// The reviewed allow-list: route pattern → roles that may succeed on it. School-scoped patterns ({urn}, {trustId} or a
    /// record id) succeed only over the role's own schools. Every mapped pattern must have a row, even an empty one.
    /// </summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        // Pages
        ["/"] = SignedIn,
        ["/Index"] = SignedIn,
        ["/Account/Login"] = Everyone,
        ["/Account/Logout"] = SignedIn,
        ["/Error/{code:int?}"] = Everyone,
        ["/access-log"] = Auditors,
        ["/audit"] = Auditors,
        ["/trusts/{trustId}"] = TrustReaders,
        ["/schools/{urn}"] = SchoolReaders,
        ["/schools/{urn}/pupils/{pupilId:guid}"] = SchoolReaders,
        ["/schools/{urn}/evidence"] = SchoolReaders,
        ["/schools/{urn}/compass"] = SchoolReaders,
        ["/schools/{urn}/compass/pupils/{criterion}"] = SchoolReaders,
        ["/schools/{urn}/destinations"] = SchoolReaders,
        ["/trusts/{trustId}/compass"] = TrustReaders,
        ["/schools/{urn}/activities"] = Recorders,
        ["/schools/{urn}/activities/{activityId}"] = Recorders,
        ["/schools/{urn}/activities/{activityId}/retract"] = Recorders,
        ["/schools/{urn}/record/activity"] = Recorders,
        ["/schools/{urn}/record/guidance"] = Recorders,
        ["/schools/{urn}/referrals/new"] = Recorders,
        ["/schools/{urn}/referrals/{referralId:guid}"] = Recorders,
        ["/schools/{urn}/planner"] = Recorders,
        ["/alerts"] = AlertUsers,

        // The administrator's home and pages (issue 15 part 5); an account's page is walked with the demo inspector's.
        ["/admin"] = [Admin],
        ["/admin/accounts/new"] = [Admin],
        ["/admin/accounts/{username}"] = [Admin],
        ["/admin/grants/new"] = [Admin],

        // Those who see who a pupil is; the demo inspector's grant is pseudonymised, so not them.
        ["/pupils"] = [Admin, Director, Officer, Leader],
        ["/alerts/subscriptions"] = AlertUsers,

        // Walked with an id no alert has, so refused to all; which alert each role may open is tested with the alert pages.
        ["/alerts/{id:guid}"] = [],

        // JSON API
        ["/api/trusts/{trustId}/report"] = TrustReaders,
        ["/api/schools/{urn}/report"] = SchoolReaders,
        ["/api/schools/{urn}/pupils"] = SchoolReaders,
        ["/api/access-log"] = Auditors,
        ["/api/activities/{activityId}"] = Recorders,
        ["/api/schools/{urn}/activities"] = Recorders,
        ["/api/activities/{activityId}/attendance"] = Recorders,
        ["/api/activities/{activityId}/attendance/{pupilId:guid}/correction"] = Recorders,
        ["/api/activities/{activityId}/correction"] = Recorders,
        ["/api/activities/{activityId}/retraction"] = Recorders,
        ["/api/schools/{urn}/referrals"] = Recorders,
        ["/api/referrals/{referralId:guid}/triage"] = Recorders,
        ["/api/referrals/{referralId:guid}/meeting"] = Recorders,
        ["/api/referrals/{referralId:guid}/completion"] = Recorders,
        ["/api/referrals/{referralId:guid}/closure"] = Recorders,

        // Reviewed: the OpenAPI document describes the API's shape, holds no data, and is public on purpose.
        ["/openapi/{documentName}.json"] = Everyone,
        // Health probes say only "Healthy" or "Unhealthy"; load balancers call them without credentials.
        ["/health/live"] = Everyone,
        ["/health/ready"] = Everyone,

        // Reviewed: the static files fallback serves wwwroot (styles, scripts), public by design.
        ["/{**path:file}"] = Everyone,
    };

    /// <summary>
    /// Bodies for the commands, well-typed but each refused by the handler after its access check (invalid value, unknown
    /// pupil, or a stale If-Match), so a permitted walk records nothing while a refused one must still answer 401/403.
    /// </summary>
    private static readonly Dictionary<string, Func<Target, object>> Bodies = new(StringComparer.Ordinal)
    {
        ["/api/schools/{urn}/activities"] = _ => new { activity = new { kind = "NotAKind", title = "walk", date = "2027-01-01" } },
        ["/api/activities/{activityId}/attendance"] = _ => new { pupilId = Guid.NewGuid(), attended = true },
        ["/api/activities/{activityId}/attendance/{pupilId:guid}/correction"] = _ => new { attended = true, reason = "walk" },
        ["/api/activities/{activityId}/correction"] = _ => new { activity = new { kind = "NotAKind", title = "walk", date = "2027-01-01" }, reason = "walk" },
        ["/api/activities/{activityId}/retraction"] = _ => new { reason = "walk" },
        ["/api/schools/{urn}/referrals"] = t => new { pupilId = t.Pupil, source = "NotASource", raisedOn = "2027-01-01" },
        ["/api/referrals/{referralId:guid}/triage"] = _ => new { priority = "Routine", triagedOn = "2027-01-01" },
        ["/api/referrals/{referralId:guid}/meeting"] = _ => new { adviserId = "ADV-WALK", meetingOn = "2027-01-01" },
        ["/api/referrals/{referralId:guid}/completion"] = _ => new { completedOn = "2027-01-01" },
        ["/api/referrals/{referralId:guid}/closure"] = _ => new { closure = "Declined", closedOn = "2027-01-01" },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task every_endpoint_and_page_refuses_every_role_the_allow_list_does_not_name_and_never_fails_with_5xx()
    {
        var clock = new FakeClock(SystemClock.Instance.GetCurrentInstant());
        await using var factory = new CareersWebFactory(db, clock);
        var clients = await ClientsAsync(factory, clock);
        var endpoints = Walkable(factory.Services.GetRequiredService<EndpointDataSource>());
        var lltTrustSchools = db.Directory.SchoolsOf("LLT").Select(s => s.Urn).ToHashSet(StringComparer.Ordinal);
        var home = new Dictionary<string, Func<string, bool>>(StringComparer.Ordinal)
        {
            [Anonymous] = _ => false,
            [Admin] = _ => true,
            [Director] = lltTrustSchools.Contains,
            [Officer] = lltTrustSchools.Contains,
            [Leader] = urn => string.Equals(urn, db.LltSchool, StringComparison.Ordinal),
            [Inspector] = urn => string.Equals(urn, db.InspectedSchool, StringComparison.Ordinal),
            [ExpiredInspector] = _ => false,
        };
        var targets = await TargetsAsync(factory, clients);
        var failures = new ConcurrentBag<string>();
        var walked = 0;

        endpoints.Select(e => e.Pattern).Where(p => !Allowed.ContainsKey(p)).Should().BeEmpty(
            "every page and endpoint needs a reviewed row in the allow-list (add the roles that may use it, or none)");
        Allowed.Keys.Except(endpoints.Select(e => e.Pattern), StringComparer.Ordinal).Should().BeEmpty("the allow-list names only mapped routes");

        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = Ct }, async (role, ct) =>
        {
            foreach (var endpoint in endpoints)
            {
                foreach (var target in endpoint.Scoped ? targets.Where(t => !t.Mixed || endpoint.CarriesIds) : targets.Take(1))
                {
                    foreach (var suffix in endpoint.Handlers)
                    {
                        var path = endpoint.Path(target) + suffix;
                        var permitted = Allowed[endpoint.Pattern].Contains(role.Key, StringComparer.Ordinal)
                            && (!endpoint.Scoped || (home[role.Key](target.Urn) && !target.Mixed));
                        var response = await SendAsync(role.Value, endpoint, target, path, ct);
                        Interlocked.Increment(ref walked);
                        var status = (int)response.StatusCode;
                        var refused = IsRefusal(response) || (target.Mixed && status == 404);
                        if (status >= 500)
                        {
                            failures.Add($"{role.Key} {endpoint.Method} {path} ({target.Name}): {status}");
                        }
                        else if (!permitted && !refused && !(string.Equals(role.Key, Admin, StringComparison.Ordinal) && target.Mixed))
                        {
                            failures.Add($"{role.Key} {endpoint.Method} {path} ({target.Name}): {status}, expected a refusal");
                        }
                        else if (permitted && refused)
                        {
                            failures.Add($"{role.Key} {endpoint.Method} {path} ({target.Name}): {status}, expected it to be allowed");
                        }
                    }
                }
            }
        });

        failures.Should().BeEmpty($"{walked} requests were walked");
        walked.Should().BeGreaterThan(300, "the walk covers every route for every role");
    }

    private static bool IsRefusal(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/Account/Login", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Walk endpoint, Target target, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
        if (!HttpMethods.IsGet(endpoint.Method) && !HttpMethods.IsHead(endpoint.Method))
        {
            Bodies.TryGetValue(endpoint.Pattern, out var body).Should().BeTrue($"{endpoint.Method} {endpoint.Pattern} needs a walk body in {nameof(Bodies)}");
            request.Content = JsonContent.Create(body!(target));
            request.Headers.TryAddWithoutValidation("If-Match", StaleVersion);
        }

        return await client.SendAsync(request, ct);
    }

    private async Task<Dictionary<string, HttpClient>> ClientsAsync(CareersWebFactory factory, FakeClock clock)
    {
        var expired = $"exp-{Guid.NewGuid():N}"[..20];
        var password = PasswordHashing.Generate();
        await db.Accounts.AddAsync(expired, "Walk inspector", AccountRole.Inspector, AccountScope.None, password, "tests", Ct);
        var today = clock.GetCurrentInstant().InUtc().Date;
        await db.Accounts.GrantAsync(expired, db.LltSchool, today.PlusYears(-1), today, clock.GetCurrentInstant() + Duration.FromMinutes(10), true,
            "walk", "tests", Ct);
        var expiredClient = factory.Client();
        (await CareersWebFactory.SignInAsync(expiredClient, expired, password, Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal)
        {
            [Anonymous] = factory.Client(),
            [Admin] = await factory.SignedInAsync("admin", Ct),
            [Director] = await factory.SignedInAsync("director-llt", Ct),
            [Officer] = await factory.SignedInAsync("officer-llt", Ct),
            [Leader] = await factory.SignedInAsync($"leader-{db.LltSchool}", Ct),
            [Inspector] = await factory.SignedInAsync("inspector", Ct),
            [ExpiredInspector] = expiredClient,
        };
        // Past the grant's expiry but within the sessions' 30-minute idle timeout, so every other role is still signed in.
        clock.Advance(Duration.FromMinutes(15));
        return clients;
    }

    private async Task<List<Target>> TargetsAsync(CareersWebFactory factory, Dictionary<string, HttpClient> clients)
    {
        var jtmatLeader = $"leader-{db.JtmatSchool}";
        var jtmat = await TargetAsync(db.JtmatSchool, "another trust's school",
            db.Passwords.ContainsKey(jtmatLeader) ? await factory.SignedInAsync(jtmatLeader, Ct) : null);
        var own = await TargetAsync(db.LltSchool, "LLT school", clients[Leader]);
        return
        [
            own,
            await TargetAsync(db.LltOtherSchool, "LLT's other school", null),
            jtmat,
            own with { Name = "own URN, another trust's ids", Pupil = jtmat.Pupil, Activity = jtmat.Activity, Referral = jtmat.Referral, Mixed = true },
        ];
    }

    private async Task<Target> TargetAsync(string urn, string name, HttpClient? leader)
    {
        var trust = db.Directory.School(urn)!.TrustId!;
        await using var pupils = db.Runtime.App.CreateCommand("""
            SELECT (e.data->>'pupilId')::uuid FROM es.events e
            WHERE e.event_type = 'pupil_enrolled' AND e.data->>'schoolUrn' = $1
              AND NOT EXISTS (SELECT 1 FROM es.events l WHERE l.event_type = 'pupil_left' AND l.data->>'pupilId' = e.data->>'pupilId')
            ORDER BY e.seq_id LIMIT 1
            """);
        pupils.Parameters.Add(new Npgsql.NpgsqlParameter { Value = urn });
        var pupil = (Guid)(await pupils.ExecuteScalarAsync(Ct))!;
        await using var activities = db.Runtime.App.CreateCommand(
            "SELECT data->>'activityId' FROM es.events WHERE event_type = 'activity_recorded' AND data->'details'->>'schoolUrn' = $1 ORDER BY seq_id LIMIT 1");
        activities.Parameters.Add(new Npgsql.NpgsqlParameter { Value = urn });
        var activity = (string)(await activities.ExecuteScalarAsync(Ct))!;
        var referral = Guid.NewGuid();
        if (leader is not null)
        {
            // A pupil on roll today, as the leader's register offers them.
            var first = await leader.GetStringAsync($"/schools/{urn}/record/activity", Ct);
            var year = Regex.Match(first, "<option value=\"(?<y>\\d+)\"", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["y"].Value;
            var form = await leader.GetStringAsync($"/schools/{urn}/record/activity?yearGroup={year}", Ct);
            pupil = Guid.Parse(Regex.Match(form, "name=\"Absent\" type=\"checkbox\" value=\"(?<id>[0-9a-f-]{36})\"", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups["id"].Value);
            var today = db.Runtime.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date.ToString("yyyy-MM-dd", null);
            var raised = await leader.PostAsJsonAsync($"/api/schools/{urn}/referrals", new { pupilId = pupil, source = "Staff", raisedOn = today }, Ct);
            raised.StatusCode.Should().Be(HttpStatusCode.Created, await raised.Content.ReadAsStringAsync(Ct));
            referral = Guid.Parse(JsonDocument.Parse(await raised.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!);
        }

        return new Target(name, urn, trust, pupil, activity, referral, Mixed: false);
    }

    /// <summary>Routes to walk: pages and endpoints, each with its method and, for pages, every named GET handler in the app.</summary>
    private static List<Walk> Walkable(EndpointDataSource source)
    {
        var handlers = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => m.Name)
            .Where(n => n.StartsWith("OnGet", StringComparison.Ordinal) && n is not "OnGet" and not "OnGetAsync")
            .Select(n => "?handler=" + n["OnGet".Length..].Replace("Async", "", StringComparison.Ordinal).ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var walks = new List<Walk>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var raw = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (IsStaticAsset(endpoint))
            {
                continue;
            }

            var isPage = !raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.StartsWith("/openapi/", StringComparison.Ordinal);
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            foreach (var method in methods)
            {
                walks.Add(new Walk(raw, method, isPage && HttpMethods.IsGet(method) ? ["", .. handlers] : [""]));
            }
        }

        return [.. walks.DistinctBy(w => (w.Pattern, w.Method))];
    }

    // Why skipped: the files under wwwroot (styles, scripts, GOV.UK Frontend) are public by design and hold no data.
    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal));

    /// <summary>One school's ids to put into route parameters.</summary>
    private sealed record Target(string Name, string Urn, string Trust, Guid Pupil, string Activity, Guid Referral, bool Mixed);

    private sealed record Walk(string Pattern, string Method, IReadOnlyList<string> Handlers)
    {
        public bool Scoped => Pattern.Contains('{', StringComparison.Ordinal) && !Pattern.StartsWith("/Error", StringComparison.Ordinal)
            && !Pattern.StartsWith("/openapi", StringComparison.Ordinal) && !Pattern.StartsWith("/{**path", StringComparison.Ordinal);

        public bool CarriesIds => Pattern.Contains("{pupilId", StringComparison.Ordinal) || Pattern.Contains("{activityId", StringComparison.Ordinal)
            || Pattern.Contains("{referralId", StringComparison.Ordinal);

        public string Path(Target t)
        {
            var path = new StringBuilder(Pattern);
            path.Replace("{urn}", t.Urn).Replace("{trustId}", t.Trust).Replace("{pupilId:guid}", t.Pupil.ToString())
                .Replace("{activityId}", Uri.EscapeDataString(t.Activity)).Replace("{referralId:guid}", t.Referral.ToString())
                .Replace("{code:int?}", "404").Replace("{**path:file}", "css/site.css").Replace("{id:guid}", UnknownId.ToString()).Replace("{documentName}", "v1")
                .Replace("{criterion}", "GB2.Pupils").Replace("{username}", "inspector");
            var text = path.ToString();
            text.Should().NotContain("{", $"every route parameter of {Pattern} needs a walk value");
            return text;
        }
    }
}
