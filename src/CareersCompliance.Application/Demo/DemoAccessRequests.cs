using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Schools;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Application.Demo;

/// <summary>
/// Providers' requests for access to the demo schools and their answers (eventmodel/decisions/0048), recorded through the
/// command handler as a careers leader would: local colleges and training providers ask a few times a year; most requests
/// are accepted or offered a date within the week; each school refuses one; schools with gaps answer one late and leave
/// one unanswered past the promised ten school days, as providers complain.
/// </summary>
public static class DemoAccessRequests
{
    private static readonly Dictionary<string, int> RegionOfTrust = new(StringComparer.Ordinal) { ["LLT"] = 0, ["LAT"] = 1, ["JTMAT"] = 2 };

    public static async Task<int> RecordAsync(DemoSummary summary, StreamCommandHandler handler, Instant now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(handler);
        var by = new ActorId("demo-seed");
        var today = summary.Today;
        var appended = 0;
        var index = 0;
        foreach (var school in summary.Schools)
        {
            var urn = new SchoolUrn(school.Urn);
            var region = RegionOfTrust.GetValueOrDefault(school.TrustId, -1);
            var providers = DemoCatalogue.Providers
                .Where(p => p.OffersTechnical && p.Kind != Domain.Providers.ProviderKind.Employer && (p.Region == region || p.Region < 0))
                .Select(p => new ProviderId(p.Id)).ToList();
            var context = new CommandContext(new EventActor("demo-seed", "careers-leader"), new EventSource(SourceKind.System),
                new TenantRef(school.TrustId, school.Urn), Guid.CreateVersion7());
            var decisions = new List<Func<School, SchoolEvent[]>>();
            var plan = new (int DaysAgo, AccessAnswer? Answer, int AnswerAfter)[]
            {
                (150, AccessAnswer.Accepted, 3),
                (110, AccessAnswer.OfferedDate, school.HasGaps ? 19 : 5),
                (75, AccessAnswer.Refused, 4),
                (40, AccessAnswer.Accepted, 2),
                (school.HasGaps ? 24 : 4, null, 0),
            };
            foreach (var (item, i) in plan.Select((x, i) => (x, i)))
            {
                var id = $"REQ-{today.Year}-{school.Urn[^3..]}-{i + 1}";
                var received = Weekday(today.PlusDays(-item.DaysAgo));
                var provider = providers[(index + i) % providers.Count];
                var phase = (PalPhase)(1 + ((index + i) % 3));
                decisions.Add(s => RecordProviderAccessRequest.Decide(s,
                    new RecordProviderAccessRequest(urn, id, provider, phase, received.PlusDays(28), received, by, now)));
                if (item.Answer is { } answer)
                {
                    var on = Weekday(received.PlusDays(item.AnswerAfter));
                    var reason = answer == AccessAnswer.Refused
                        ? (school.HasGaps ? AccessRefusalReason.EncountersAlreadyArranged : AccessRefusalReason.NoSuitableDate)
                        : (AccessRefusalReason?)null;
                    var note = answer == AccessAnswer.Refused ? (school.HasGaps ? "Encounters for the year already booked" : "Mock examinations that week") : null;
                    LocalDate? offered = answer == AccessAnswer.OfferedDate ? Weekday(received.PlusDays(35)) : null;
                    decisions.Add(s => AnswerProviderAccessRequest.Decide(s,
                        new AnswerProviderAccessRequest(urn, id, answer, offered, reason, note, on, by, now)));
                }
            }

            index++;
            foreach (var decide in decisions)
            {
                appended += (await handler.HandleAsync(Streams.School, Streams.SchoolId(urn), decide, context, ct)).Appended;
            }
        }

        return appended;
    }

    private static LocalDate Weekday(LocalDate date) => date.DayOfWeek switch
    {
        IsoDayOfWeek.Saturday => date.PlusDays(2),
        IsoDayOfWeek.Sunday => date.PlusDays(1),
        _ => date,
    };
}
