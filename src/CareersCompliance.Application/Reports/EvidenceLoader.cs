using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using CareersCompliance.EventStore;
using CareersCompliance.Projections.SchoolStreams;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Reports;

/// <summary>Gathers everything the rules read for a school, with each event's record time, in one read.</summary>
public sealed class EvidenceLoader(StreamSetReader reader, SchoolStreamsQuery index, PupilRegister pupils, NpgsqlDataSource dataSource)
{
    /// <summary>The record-time clock: the database's, which stamps every event's recorded_at.</summary>
    public async Task<Instant> RecordClockAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT clock_timestamp()");
        return Instant.FromDateTimeUtc((DateTime)(await cmd.ExecuteScalarAsync(ct))!);
    }

    private static readonly string[] Registers = [Streams.Provider.StreamType, Streams.Adviser.StreamType];

    public async Task<SchoolEvidence> LoadSchoolAsync(SchoolUrn urn, bool withBirthDates, CancellationToken ct)
    {
        var streams = new List<StreamId>(await index.StreamsOfAsync(urn.Value, ct)) { Streams.SchoolId(urn) };
        var events = await reader.ReadAsync(streams, Registers, ct);
        var school = new List<Recorded<SchoolEvent>>();
        var pupilEvents = new List<Recorded<PupilEvent>>();
        var activities = new List<Recorded<ActivityEvent>>();
        var providers = new List<Recorded<ProviderEvent>>();
        var advisers = new List<Recorded<AdviserEvent>>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case SchoolEvent s:
                    school.Add(new(s, e.RecordedAt));
                    break;
                case PupilEvent p:
                    pupilEvents.Add(new(p, e.RecordedAt));
                    break;
                case ActivityEvent a:
                    activities.Add(new(a, e.RecordedAt));
                    break;
                case ProviderEvent p:
                    providers.Add(new(p, e.RecordedAt));
                    break;
                case AdviserEvent a:
                    advisers.Add(new(a, e.RecordedAt));
                    break;
            }
        }

        var evidence = new SchoolEvidence(urn, school, pupilEvents, activities, providers, advisers);
        if (!withBirthDates)
        {
            return evidence;
        }

        var ids = pupilEvents.Select(p => p.Event).OfType<PupilEvent.PupilEnrolled>().Select(e => e.PupilId).Distinct().ToList();
        var details = await pupils.GetAsync(ids, ct);
        return evidence with
        {
            BirthDates = details.Values.Where(d => d.DateOfBirth is not null).ToDictionary(d => d.PupilId, d => d.DateOfBirth!.Value),
        };
    }

    /// <summary>The URNs of every school that was ever in the trust (the roll-up filters by membership on the as-of date).</summary>
    public async Task<IReadOnlyList<SchoolUrn>> SchoolsEverInAsync(TrustId trust, CancellationToken ct)
    {
        var events = await reader.ReadAsync([], [Streams.School.StreamType], ct);
        return [.. events.Select(e => e.Data).OfType<SchoolEvent.SchoolJoinedTrust>().Where(j => j.TrustId == trust).Select(j => j.Urn).Distinct()];
    }
}
