using CareersCompliance.Domain.Common;

namespace CareersCompliance.Domain.Referrals;

/// <summary>A command on one referral's stream; <see cref="ReferralDecider.Decide"/> routes it to its own decider.</summary>
public interface IReferralCommand
{
    ReferralId ReferralId { get; }
}

/// <summary>One entry point for the referral workflow's commands, so a message handler needs no knowledge of each.</summary>
public static class ReferralDecider
{
    public static ReferralEvent[] Decide(Referral state, IReferralCommand command) => command switch
    {
        RaiseReferral c => RaiseReferral.Decide(state, c),
        TriageReferral c => TriageReferral.Decide(state, c),
        BookReferralMeeting c => BookReferralMeeting.Decide(state, c),
        CompleteReferral c => CompleteReferral.Decide(state, c),
        CloseReferral c => CloseReferral.Decide(state, c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command?.GetType().Name, "Not a command on a referral."),
    };
}
