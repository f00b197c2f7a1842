using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Schools;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Application.Demo;

/// <summary>
/// The school-level facts the MIS files do not carry (careers leader, published programme information, provider
/// access policy statement, policy reviews), recorded through the command handler as a careers leader would.
/// Schools without gaps are kept current; schools with gaps carry the trust policies' real lapses (review dates past,
/// statement items missing, an untrained leader).
/// </summary>
public static class DemoSchoolFacts
{
    // The seed policies' own next-review dates: Lydiate October 2024, Liberty January 2024, John Taylor March 2026.
    private static readonly Dictionary<string, LocalDate> TrustPolicyNextReview = new(StringComparer.Ordinal)
    {
        ["LLT"] = new(2024, 10, 31),
        ["LAT"] = new(2024, 1, 31),
        ["JTMAT"] = new(2026, 3, 31),
    };

    private static readonly string[] LeaderNames = ["A. Spencer", "R. Okafor", "J. Whitfield", "S. Malik", "H. Doyle", "C. Brennan", "P. Nowak", "E. Hughes"];

    public static async Task<int> RecordAsync(DemoSummary summary, StreamCommandHandler handler, StaffRegister staff, Instant now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(staff);
        var today = summary.Today;
        var by = new ActorId("demo-seed");
        var appended = 0;
        var index = 0;
        foreach (var school in summary.Schools)
        {
            var urn = new SchoolUrn(school.Urn);
            var leader = new StaffId($"LEAD-{school.Urn}");
            await staff.UpsertAsync([($"staff:{leader.Value}", LeaderNames[index++ % LeaderNames.Length])], ct);
            var context = new CommandContext(new EventActor("demo-seed", "careers-leader"), new EventSource(SourceKind.System),
                new TenantRef(school.TrustId, school.Urn), Guid.CreateVersion7());
            var stream = Streams.SchoolId(urn);
            var appointed = new LocalDate(today.Year - 3, 9, 1);
            var nextReview = school.HasGaps
                ? TrustPolicyNextReview.GetValueOrDefault(school.TrustId, today.PlusDays(-60))
                : today.PlusDays(240);
            var decisions = new List<Func<School, SchoolEvent[]>>
            {
                s => AppointCareersLeader.Decide(s, new AppointCareersLeader(urn, leader, Trained: !school.HasGaps, appointed, by, now)),
                s => PublishCareersProgrammeInformation.Decide(s, new PublishCareersProgrammeInformation(
                    urn, LeaderContactDetails: true, ProgrammeSummary: true, ImpactMeasurement: !school.HasGaps, nextReview, today.PlusDays(-120), by, now)),
                s => PublishProviderAccessPolicyStatement.Decide(s, new PublishProviderAccessPolicyStatement(
                    urn, AccessRequestProcedure: true, GrantAndRefusalGrounds: true, PremisesAndFacilities: true, AccessTimes: !school.HasGaps,
                    HowSixEncountersMet: !school.HasGaps, nextReview, today.PlusDays(-120), by, now)),
                s => ReviewCareersPolicy.Decide(s, new ReviewCareersPolicy(urn, nextReview.PlusYears(-1), nextReview, by, now)),
            };
            decisions.AddRange(ProgrammeEvidence(urn, school.HasGaps, today, by, now));
            foreach (var decide in decisions)
            {
                appended += (await handler.HandleAsync(Streams.School, stream, decide, context, ct)).Appended;
            }
        }

        return appended;
    }

    /// <summary>
    /// GB1 and GB2 evidence (eventmodel/decisions/0041-0042): schools without gaps have the governors' and headteacher's backing,
    /// feedback from every group and parents engaged both ways; schools with gaps have only the headteacher's backing, feedback
    /// from pupils and parents, as a school early in its programme would. Every school has set out how it engages parents.
    /// </summary>
    private static IEnumerable<Func<School, SchoolEvent[]>> ProgrammeEvidence(SchoolUrn urn, bool hasGaps, LocalDate today, ActorId by, Instant now)
    {
        var backers = hasGaps ? [ProgrammeBacker.Headteacher] : Enum.GetValues<ProgrammeBacker>();
        foreach (var backer in backers)
        {
            yield return s => RecordProgrammeBacking.Decide(s, new RecordProgrammeBacking(urn, backer, today.PlusDays(-300), by, now));
        }

        var sources = hasGaps ? [FeedbackSource.Pupils, FeedbackSource.Parents] : Enum.GetValues<FeedbackSource>();
        foreach (var (source, i) in sources.Select((x, i) => (x, i)))
        {
            yield return s => RecordProgrammeFeedback.Decide(s, new RecordProgrammeFeedback(urn, source, today.PlusDays(-140 - 7 * i), by, now));
        }

        yield return s => RecordParentEngagement.Decide(s, new RecordParentEngagement(urn, ParentEngagementKind.EngagementPlan, today.PlusDays(-280), by, now));
        yield return s => RecordParentEngagement.Decide(s, new RecordParentEngagement(urn, ParentEngagementKind.LmiAccess, today.PlusDays(-200), by, now));
    }
}
