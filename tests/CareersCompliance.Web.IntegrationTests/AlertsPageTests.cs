using System.Net;
using CareersCompliance.Application.Alerts;
using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareersCompliance.Web.IntegrationTests;

/// <summary>The alerts page shows each user only the alerts of their scope, and acknowledging keeps who and why in the history.</summary>
[Collection(WebTests.Name)]
public sealed class AlertsPageTests(DemoDatabase db, SharedWebHost host) : SharedWebHostTests(db, host)
{
    /// <summary>Raises an alert for a school through the alert centre's command handler (so its outbox rows are written).</summary>
    internal static async Task<AlertCondition> RaiseAsync(AlertCenter alerts, string trust, string urn, string what, CancellationToken ct)
    {
        var key = $"test-{what}:{urn}:{Guid.NewGuid():N}";
        var today = SystemClock.Instance.GetCurrentInstant().InZone(NonComplianceAlertProcessor.London).Date;
        var condition = new AlertCondition(key, "pal-pupils-short", AlertSeverity.Warning, new TrustId(trust), new SchoolUrn(urn),
            $"School {urn}: {what} {key[^8..]}", $"12 pupil(s) are short of provider encounters; {what}.", 12, today.PlusDays(30), 30);
        var id = AlertStreams.IdFor(key);
        await alerts.Commands.HandleAsync(AlertStreams.Alert, AlertStreams.For(id),
            s => RaiseAlert.Decide(s, new RaiseAlert(id, condition, today, new ActorId("system:alert-evaluator"), SystemClock.Instance.GetCurrentInstant())),
            new CommandContext(new EventActor("system:alert-evaluator", "system"), new EventSource(SourceKind.System), new TenantRef(trust, urn),
                Guid.CreateVersion7(), null, today, "raise-alert"), ct);
        return condition;
    }

    private AlertCenter Alerts => Factory.Services.GetRequiredService<AlertCenter>();

    private string TrustOf(string urn) => Db.Directory.School(urn)!.TrustId!;

    [Fact]
    public async Task a_trust_director_sees_their_trusts_alerts_and_not_another_trusts()
    {
        var client = await Factory.SignedInAsync("director-llt", Ct);
        var ours = await RaiseAsync(Alerts, "LLT", Db.LltSchool, "ours", Ct);
        var theirs = await RaiseAsync(Alerts, TrustOf(Db.JtmatSchool), Db.JtmatSchool, "theirs", Ct);

        var page = await client.GetStringAsync("/alerts", Ct);
        var other = await client.GetAsync($"/alerts/{AlertStreams.IdFor(theirs.DedupeKey).Value}", Ct);
        var own = await client.GetAsync($"/alerts/{AlertStreams.IdFor(ours.DedupeKey).Value}", Ct);

        page.Should().Contain(ours.Subject).And.NotContain(theirs.Subject);
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        own.StatusCode.Should().Be(HttpStatusCode.OK);
        (await own.Content.ReadAsStringAsync(Ct)).Should().Contain("30 day(s)").And.Contain("Raised (Warning)");
    }

