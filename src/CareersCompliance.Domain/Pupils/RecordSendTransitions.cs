using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Pupils.PupilEvent;

namespace CareersCompliance.Domain.Pupils;

/// <summary>Records an annual review of a pupil's EHC plan. Slice: eventmodel/slices/record-send-transitions.json</summary>
public sealed record RecordEhcpReview(PupilId PupilId, LocalDate HeldOn, bool PreparingForAdulthood, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordEhcpReview c)
    {
        var s = RequireEhcPlan(state);
        return s.SendTransitions.Contains(SendTransitionKey.Review(c.HeldOn, c.PreparingForAdulthood))
            ? []
            : [new EhcpReviewHeld(c.PupilId, c.HeldOn, c.PreparingForAdulthood, c.By, c.Now)];
    }

    // Why the current status: the review and the amended plan belong to an EHC plan; a pupil recorded as having none has
    // nothing to review, and the MIS import says so first (sen = e).
    internal static Pupil.Known RequireEhcPlan(Pupil state)
    {
        var s = Pupil.Require(state);
        return s.Sen == SenStatus.EhcPlan
            ? s
            : throw new DomainRuleViolation("pupil-has-no-ehc-plan",
                "The pupil is not recorded as having an EHC plan; import pupils.csv with sen = e first.");
    }
}

/// <summary>Records that a pupil's EHC plan was amended to name the post-16 placement. Slice: eventmodel/slices/record-send-transitions.json</summary>
public sealed record RecordPhaseTransfer(PupilId PupilId, LocalDate NamedOn, ActorId By, Instant Now)
{
    public static PupilEvent[] Decide(Pupil state, RecordPhaseTransfer c) =>
        RecordEhcpReview.RequireEhcPlan(state).SendTransitions.Contains(SendTransitionKey.Transfer(c.NamedOn))
            ? []
            : [new PhaseTransferNamed(c.PupilId, c.NamedOn, c.By, c.Now)];
}

/// <summary>The key of a recorded SEND transition fact, so that recording the same fact twice records it once.</summary>
internal static class SendTransitionKey
{
    public static string Review(LocalDate on, bool preparingForAdulthood) => $"review:{on:yyyy-MM-dd}:{preparingForAdulthood}";

    public static string Transfer(LocalDate on) => $"transfer:{on:yyyy-MM-dd}";
}
