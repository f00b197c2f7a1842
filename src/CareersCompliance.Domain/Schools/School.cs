using System.Collections.Immutable;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Schools.SchoolEvent;

namespace CareersCompliance.Domain.Schools;

/// <summary>Decision state of a school stream: only what the school deciders need.</summary>
public abstract record School
{
    private School() { }

    public sealed record NotRegistered : School;

    public sealed record Registered(
        SchoolUrn Urn,
        string Name,
        SchoolType SchoolType,
        int LowestYear,
        int HighestYear,
        TrustId? Trust,
        LocalDate? LastTrustChange,
        (LocalTime Start, LocalTime End)? SchoolDay,
        AcademicYear? Framework2024From,
        (StaffId Leader, bool Trained)? CareersLeader,
        CareersProgrammeInformationPublished? Publication,
        ProviderAccessPolicyStatementPublished? PolicyStatement,
        LocalDate? PolicyNextReview) : School
    {
        /// <summary>The programme facts recorded (backing, feedback, parent engagement), by kind, value and date.</summary>
        public ImmutableHashSet<string> ProgrammeFacts { get; init; } = ImmutableHashSet<string>.Empty;

        /// <summary>Whether the school arranges provider encounters flexibly (decisions/0047).</summary>
        public bool PalSendFlexible { get; init; }

        /// <summary>Provider access requests by request id, and the answers recorded (decisions/0048).</summary>
        public ImmutableDictionary<string, ProviderAccessRequested> AccessRequests { get; init; } =
            ImmutableDictionary.Create<string, ProviderAccessRequested>(StringComparer.Ordinal);

        public ImmutableDictionary<string, ProviderAccessAnswered> LastAnswers { get; init; } =
            ImmutableDictionary.Create<string, ProviderAccessAnswered>(StringComparer.Ordinal);

        public int? AccessResponseDays { get; init; }
    }

    public static School Initial { get; } = new NotRegistered();

    public static School Evolve(School state, SchoolEvent @event) => (state, @event) switch
    {
        (NotRegistered, SchoolRegistered e) =>
            new Registered(e.Urn, e.Name, e.SchoolType, e.LowestYear, e.HighestYear, null, null, null, null, null, null, null, null),
        (Registered s, SchoolDetailsChanged e) => s with { Name = e.Name, SchoolType = e.SchoolType },
        (Registered s, SchoolJoinedTrust e) => s with { Trust = e.TrustId, LastTrustChange = e.JoinedOn },
        (Registered s, SchoolLeftTrust e) when s.Trust == e.TrustId => s with { Trust = null, LastTrustChange = e.LeftOn },
        (Registered s, SchoolYearRangeChanged e) => s with { LowestYear = e.LowestYear, HighestYear = e.HighestYear },
        (Registered s, StandardSchoolDaySet e) => s with { SchoolDay = (e.Start, e.End) },
        (Registered s, GatsbyFrameworkAdoptionSet e) => s with { Framework2024From = e.Framework2024From },
        (Registered s, CareersLeaderAppointed e) => s with { CareersLeader = (e.LeaderId, e.Trained) },
        (Registered { CareersLeader: { } l } s, CareersLeaderTrainingRecorded e) when l.Leader == e.LeaderId =>
            s with { CareersLeader = (l.Leader, true) },
        (Registered s, CareersProgrammeInformationPublished e) => s with { Publication = e },
        (Registered s, ProviderAccessPolicyStatementPublished e) => s with { PolicyStatement = e },
        (Registered s, CareersPolicyReviewed e) => s with { PolicyNextReview = e.NextReviewDate },
        (Registered s, CareersProgrammeBackingRecorded e) => s with { ProgrammeFacts = s.ProgrammeFacts.Add(ProgrammeFact.Of(e.Backer, e.BackedOn)) },
        (Registered s, CareersProgrammeFeedbackRecorded e) => s with { ProgrammeFacts = s.ProgrammeFacts.Add(ProgrammeFact.Of(e.Source, e.GatheredOn)) },
        (Registered s, ParentEngagementRecorded e) => s with { ProgrammeFacts = s.ProgrammeFacts.Add(ProgrammeFact.Of(e.Kind, e.EngagedOn)) },
        (Registered s, PalSendFlexibilitySet e) => s with { PalSendFlexible = e.Flexible },
        (Registered s, ProviderAccessRequested e) => s with { AccessRequests = s.AccessRequests.SetItem(e.RequestId, e) },
        (Registered s, ProviderAccessAnswered e) => s with { LastAnswers = s.LastAnswers.SetItem(e.RequestId, e) },
        (Registered s, ProviderAccessResponseTimeSet e) => s with { AccessResponseDays = e.SchoolDays },
        _ => state,
    };

    internal static Registered Require(School state) => state as Registered
        ?? throw new DomainRuleViolation("school-not-registered", "The school is not registered.");
}
