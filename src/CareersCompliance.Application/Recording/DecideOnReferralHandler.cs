using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.EventStore;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace CareersCompliance.Application.Recording;

/// <summary>A step of a referral's workflow, as Wolverine carries it from a form or the API, with the version the caller read, if any.</summary>
public sealed record DecideOnReferral(IReferralCommand Command, CommandContext Context, ExpectedVersion? Expected = null);

/// <summary>Wolverine's handler for referral steps: the domain decides, <see cref="StreamCommandHandler"/> appends.</summary>
public static class DecideOnReferralHandler
{
    // Why retry a conflict: as for activities; a raise (expected: no stream) under a fresh id never meets one.
    public static void Configure(HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnException<ConcurrencyConflictException>().RetryTimes(RecordingRetries.OnConflict);
    }

    public static Task<AppendResult> Handle(DecideOnReferral message, StreamCommandHandler commands, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(commands);
        return commands.HandleAsync(Streams.Referral, Streams.ReferralId(message.Command.ReferralId),
            state => ReferralDecider.Decide(state, message.Command), message.Context, ct, message.Expected);
    }
}
