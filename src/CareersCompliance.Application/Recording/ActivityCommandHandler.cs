using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Activities;
using CareersCompliance.EventStore;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace CareersCompliance.Application.Recording;

/// <summary>A new activity and its register, as Wolverine carries it from a recording form or the API.</summary>
public sealed record RecordNewActivity(RecordActivityWithRegister Command, CommandContext Context);

/// <summary>A later decision on an activity (attendance, a correction, a retraction), with the version the caller read, if any.</summary>
public sealed record DecideOnActivity(IActivityCommand Command, CommandContext Context, ExpectedVersion? Expected = null);

/// <summary>Wolverine's handler for a new activity: the domain decides, <see cref="StreamCommandHandler"/> appends.</summary>
public static class RecordNewActivityHandler
{
    // Why no retry: the only conflict is another recording under the same id, which a second try would refuse anyway.
    public static Task<AppendResult> Handle(RecordNewActivity message, StreamCommandHandler commands, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(commands);
        return commands.HandleAsync(Streams.Activity, Streams.ActivityId(message.Command.ActivityId),
            state => RecordActivityWithRegister.Decide(state, message.Command), message.Context, ct, ExpectedVersion.NoStream);
    }
}

/// <summary>Wolverine's handler for decisions on an existing activity.</summary>
public static class DecideOnActivityHandler
{
    /// <summary>
    /// Why retry a conflict: two people marking one register at once both read the same version; deciding again on the
    /// newer state lets both land. A caller who sent the version it read (If-Match) still gets the conflict, since its
    /// expectation stays the same on every try.
    /// </summary>
    public static void Configure(HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnException<ConcurrencyConflictException>().RetryTimes(RecordingRetries.OnConflict);
    }

    public static Task<AppendResult> Handle(DecideOnActivity message, StreamCommandHandler commands, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(commands);
        return commands.HandleAsync(Streams.Activity, Streams.ActivityId(message.Command.ActivityId),
            state => ActivityDecider.Decide(state, message.Command), message.Context, ct, message.Expected);
    }
}
