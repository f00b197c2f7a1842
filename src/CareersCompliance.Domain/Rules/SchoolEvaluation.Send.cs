using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>
/// SEND transitions for pupils with an EHC plan: eventmodel/slices/send-transitions.json and decision 0046. The evidence is
/// the recorded review or amended plan, not an activity, so these checks list no activity ids; the reason gives the date.
/// </summary>
internal sealed partial class SchoolEvaluation
{
    /// <summary>SEND Regs 2014 reg. 20(6)/21(6): the annual review in Year 9 covers preparing for adulthood, by the end of Year 9.</summary>
    private CheckResult SendYear9Review(PupilModel p)
    {
        const string id = CheckIds.SendYear9Review;
        if (p.Timeline.StartOfYearGroup(9) is not { } start || p.Timeline.EndOfYearGroup(9) is not { } end)
        {
            return Unknown(id);
        }

        return SendDeadline(p, id, start, end, (from, until) =>
        {
            var reviews = p.EhcpReviews.Where(r => r.HeldOn >= from && r.HeldOn <= until && r.HeldOn <= _asOf).OrderBy(r => r.HeldOn).ToList();
            var pfa = reviews.Find(r => r.PreparingForAdulthood);
            if (pfa is not null)
            {
                return (pfa.HeldOn, "met", $"annual review covering preparing for adulthood held on {D(pfa.HeldOn)}");
            }

            return reviews.Count > 0
                ? (null, "review-without-preparing-for-adulthood",
                    $"the Year 9 annual review on {D(reviews[^1].HeldOn)} did not cover preparing for adulthood")
                : (null, "no-year-9-review", "no annual review covering preparing for adulthood held in Year 9");
        });
    }

    /// <summary>SEND Regs 2014 reg. 18: for the transfer to post-16 at the end of Year 11, the plan names the placement by 31 March.</summary>
    private CheckResult SendPhaseTransfer(PupilModel p)
    {
        const string id = CheckIds.SendPhaseTransfer;
        if (p.Timeline.LastYearIn(11) is not { } year11)
        {
            return Unknown(id);
        }

        var start = year11.FirstDay();
        var deadline = new LocalDate(year11.LastDay().Year, 3, 31);
        return SendDeadline(p, id, start, deadline, (from, until) =>
        {
            var named = p.PhaseTransfers.Where(d => d >= from && d <= _asOf).Order().ToList();
            if (named.Count > 0 && named[0] <= until)
            {
                return (named[0], "met", $"post-16 placement named on {D(named[0])}");
            }

            return named.Count > 0
                ? (null, "named-after-deadline", $"the post-16 placement was named on {D(named[0])}, after {D(deadline)}")
                : (null, "placement-not-named", "no amended plan naming the post-16 placement");
        });
    }

    /// <summary>
    /// A pupil with no EHC plan at any time in the window (up to the as-of date) is not judged; otherwise the window's gate,
    /// leavers and statuses are those of every other deadline check (decisions/0022, 0033).
    /// </summary>
    private CheckResult SendDeadline(
        PupilModel p, string id, LocalDate start, LocalDate end, Func<LocalDate, LocalDate, (LocalDate? MetOn, string Code, string Text)> judge)
    {
        var fw = FrameworkAt(end);
        var to = _asOf < end ? _asOf : end;
        if (!p.HadEhcPlanBetween(start <= to ? start : to, to))
        {
            return Result(id, CheckStatus.NotApplicable, "no-ehc-plan", "no EHC plan recorded", [], fw, start, end);
        }

        var flags = PupilFlags(p);
        if (Gate(p, id, fw, start, end, "joined-after-deadline", flags, out _, out var leftOn) is { } notApplicable)
        {
            return notApplicable;
        }

        var (metOn, code, text) = judge(start, leftOn ?? end);
        var result = Outcome(id, metOn is not null, [], fw, start, end, false, code, text, flags, leftOn);
        if (metOn is not null && result.Status == CheckStatus.Met)
        {
            return result with { Reason = result.Reason is null ? text : $"{text}; {result.Reason}" };
        }

        // Why: a late or incomplete record says more than "window closed", and a reader acts on it differently.
        return result.ReasonCode is "window-closed-unmet" && code is "named-after-deadline" or "review-without-preparing-for-adulthood"
            ? result with { ReasonCode = code }
            : result;
    }
}
