using System.Text.Json;
using CareersCompliance.Application.Serialization;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Schools;
using CareersCompliance.EventStore.Serialization;
using NodaTime;

namespace CareersCompliance.Application.Tests.Serialization;

/// <summary>
/// Stored events are hashed into the ledger and compared byte for byte, and API clients parse our dates: the JSON of
/// NodaTime values must never change. The golden strings were written by the hand-written converters these replaced.
/// </summary>
public sealed class NodaTimeJsonTests
{
    // The same options the runtime hands the event store.
    private static readonly JsonSerializerOptions Store = EventJson.Create(new ValueJsonConverterFactory());

    // The options the web API's JSON gets (web defaults plus the same NodaTime converters).
    private static readonly JsonSerializerOptions Web = WebOptions();

    private static readonly AlertId Alert = new(Guid.Parse("6f1c2a4e-0d3b-4c55-9a77-1e2f3a4b5c6d"));

    [Fact]
    public void a_school_day_event_keeps_its_stored_bytes()
    {
        var e = new SchoolEvent.StandardSchoolDaySet(new SchoolUrn("100001"), new LocalTime(8, 30), new LocalTime(15, 45, 30, 250),
            new LocalDate(2025, 9, 1), new ActorId("import"), Instant.FromUtc(2025, 9, 1, 7, 5, 3) + Duration.FromNanoseconds(123_456_789));

        JsonSerializer.Serialize(e, Store).Should().Be(
            """{"urn":"100001","start":"08:30:00","end":"15:45:30.25","effectiveFrom":"2025-09-01","recordedBy":"import","recordedAt":"2025-09-01T07:05:03.123456789Z"}""");
    }

    [Fact]
    public void an_alert_event_keeps_its_stored_bytes_with_and_without_a_deadline()
    {
        var raised = new AlertEvent.AlertRaised(Alert, "pal|100001", "pal-pupils-short", AlertSeverity.Warning, new TrustId("T1"),
            new SchoolUrn("100001"), "PAL short", "3 of 3", 3, new LocalDate(2026, 2, 28), 44, new LocalDate(2026, 1, 15),
            new ActorId("system"), Instant.FromUtc(2026, 1, 15, 7, 0));
        var reRaised = new AlertEvent.AlertReRaised(Alert, 2, AlertSeverity.Info, "again", null, null, null, new LocalDate(2026, 3, 1),
            new ActorId("system"), Instant.FromUtc(2026, 3, 1, 7, 0, 0) + Duration.FromMilliseconds(10));

        JsonSerializer.Serialize(raised, Store).Should().Be(
            """{"alertId":"6f1c2a4e-0d3b-4c55-9a77-1e2f3a4b5c6d","dedupeKey":"pal|100001","rule":"pal-pupils-short","severity":"warning","trustId":"T1","schoolUrn":"100001","subject":"PAL short","detail":"3 of 3","count":3,"deadline":"2026-02-28","daysLeft":44,"detectedOn":"2026-01-15","raisedBy":"system","raisedAt":"2026-01-15T07:00:00Z"}""");
        JsonSerializer.Serialize(reRaised, Store).Should().Be(
            """{"alertId":"6f1c2a4e-0d3b-4c55-9a77-1e2f3a4b5c6d","occurrence":2,"severity":"info","detail":"again","count":null,"deadline":null,"daysLeft":null,"detectedOn":"2026-03-01","raisedBy":"system","raisedAt":"2026-03-01T07:00:00.01Z"}""");
    }

    [Fact]
    public void stored_events_read_back_to_the_same_values()
    {
        var e = new SchoolEvent.StandardSchoolDaySet(new SchoolUrn("100001"), new LocalTime(8, 30), new LocalTime(15, 45, 30, 250),
            new LocalDate(2025, 9, 1), new ActorId("import"), Instant.FromUtc(2025, 9, 1, 7, 5, 3) + Duration.FromNanoseconds(123_456_789));

        JsonSerializer.Deserialize<SchoolEvent.StandardSchoolDaySet>(JsonSerializer.Serialize(e, Store), Store).Should().Be(e);
    }

    [Fact]
    public void api_values_keep_their_bytes_under_the_web_options()
    {
        var fragment = new { asOf = new LocalDate(2027, 3, 1), knownAt = (Instant?)Instant.FromUtc(2027, 3, 1, 12, 0), starts = new LocalTime(8, 30), ends = (LocalTime?)null };

        JsonSerializer.Serialize(fragment, Web).Should().Be("""{"asOf":"2027-03-01","knownAt":"2027-03-01T12:00:00Z","starts":"08:30:00","ends":null}""");
    }

    private static JsonSerializerOptions WebOptions()
    {
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        NodaTimeJson.AddConverters(web.Converters);
        return web;
    }

    [Theory]
    [InlineData("2025-01-01T09:00:00Z")]
    [InlineData("2025-01-01T10:00:00+01:00")]
    [InlineData("2025-01-01T09:00:00+00:00")]
    [InlineData("2025-01-01T04:30:00-04:30")]
    public void an_instant_is_read_with_z_or_a_numeric_offset(string text)
    {
        JsonSerializer.Deserialize<Instant>($"\"{text}\"", Store).Should().Be(Instant.FromUtc(2025, 1, 1, 9, 0));
    }

    [Theory]
    [InlineData("\"2025-01-01 09:00\"", typeof(Instant))]
    [InlineData("\"2025-01-01T09:00:00\"", typeof(Instant))]
    [InlineData("null", typeof(Instant))]
    [InlineData("\"01/09/2025\"", typeof(LocalDate))]
    [InlineData("\"2025-02-30\"", typeof(LocalDate))]
    [InlineData("\"25:00\"", typeof(LocalTime))]
    public void a_malformed_value_is_a_json_error_that_the_api_answers_with_400(string json, Type type)
    {
        var read = () => JsonSerializer.Deserialize(json, type, Store);

        read.Should().Throw<JsonException>();
    }
}
