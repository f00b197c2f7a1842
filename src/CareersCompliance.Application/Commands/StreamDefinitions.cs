using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Domain.Trusts;
using CareersCompliance.EventStore;

namespace CareersCompliance.Application.Commands;

/// <summary>How to fold one stream type: its stored type name, initial state and evolve function.</summary>
public sealed record StreamDefinition<TState, TEvent>(string StreamType, TState Initial, Func<TState, TEvent, TState> Evolve)
    where TEvent : class;

/// <summary>The domain's stream types and how their ids are formed.</summary>
public static class Streams
{
    public static StreamDefinition<Trust, TrustEvent> Trust { get; } = new("trust", Domain.Trusts.Trust.Initial, Domain.Trusts.Trust.Evolve);

    public static StreamDefinition<School, SchoolEvent> School { get; } = new("school", Domain.Schools.School.Initial, Domain.Schools.School.Evolve);

    public static StreamDefinition<Provider, ProviderEvent> Provider { get; } =
        new("provider", Domain.Providers.Provider.Initial, Domain.Providers.Provider.Evolve);

    public static StreamDefinition<Adviser, AdviserEvent> Adviser { get; } = new("adviser", Domain.Advisers.Adviser.Initial, Domain.Advisers.Adviser.Evolve);

    public static StreamDefinition<Pupil, PupilEvent> Pupil { get; } = new("pupil", Domain.Pupils.Pupil.Initial, Domain.Pupils.Pupil.Evolve);

    public static StreamDefinition<Activity, ActivityEvent> Activity { get; } =
        new("activity", Domain.Activities.Activity.Initial, Domain.Activities.Activity.Evolve);

    public static StreamDefinition<Referral, ReferralEvent> Referral { get; } =
        new("referral", Domain.Referrals.Referral.Initial, Domain.Referrals.Referral.Evolve);

    // Why business keys map to deterministic ids: a re-import of the same row must find the same stream.
    public static StreamId TrustId(TrustId id) => StreamId.ForKey(Trust.StreamType, id.Value);

    public static StreamId SchoolId(SchoolUrn urn) => StreamId.ForKey(School.StreamType, urn.Value);

    public static StreamId ProviderId(ProviderId id) => StreamId.ForKey(Provider.StreamType, id.Value);

    public static StreamId AdviserId(AdviserId id) => StreamId.ForKey(Adviser.StreamType, id.Value);

    public static StreamId ActivityId(ActivityId id) => StreamId.ForKey(Activity.StreamType, id.Value);

    // Why a random id for pupils: a name-based id from the UPN could be reversed by trying UPNs.
    public static StreamId PupilId(PupilId id) => new(Pupil.StreamType, id.Value);

    public static StreamId ReferralId(ReferralId id) => new(Referral.StreamType, id.Value);
}
