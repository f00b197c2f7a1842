using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>
/// A small school of its own trust, added to the demo database once per test process, whose to-do figures are known:
/// four Year 10 pupils and one Year 11 pupil; one Year 10 pupil met an employer this year; a referral raised 30 days ago and
/// never triaged; an activity recorded and then retracted with a reason. Its careers leader is <see cref="Leader"/>.
/// </summary>
internal static class CraftedSchool
{
    public const string Urn = "199001";
    public const string Leader = "leader-crafted";
    public const string RetractionReason = "Entered twice by mistake";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly int[] TenthYear = [10];
    private static readonly string[] Purpose = ["purpose"];
    // Why a task: crafting runs once per process; a failure fails every test that needs it, never half-crafts twice.
    private static Task<Crafted>? _crafted;

    /// <summary>What the tests need to know: the leader's password, the pupils by UPN, the referral and the retracted activity.</summary>
    public sealed record Crafted(string Password, IReadOnlyList<string> Year10, string Year11, string Met, Guid ReferralId, string RetractedActivity);

    public static LocalDate Today => SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;

    public static Task<Crafted> EnsureAsync(DemoDatabase db, CareersWebFactory factory, CancellationToken ct) =>
        EnsureAsync(db, factory.Services, factory.Client, ct);

    /// <summary>Crafts the school once; <paramref name="services"/> is the web host whose directory cache must see it.</summary>
    public static async Task<Crafted> EnsureAsync(DemoDatabase db, IServiceProvider services, Func<HttpClient> client, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            _crafted ??= CraftAsync(db, services, client, ct);
            var crafted = await _crafted;
            // Why: a host that read today's directory before the school was imported would not know it for a minute.
            ForgetDirectory(services);
            return crafted;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string UpnOf(string body) => $"{Upn.CheckLetterFor(body)}{body}";

    private static void ForgetDirectory(IServiceProvider services) =>
        services.GetRequiredService<IMemoryCache>().Remove(("directory", Today));

    private static async Task<Crafted> CraftAsync(DemoDatabase db, IServiceProvider services, Func<HttpClient> newClient, CancellationToken ct)
    {
        var year = Domain.Calendar.AcademicYear.Containing(Today);
        var start = year.FirstDay();
        var inv = CultureInfo.InvariantCulture;
        string D(LocalDate d) => d.ToString("yyyy-MM-dd", inv);
        var pupils = Enumerable.Range(1, 5).Select(i => UpnOf($"82029900100{i}")).ToList();
        var folder = Path.Combine(Path.GetTempPath(), $"careers-crafted-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        await File.WriteAllLinesAsync(Path.Combine(folder, "schools.csv"),
            ["urn,name,trust_id,trust_name,lowest_year,highest_year,school_type", $"{Urn},Crafted Academy,CRAFT,Crafted Trust,7,13,academy"], ct);
        await File.WriteAllLinesAsync(Path.Combine(folder, "pupils.csv"),
        [
            "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date",
            .. pupils.Take(4).Select((u, i) => $"{u},{Urn},Ten{(char)('A' + i)},Crafted,{D(new LocalDate(year.StartYear - 15, 1, 15))},10,{year},{D(start.PlusYears(-1))}"),
            $"{pupils[4]},{Urn},Eleven,Crafted,{D(new LocalDate(year.StartYear - 16, 1, 15))},11,{year},{D(start.PlusYears(-1))}",
        ], ct);
        await File.WriteAllLinesAsync(Path.Combine(folder, "activities.csv"),
        [
            "activity_id,school_urn,kind,date,delivery_mode,checklist,year_groups,title",
            $"CRAFT-1,{Urn},employer_encounter,{D(start)},in_person,purpose;outcomes;two_way;reflection,10,Employer talk",
        ], ct);
        await File.WriteAllLinesAsync(Path.Combine(folder, "attendance.csv"), ["activity_id,upn,attended", $"CRAFT-1,{pupils[0]},true"], ct);
        await db.Runtime.Importer.ImportDirectoryAsync(folder, new ImportRequest("crafted-school", Partial: false, Guid.CreateVersion7()), ct);
        Directory.Delete(folder, recursive: true);
        await db.Runtime.CatchUpAsync(ct);

        var password = PasswordHashing.Generate();
        await db.Accounts.AddAsync(Leader, "Crafted careers leader", AccountRole.CareersLeader, AccountScope.School(Urn), password, "tests", ct);

        // A referral raised 30 days ago (past the 5-day triage level) and an activity retracted with a reason, through the API.
        var client = newClient();
        (await CareersWebFactory.SignInAsync(client, Leader, password, ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var referred = (await db.Runtime.Pupils.FindOneAsync(pupils[1], ct))!.Value.Value;
        var raised = await client.PostAsJsonAsync($"/api/schools/{Urn}/referrals", new { pupilId = referred, source = "Parent", raisedOn = D(Today.PlusDays(-30)) }, ct);
        raised.StatusCode.Should().Be(HttpStatusCode.Created, await raised.Content.ReadAsStringAsync(ct));
        var recorded = await client.PostAsJsonAsync($"/api/schools/{Urn}/activities",
            new { activity = new { kind = "EmployerEncounter", title = "Duplicate talk", date = D(Today), yearGroups = TenthYear, checklist = Purpose } }, ct);
        recorded.StatusCode.Should().Be(HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync(ct));
        var activity = (await recorded.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        using (var retract = new HttpRequestMessage(HttpMethod.Post, $"/api/activities/{activity}/retraction") { Content = JsonContent.Create(new { reason = RetractionReason }) })
        {
            retract.Headers.TryAddWithoutValidation("If-Match", recorded.Headers.ETag!.Tag);
            var retracted = await client.SendAsync(retract, ct);
            retracted.StatusCode.Should().Be(HttpStatusCode.OK, await retracted.Content.ReadAsStringAsync(ct));
        }

        await db.Runtime.CatchUpAsync(ct);
        return new Crafted(password, pupils.Take(4).ToList(), pupils[4], pupils[0], Guid.Parse(raised.Headers.Location!.ToString().Split('/')[^1]), activity);
    }
}
