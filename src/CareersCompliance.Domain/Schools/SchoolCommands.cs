using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Schools.SchoolEvent;

namespace CareersCompliance.Domain.Schools;

// Why one file for the school's commands: each is a few lines of "record it unless nothing changed";
// the slices are listed one by one in eventmodel/slices/*school*.json.

/// <summary>Registers a school, or records what a re-import changed. Slice: eventmodel/slices/register-school.json</summary>
public sealed record RegisterSchool(
    SchoolUrn Urn, string Name, SchoolType SchoolType, int LowestYear, int HighestYear, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, RegisterSchool c)
    {
        if (!SchoolUrn.IsValid(c.Urn.Value))
        {
            throw new DomainRuleViolation("invalid-urn", $"'{c.Urn}' is not a 6-digit URN.");
        }

        if (string.IsNullOrWhiteSpace(c.Name))
        {
            throw new DomainRuleViolation("school-name-required", "A school needs a name.");
        }

        ChangeYearRange.Validate(c.LowestYear, c.HighestYear);
        if (state is not School.Registered s)
        {
            return [new SchoolRegistered(c.Urn, c.Name, c.SchoolType, c.LowestYear, c.HighestYear, c.By, c.Now)];
        }

        var events = new List<SchoolEvent>();
        if (!string.Equals(s.Name, c.Name, StringComparison.Ordinal) || s.SchoolType != c.SchoolType)
        {
            events.Add(new SchoolDetailsChanged(c.Urn, c.Name, c.SchoolType, c.By, c.Now));
        }

        if (s.LowestYear != c.LowestYear || s.HighestYear != c.HighestYear)
        {
            events.Add(new SchoolYearRangeChanged(c.Urn, c.LowestYear, c.HighestYear, c.EffectiveFrom, c.By, c.Now));
        }

        return [.. events];
    }
}

/// <summary>Changes the year groups a school teaches from a date. Slice: eventmodel/slices/change-year-range.json</summary>
public sealed record ChangeYearRange(SchoolUrn Urn, int LowestYear, int HighestYear, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, ChangeYearRange c)
    {
        var s = School.Require(state);
        Validate(c.LowestYear, c.HighestYear);
        return s.LowestYear == c.LowestYear && s.HighestYear == c.HighestYear
            ? []
            : [new SchoolYearRangeChanged(c.Urn, c.LowestYear, c.HighestYear, c.EffectiveFrom, c.By, c.Now)];
    }

    internal static void Validate(int lowest, int highest)
    {
        if (lowest < 1 || highest > 14 || lowest > highest)
        {
            throw new DomainRuleViolation("invalid-year-range", $"Years {lowest}-{highest} are not a valid range within 1-14.");
        }
    }
}

/// <summary>Records that a school is a member of a trust from a date, leaving its previous trust. Slice: eventmodel/slices/record-trust-membership.json</summary>
public sealed record RecordTrustMembership(SchoolUrn Urn, TrustId TrustId, LocalDate JoinedOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, RecordTrustMembership c)
    {
        var s = School.Require(state);
        if (s.Trust == c.TrustId)
        {
            return [];
        }

        if (s.LastTrustChange is { } last && c.JoinedOn <= last)
        {
            throw new DomainRuleViolation("trust-change-out-of-order", $"The school's last trust change was on {last}.");
        }

        // Why: the day before joining is the last day in the old trust, so memberships never overlap.
        return s.Trust is { } previous
            ? [new SchoolLeftTrust(c.Urn, previous, c.JoinedOn.PlusDays(-1), c.By, c.Now), new SchoolJoinedTrust(c.Urn, c.TrustId, c.JoinedOn, c.By, c.Now)]
            : [new SchoolJoinedTrust(c.Urn, c.TrustId, c.JoinedOn, c.By, c.Now)];
    }
}

/// <summary>Records that a school left its trust. Slice: eventmodel/slices/record-trust-membership.json</summary>
public sealed record RecordLeavingTrust(SchoolUrn Urn, TrustId TrustId, LocalDate LeftOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, RecordLeavingTrust c)
    {
        var s = School.Require(state);
        if (s.Trust != c.TrustId)
        {
            return s.LastTrustChange is not null && s.Trust is null
                ? []
                : throw new DomainRuleViolation("school-not-in-trust", $"The school is not a member of trust {c.TrustId}.");
        }

        if (s.LastTrustChange is { } joined && c.LeftOn < joined)
        {
            throw new DomainRuleViolation("trust-change-out-of-order", $"The school joined the trust on {joined}.");
        }

        return [new SchoolLeftTrust(c.Urn, c.TrustId, c.LeftOn, c.By, c.Now)];
    }
}

