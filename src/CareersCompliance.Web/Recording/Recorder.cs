using CareersCompliance.Application;
using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Recording;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.EventStore;
using CareersCompliance.Web.Security;
using NodaTime;
using Wolverine;

namespace CareersCompliance.Web.Recording;

/// <summary>One pupil's mark on an activity's register.</summary>
public sealed record RegisterMark(PupilId PupilId, bool Attended);

/// <summary>
/// What the recording forms and the command API send: every command is a Wolverine message (Application/Recording),
/// handled in process by <see cref="StreamCommandHandler"/> with the signed-in user as actor, the page or API as source
/// and the school's trust as tenant. Callers check <see cref="UserAccess.CanRecord"/> first; the school an existing
/// stream belongs to is checked here.
/// </summary>
public sealed class Recorder(CareersRuntime runtime, IMessageBus bus)
{
    public IClock Clock => runtime.Clock;

    /// <summary>A new activity id, readable in exports: <c>WEB-</c> and a time-ordered Guid.</summary>
    public static ActivityId NewActivityId() => new("WEB-" + Guid.CreateVersion7().ToString("N")[..20].ToUpperInvariant());

    /// <summary>The activity id an API client's idempotency key stands for: the same account, school and key give the same id.</summary>
    public static ActivityId ActivityIdFor(UserAccess access, string urn, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(access);
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{access.Account.AccountId}\n{urn}\n{idempotencyKey}"));
        return new ActivityId("API-" + Convert.ToHexString(digest)[..20]);
    }

    public static bool IsIdempotencyKey(string key) =>
        key.Length is > 0 and <= 100 && key.All(c => c is > ' ' and <= '~');

    /// <summary>Records an activity and its register in one append: all or nothing.</summary>
    public Task<AppendResult> RecordActivityAsync(
        UserAccess access, SourceKind source, ActivityId id, ActivityDetails details, IReadOnlyList<RegisterMark> register, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(register);
        var by = Actor(access);
        var now = runtime.Clock.GetCurrentInstant();
        var command = new RecordActivityWithRegister(
            new RecordActivity(id, details, by, now), [.. register.Select(m => new RecordAttendance(id, m.PupilId, m.Attended, by, now))]);
        return bus.InvokeAsync<AppendResult>(new RecordNewActivity(command, Context(access, source, details.SchoolUrn.Value, "record-activity")), ct);
    }

    /// <summary>The activity's state, the school it was recorded for and its stream version; null when none is recorded under this id.</summary>
    public async Task<(Activity State, string SchoolUrn, long Version)?> ActivityAsync(ActivityId id, CancellationToken ct)
    {
        var slice = await runtime.Store.ReadStreamAsync(Streams.ActivityId(id), null, ct);
        var events = slice.Events.Select(e => e.Data).OfType<ActivityEvent>().ToList();
        if (events.OfType<ActivityEvent.ActivityRecorded>().FirstOrDefault() is not { } recorded)
        {
            return null;
        }

        return (events.Aggregate(Activity.Initial, Activity.Evolve), recorded.Details.SchoolUrn.Value, slice.Version);
    }

    /// <summary>A later decision on an activity: <paramref name="command"/> is made with the signed-in actor and the clock's time.</summary>
    public Task<AppendResult> ActivityCommandAsync(
        UserAccess access, SourceKind source, string urn, string commandName, Func<ActorId, Instant, IActivityCommand> command, ExpectedVersion? expected,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var message = new DecideOnActivity(command(Actor(access), runtime.Clock.GetCurrentInstant()), Context(access, source, urn, commandName), expected);
        return bus.InvokeAsync<AppendResult>(message, ct);
    }

    /// <summary>The referral's state, the school it was raised at and its version, or null when it was never raised.</summary>
    public async Task<(Referral State, string SchoolUrn, long Version, IReadOnlyList<EventEnvelope> History)?> ReferralAsync(ReferralId id, CancellationToken ct)
    {
        var slice = await runtime.Store.ReadStreamAsync(Streams.ReferralId(id), null, ct);
        var events = slice.Events.Select(e => e.Data).OfType<ReferralEvent>().ToList();
        if (events.OfType<ReferralEvent.ReferralRaised>().FirstOrDefault() is not { } raised)
        {
            return null;
        }

        return (events.Aggregate(Referral.Initial, Referral.Evolve), raised.SchoolUrn.Value, slice.Version, slice.Events);
    }

    /// <summary>A step of a referral's workflow, made with the signed-in actor and the clock's time.</summary>
    public Task<AppendResult> ReferralCommandAsync(
        UserAccess access, SourceKind source, string urn, string commandName, Func<ActorId, Instant, IReferralCommand> command, ExpectedVersion? expected,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var message = new DecideOnReferral(command(Actor(access), runtime.Clock.GetCurrentInstant()), Context(access, source, urn, commandName), expected);
        return bus.InvokeAsync<AppendResult>(message, ct);
    }

    public static ActorId Actor(UserAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new ActorId(access.Account.Username);
    }

    private static CommandContext Context(UserAccess access, SourceKind source, string urn, string command) =>
        new(new EventActor(access.Account.Username, access.RoleName), new EventSource(source),
            new TenantRef(access.Directory.School(urn)?.TrustId ?? "*", urn), Guid.CreateVersion7(), Command: command);
}