    [Fact]
    public async Task acknowledging_needs_a_note_and_records_who_and_the_note_in_the_history()
    {
        var client = await Factory.SignedInAsync("director-llt", Ct);
        var condition = await RaiseAsync(Alerts, "LLT", Db.LltOtherSchool, "ack", Ct);
        var path = $"/alerts/{AlertStreams.IdFor(condition.DedupeKey).Value}";

        var empty = await PostAsync(client, path, "Acknowledge", "AcknowledgeNote", "   ");
        var done = await PostAsync(client, path, "Acknowledge", "AcknowledgeNote", "Calling the school on Monday to book two providers");
        var withoutToken = await client.PostAsync($"{path}?handler=Resolve",
            new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal) { ["ResolveNote"] = "x" }), Ct);
        var after = await client.GetStringAsync(path, Ct);

        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var emptyHtml = await empty.Content.ReadAsStringAsync(Ct);
        emptyHtml.Should().Contain("govuk-error-summary").And.Contain("href=\"#acknowledge-note\">Enter what is being done about this alert");
        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        withoutToken.StatusCode.Should().Be(HttpStatusCode.BadRequest, "posts need the anti-forgery token");
        after.Should().Contain("Acknowledged").And.Contain("director-llt").And.Contain("Calling the school on Monday to book two providers");
        var stored = await Alerts.List.FindAsync(AlertStreams.IdFor(condition.DedupeKey).Value.ToString(), Ct);
        stored!.Status.Should().Be("acknowledged");
        stored.AcknowledgedBy.Should().Be("director-llt");
        (await Alerts.HistoryAsync(stored.AlertId, Ct)).Select(e => e.EventType).Should().Equal("alert_raised", "alert_acknowledged");
    }

    [Fact]
    public async Task a_careers_leader_sees_their_own_schools_alerts_but_not_another_schools()
    {
        var client = await Factory.SignedInAsync($"leader-{Db.LltSchool}", Ct);
        var own = await RaiseAsync(Alerts, "LLT", Db.LltSchool, "leader-own", Ct);
        var sister = await RaiseAsync(Alerts, "LLT", Db.LltOtherSchool, "leader-sister", Ct);
        var sisterPath = $"/alerts/{AlertStreams.IdFor(sister.DedupeKey).Value}";

        var page = await client.GetStringAsync("/alerts", Ct);
        var detail = await client.GetAsync(sisterPath, Ct);
        var inspector = await (await Factory.SignedInAsync("inspector", Ct)).GetAsync("/alerts", Ct);

        page.Should().Contain(own.Subject).And.NotContain(sister.Subject, "the other school is in the same trust but not the leader's");
        detail.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        inspector.StatusCode.Should().Be(HttpStatusCode.Forbidden, "inspectors see no alerts");
    }

    [Fact]
    public async Task a_compliance_officer_adds_a_webhook_subscription_for_their_trust_and_sees_its_secret_once()
    {
        var client = await Factory.SignedInAsync("officer-llt", Ct);
        var token = await CareersWebFactory.AntiforgeryTokenAsync(client, "/alerts/subscriptions", Ct);

        var added = await client.PostAsync("/alerts/subscriptions?handler=Add", new FormUrlEncodedContent(
        [
            new("Channel", "webhook"), new("Address", "https://hooks.example/careers"), new("Schools", Db.LltSchool), new("MinSeverity", "warning"),
            new("Mode", "immediate"), new("__RequestVerificationToken", token),
        ]), Ct);
        var refused = await client.PostAsync("/alerts/subscriptions?handler=Add", new FormUrlEncodedContent(
        [
            new("Channel", "email"), new("Address", "officer@llt.example"), new("Schools", Db.JtmatSchool), new("MinSeverity", "info"),
            new("Mode", "digest"), new("__RequestVerificationToken", token),
        ]), Ct);
        var later = await client.GetStringAsync("/alerts/subscriptions", Ct);

        var html = await added.Content.ReadAsStringAsync(Ct);
        added.StatusCode.Should().Be(HttpStatusCode.OK);
        var mine = (await Alerts.Subscriptions.ListCreatedByAsync("officer-llt", Ct)).Should().ContainSingle().Subject;
        mine.TrustId.Should().Be("LLT");
        mine.SchoolUrns.Should().Equal(Db.LltSchool);
        mine.MinSeverity.Should().Be(AlertSeverity.Warning);
        html.Should().Contain(mine.Secret!, "the secret is shown on creation");
        later.Should().Contain("https://hooks.example/careers").And.NotContain(mine.Secret!, "and never again");
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a school of another trust cannot be chosen");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string handler, string field, string value)
    {
        var token = await CareersWebFactory.AntiforgeryTokenAsync(client, path, Ct);
        return await client.PostAsync($"{path}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [field] = value,
            ["__RequestVerificationToken"] = token,
        }), Ct);
    }
}