/// <summary>Sets the school's standard school day. Slice: eventmodel/slices/set-standard-school-day.json</summary>
public sealed record SetStandardSchoolDay(SchoolUrn Urn, LocalTime Start, LocalTime End, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, SetStandardSchoolDay c)
    {
        var s = School.Require(state);
        if (c.End <= c.Start)
        {
            throw new DomainRuleViolation("school-day-ends-before-it-starts", $"A school day from {c.Start} to {c.End} is empty.");
        }

        return s.SchoolDay == (c.Start, c.End) ? [] : [new StandardSchoolDaySet(c.Urn, c.Start, c.End, c.EffectiveFrom, c.By, c.Now)];
    }
}

/// <summary>Sets the year from which the school is judged on the 2024 benchmarks. Slice: eventmodel/slices/set-framework-adoption.json</summary>
public sealed record SetFrameworkAdoption(SchoolUrn Urn, AcademicYear Framework2024From, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, SetFrameworkAdoption c) =>
        School.Require(state).Framework2024From == c.Framework2024From
            ? []
            : [new GatsbyFrameworkAdoptionSet(c.Urn, c.Framework2024From, c.By, c.Now)];
}

/// <summary>Appoints the careers leader. Slice: eventmodel/slices/appoint-careers-leader.json</summary>
public sealed record AppointCareersLeader(SchoolUrn Urn, StaffId LeaderId, bool Trained, LocalDate AppointedOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, AppointCareersLeader c)
    {
        var s = School.Require(state);
        return s.CareersLeader switch
        {
            { } l when l.Leader == c.LeaderId && (l.Trained || !c.Trained) => [],
            { } l when l.Leader == c.LeaderId => [new CareersLeaderTrainingRecorded(c.Urn, c.LeaderId, c.AppointedOn, c.By, c.Now)],
            _ => [new CareersLeaderAppointed(c.Urn, c.LeaderId, c.Trained, c.AppointedOn, c.By, c.Now)],
        };
    }
}

/// <summary>Records that the careers leader completed training. Slice: eventmodel/slices/appoint-careers-leader.json</summary>
public sealed record RecordCareersLeaderTraining(SchoolUrn Urn, StaffId LeaderId, LocalDate TrainedOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, RecordCareersLeaderTraining c) =>
        School.Require(state).CareersLeader switch
        {
            { } l when l.Leader == c.LeaderId && l.Trained => [],
            { } l when l.Leader == c.LeaderId => [new CareersLeaderTrainingRecorded(c.Urn, c.LeaderId, c.TrainedOn, c.By, c.Now)],
            _ => throw new DomainRuleViolation("not-the-careers-leader", $"{c.LeaderId} is not the school's careers leader."),
        };
}

/// <summary>Records the published careers programme information. Slice: eventmodel/slices/publish-careers-programme-information.json</summary>
public sealed record PublishCareersProgrammeInformation(
    SchoolUrn Urn, bool LeaderContactDetails, bool ProgrammeSummary, bool ImpactMeasurement, LocalDate? NextReviewDate,
    LocalDate PublishedOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, PublishCareersProgrammeInformation c)
    {
        var next = new CareersProgrammeInformationPublished(
            c.Urn, c.LeaderContactDetails, c.ProgrammeSummary, c.ImpactMeasurement, c.NextReviewDate, c.PublishedOn, c.By, c.Now);
        return School.Require(state).Publication is { } p && p with { RecordedBy = c.By, RecordedAt = c.Now } == next ? [] : [next];
    }
}

/// <summary>Records the published provider access policy statement. Slice: eventmodel/slices/publish-provider-access-policy-statement.json</summary>
public sealed record PublishProviderAccessPolicyStatement(
    SchoolUrn Urn, bool AccessRequestProcedure, bool GrantAndRefusalGrounds, bool PremisesAndFacilities, bool AccessTimes,
    bool HowSixEncountersMet, LocalDate? ReviewDate, LocalDate PublishedOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, PublishProviderAccessPolicyStatement c)
    {
        var next = new ProviderAccessPolicyStatementPublished(
            c.Urn, c.AccessRequestProcedure, c.GrantAndRefusalGrounds, c.PremisesAndFacilities, c.AccessTimes,
            c.HowSixEncountersMet, c.ReviewDate, c.PublishedOn, c.By, c.Now);
        return School.Require(state).PolicyStatement is { } p && p with { RecordedBy = c.By, RecordedAt = c.Now } == next ? [] : [next];
    }
}

