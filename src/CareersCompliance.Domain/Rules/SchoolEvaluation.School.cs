using CareersCompliance.Domain.Schools;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>School-level duties: publication, policy statement, careers leader, policy review (eventmodel/slices/school-checks.json).</summary>
internal sealed partial class SchoolEvaluation
{
    private List<CheckResult> SchoolChecks() => [Publication(), PolicyStatement(), CareersLeader(), PolicyReview()];

    private CheckResult Publication()
    {
        const string id = CheckIds.PublicationCareersInfo;
        var published = School.Publications.Where(x => x.PublishedOn <= _asOf).OrderBy(x => x.PublishedOn).ToList();
        if (published.Count == 0)
        {
            return Result(id, CheckStatus.NotMet, "not-published", "no careers programme information published", [], Framework(_year), null, null);
        }

        static List<string> MissingFrom(SchoolEvent.CareersProgrammeInformationPublished p) => Missing(
            (p.LeaderContactDetails, "careers leader's name and contact details"),
            (p.ProgrammeSummary, "summary of the programme and how to access it"),
            (p.ImpactMeasurement, "how impact is measured"),
            (p.NextReviewDate is not null, "date of the next review"));
        var p = published[^1];
        return Reviewed(id, MissingFrom(p), p.NextReviewDate, "published information", IncompleteSince(published, x => x.PublishedOn, x => MissingFrom(x).Count > 0));
    }

    private CheckResult PolicyStatement()
    {
        const string id = CheckIds.PalPolicyStatement;
        var published = School.Statements.Where(x => x.PublishedOn <= _asOf).OrderBy(x => x.PublishedOn).ToList();
        if (published.Count == 0)
        {
            return Result(id, CheckStatus.NotMet, "not-published", "no provider access policy statement published", [], Framework(_year), null, null);
        }

        static List<string> MissingFrom(SchoolEvent.ProviderAccessPolicyStatementPublished s) => Missing(
            (s.AccessRequestProcedure, "procedure for access requests"),
            (s.GrantAndRefusalGrounds, "grounds for granting and refusing requests"),
            (s.PremisesAndFacilities, "premises and facilities"),
            (s.AccessTimes, "times at which access is given"),
            (s.HowSixEncountersMet, "how the six encounters are met"),
            (s.ReviewDate is not null, "review date"));
        var s = published[^1];
        return Reviewed(id, MissingFrom(s), s.ReviewDate, "policy statement", IncompleteSince(published, x => x.PublishedOn, x => MissingFrom(x).Count > 0));
    }

    private CheckResult CareersLeader()
    {
        const string id = CheckIds.CareersLeader;
        var leader = School.Leaders.Where(x => x.AppointedOn <= _asOf).MaxBy(x => x.AppointedOn);
        if (leader is null)
        {
            return Result(id, CheckStatus.NotMet, "no-careers-leader", "no careers leader appointed", [], Framework(_year), null, null);
        }

        var trained = leader.Trained || School.Trainings.Exists(t => t.LeaderId == leader.LeaderId && t.TrainedOn <= _asOf);
        return trained
            ? Result(id, CheckStatus.Met, "met", null, [], Framework(_year), leader.AppointedOn, null)
            : Result(id, CheckStatus.NotMet, "careers-leader-not-trained", "the careers leader has no recorded training", [], Framework(_year), leader.AppointedOn, null);
    }

    private CheckResult PolicyReview()
    {
        const string id = CheckIds.PolicyReview;
        var r = School.Reviews.Where(x => x.ReviewedOn <= _asOf).MaxBy(x => x.ReviewedOn);
        return r is null
            ? Result(id, CheckStatus.NotMet, "no-policy-review-recorded", "no careers policy review recorded", [], Framework(_year), null, null)
            : Reviewed(id, [], r.NextReviewDate, "careers policy");
    }

    private static List<string> Missing(params (bool Present, string Item)[] items) => [.. items.Where(i => !i.Present).Select(i => i.Item)];

    /// <summary>The publication date from which every version published since (in date order) has been incomplete.</summary>
    private static LocalDate? IncompleteSince<T>(List<T> published, Func<T, LocalDate> on, Func<T, bool> incomplete)
    {
        LocalDate? since = null;
        for (var i = published.Count - 1; i >= 0 && incomplete(published[i]); i--)
        {
            since = on(published[i]);
        }

        return since;
    }

    /// <summary>
    /// NotMet with items missing (no deadline: the start is the date since when they have been missing) or the review date
    /// past; AtRisk when the review falls within the alert horizon. The review date is the deadline only of a review.
    /// </summary>
    private CheckResult Reviewed(string id, List<string> missing, LocalDate? review, string what, LocalDate? incompleteSince = null)
    {
        var fw = Framework(_year);
        if (missing.Count > 0)
        {
            return Result(id, CheckStatus.NotMet, "items-missing",
                $"{what} lacks: {string.Join("; ", missing)} (missing since {D(incompleteSince!.Value)})", [], fw, incompleteSince, null);
        }

        var due = review!.Value;
        if (due < _asOf)
        {
            return Result(id, CheckStatus.NotMet, "review-date-passed", $"{what} was due for review on {D(due)}", [], fw, null, due);
        }

        var days = Calendar.PalPhases.DaysBetween(_asOf, due);
        return days <= _s.AlertHorizonDays
            ? Result(id, CheckStatus.AtRisk, "review-due-soon", $"{what} is due for review in {days} day(s), on {D(due)}", [], fw, null, due)
            : Result(id, CheckStatus.Met, "met", null, [], fw, null, due);
    }
}