/// <summary>Records a review of the careers policy. Slice: eventmodel/slices/review-careers-policy.json</summary>
public sealed record ReviewCareersPolicy(SchoolUrn Urn, LocalDate ReviewedOn, LocalDate NextReviewDate, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, ReviewCareersPolicy c)
    {
        var s = School.Require(state);
        if (c.NextReviewDate <= c.ReviewedOn)
        {
            throw new DomainRuleViolation("next-review-not-after-review", "The next review must come after the review.");
        }

        return s.PolicyNextReview == c.NextReviewDate ? [] : [new CareersPolicyReviewed(c.Urn, c.ReviewedOn, c.NextReviewDate, c.By, c.Now)];
    }
}

/// <summary>Records who backed the careers programme and when. Slice: eventmodel/slices/record-programme-evidence.json</summary>
public sealed record RecordProgrammeBacking(SchoolUrn Urn, ProgrammeBacker Backer, LocalDate BackedOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, RecordProgrammeBacking c) =>
        School.Require(state).ProgrammeFacts.Contains(ProgrammeFact.Of(c.Backer, c.BackedOn))
            ? []
            : [new CareersProgrammeBackingRecorded(c.Urn, Defined(c.Backer, "programme-backer-unknown"), c.BackedOn, c.By, c.Now)];

    internal static T Defined<T>(T value, string code)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new DomainRuleViolation(code, $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
}

/// <summary>Records whose feedback on the careers programme was gathered and when. Slice: eventmodel/slices/record-programme-evidence.json</summary>
public sealed record RecordProgrammeFeedback(SchoolUrn Urn, FeedbackSource Source, LocalDate GatheredOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, RecordProgrammeFeedback c) =>
        School.Require(state).ProgrammeFacts.Contains(ProgrammeFact.Of(c.Source, c.GatheredOn))
            ? []
            : [new CareersProgrammeFeedbackRecorded(c.Urn, RecordProgrammeBacking.Defined(c.Source, "feedback-source-unknown"), c.GatheredOn, c.By, c.Now)];
}

/// <summary>Records how the school engaged parents and carers and when. Slice: eventmodel/slices/record-programme-evidence.json</summary>
public sealed record RecordParentEngagement(SchoolUrn Urn, ParentEngagementKind Kind, LocalDate EngagedOn, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, RecordParentEngagement c) =>
        School.Require(state).ProgrammeFacts.Contains(ProgrammeFact.Of(c.Kind, c.EngagedOn))
            ? []
            : [new ParentEngagementRecorded(c.Urn, RecordProgrammeBacking.Defined(c.Kind, "parent-engagement-kind-unknown"), c.EngagedOn, c.By, c.Now)];
}

/// <summary>
/// Sets whether a special school arranges provider encounters flexibly for its pupils. Slice: eventmodel/slices/set-pal-send-flexibility.json
/// </summary>
public sealed record SetPalSendFlexibility(SchoolUrn Urn, bool Flexible, LocalDate EffectiveFrom, ActorId By, Instant Now)
{
    public static SchoolEvent[] Decide(School state, SetPalSendFlexibility c)
    {
        var s = School.Require(state);
        if (s.PalSendFlexible == c.Flexible)
        {
            return [];
        }

        // Why special schools only: the guidance allows the flexibility in SEND settings (statutory-rules PAL-14, decisions/0047).
        return c.Flexible && s.SchoolType != SchoolType.Special
            ? throw new DomainRuleViolation("pal-flexibility-special-schools-only",
                $"School {c.Urn} is recorded as {s.SchoolType}; only a special school can set PAL flexibility.")
            : [new PalSendFlexibilitySet(c.Urn, c.Flexible, c.EffectiveFrom, c.By, c.Now)];
    }
}

/// <summary>The key of a recorded programme fact, so that recording the same fact twice records it once.</summary>
internal static class ProgrammeFact
{
    public static string Of<T>(T value, LocalDate on)
        where T : struct, Enum => $"{typeof(T).Name}:{value}:{on:yyyy-MM-dd}";
}
