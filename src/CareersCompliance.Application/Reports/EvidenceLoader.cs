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

/// <summary>
/// Gathers everything the rules read for a school, with each event's record time.
/// Why a cache: a school of 1,200 pupils with three years of evidence is about 70,000 events; reading and deserialising
/// them for every report took about 2 s (measured), so a long-lived process (the web host, the benchmark) keeps each
/// school's sealed events and reads only what was sealed or committed since. The evidence handed to the rules is still
/// every committed event of the school's streams (the same set a full read gives), so as-of and known-at answers are
/// unchanged: the rules filter by valid and record time themselves.
/// </summary>
public sealed class EvidenceLoader(StreamSetChangesReader reader, SchoolStreamsQuery index, PupilRegister pupils, NpgsqlDataSource dataSource)
{
    // Why a bound: each cached school holds its events (tens of MB for a large one); a trust's schools fit comfortably.
    private const int MaxSchoolsCached = 32;

    private static readonly string[] Registers = [Streams.Provider.StreamType, Streams.Adviser.StreamType];

    // Why process-wide: a generation names one state of one school's evidence, never reused by another school or cache.
    private static long s_generations;

    private readonly Dictionary<string, CachedSchool> _cache = new(StringComparer.Ordinal);
    private readonly Lock _cacheLock = new();

    /// <summary>The record-time clock: the database's, which stamps every event's recorded_at.</summary>
    public async Task<Instant> RecordClockAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT clock_timestamp()");
        return Instant.FromDateTimeUtc((DateTime)(await cmd.ExecuteScalarAsync(ct))!);
    }

    public async Task<SchoolEvidence> LoadSchoolAsync(SchoolUrn urn, bool withBirthDates, CancellationToken ct) =>
        (await LoadVersionedAsync(urn, withBirthDates, ct)).Evidence;

    /// <summary>The evidence and, when it holds only sealed events from the events alone (no register data), which version
    /// of the school's evidence it is: equal versions mean equal evidence.</summary>
    internal async Task<(SchoolEvidence Evidence, EvidenceVersion? Version)> LoadVersionedAsync(SchoolUrn urn, bool withBirthDates,
        CancellationToken ct)
    {
        var streams = new HashSet<StreamId>(await index.StreamsOfAsync(urn.Value, ct)) { Streams.SchoolId(urn) };
        var cached = Cached(urn.Value);
        SchoolEvidence evidence;
        EvidenceVersion? version;
        await cached.Gate.WaitAsync(ct);
        try
        {
            (evidence, version) = await cached.RefreshAsync(reader, urn, streams, ct);
        }
        finally
        {
            cached.Gate.Release();
        }

        if (!withBirthDates)
        {
            return (evidence, version);
        }

        var ids = evidence.PupilEvents.Select(p => p.Event).OfType<PupilEvent.PupilEnrolled>().Select(e => e.PupilId).Distinct().ToList();
        var details = await pupils.GetAsync(ids, ct);
        return (evidence with
        {
            BirthDates = details.Values.Where(d => d.DateOfBirth is not null).ToDictionary(d => d.PupilId, d => d.DateOfBirth!.Value),
        }, null);
    }

    /// <summary>The URNs of every school that was ever in the trust (the roll-up filters by membership on the as-of date).</summary>
    public async Task<IReadOnlyList<SchoolUrn>> SchoolsEverInAsync(TrustId trust, CancellationToken ct)
    {
        var schools = await reader.StreamsOfTypesAsync([Streams.School.StreamType], ct);
        var events = (await reader.ReadAsync(schools, [], 0, ct)).Events;
        return [.. events.Select(e => e.Data).OfType<SchoolEvent.SchoolJoinedTrust>().Where(j => j.TrustId == trust).Select(j => j.Urn).Distinct()];
    }

    private CachedSchool Cached(string urn)
    {
        lock (_cacheLock)
        {
            if (!_cache.TryGetValue(urn, out var cached))
            {
                if (_cache.Count >= MaxSchoolsCached)
                {
                    _cache.Remove(_cache.MinBy(c => c.Value.LastUsed).Key);
                }

                cached = new CachedSchool();
                _cache[urn] = cached;
            }

            cached.LastUsed = Environment.TickCount64;
            return cached;
        }
    }

    /// <summary>One school's sealed evidence up to a ledger position; refreshed under its gate.</summary>
    private sealed class CachedSchool
    {
        private readonly HashSet<StreamId> _streams = [];
        private List<Recorded<SchoolEvent>> _school = [];
        private List<Recorded<PupilEvent>> _pupils = [];
        private List<Recorded<ActivityEvent>> _activities = [];
        private List<Recorded<ProviderEvent>> _providers = [];
        private List<Recorded<AdviserEvent>> _advisers = [];
        private long _sealedUpTo;
        private long _generation = Interlocked.Increment(ref s_generations);
        private Instant _lastRecordedAt = Instant.MinValue;
        private (long Generation, SchoolEvidence Evidence)? _built;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long LastUsed { get; set; }

        public async Task<(SchoolEvidence Evidence, EvidenceVersion? Version)> RefreshAsync(StreamSetChangesReader reader, SchoolUrn urn, HashSet<StreamId> streams, CancellationToken ct)
        {
            if (!_streams.IsSubsetOf(streams))
            {
                // A stream left the school's set (the index was rebuilt): start again rather than guess what to drop.
                Reset();
            }

            var known = _streams.ToList();
            var added = streams.Where(s => !_streams.Contains(s)).ToList();
            var firstRead = _sealedUpTo == 0 && _streams.Count == 0;

            // Registers (providers, advisers) are read whole once, then watched by type, so new ones arrive with the changes.
            var changes = await reader.ReadAsync(firstRead ? [.. added, .. await reader.StreamsOfTypesAsync(Registers, ct)] : added, known,
                _sealedUpTo, ct, firstRead ? null : Registers);
            var unsealed = new Buckets();
            var sealedNow = new Buckets { School = _school, Pupils = _pupils, Activities = _activities, Providers = _providers, Advisers = _advisers };
            var anyUnsealed = false;
            foreach (var e in changes.Events)
            {
                if (e.Position is null)
                {
                    anyUnsealed = true;
                    unsealed.Add(e);
                }
                else
                {
                    sealedNow.Add(e);
                    _lastRecordedAt = Instant.Max(_lastRecordedAt, e.RecordedAt);
                }
            }

            if (added.Count > 0 || changes.Events.Count > 0)
            {
                _generation = Interlocked.Increment(ref s_generations);
            }

            _streams.UnionWith(added);
            _sealedUpTo = changes.SealedUpTo;
            if (!anyUnsealed && _built is { } built && built.Generation == _generation)
            {
                // Nothing new since the last load: the same evidence, without copying tens of thousands of events again.
                return (built.Evidence, new EvidenceVersion(_generation, _lastRecordedAt));
            }

            // Why copies: the cached lists keep growing under the gate while an earlier report may still be reading its evidence.
            var evidence = new SchoolEvidence(urn, [.. _school, .. unsealed.School], [.. _pupils, .. unsealed.Pupils],
                [.. _activities, .. unsealed.Activities], [.. _providers, .. unsealed.Providers], [.. _advisers, .. unsealed.Advisers]);
            _built = anyUnsealed ? null : (_generation, evidence);
            return (evidence, anyUnsealed ? null : new EvidenceVersion(_generation, _lastRecordedAt));
        }

        private void Reset()
        {
            _streams.Clear();
            (_school, _pupils, _activities, _providers, _advisers) = ([], [], [], [], []);
            _sealedUpTo = 0;
            _lastRecordedAt = Instant.MinValue;
            _generation = Interlocked.Increment(ref s_generations);
            _built = null;
        }
    }

    private sealed class Buckets
    {
        public List<Recorded<SchoolEvent>> School { get; init; } = [];

        public List<Recorded<PupilEvent>> Pupils { get; init; } = [];

        public List<Recorded<ActivityEvent>> Activities { get; init; } = [];

        public List<Recorded<ProviderEvent>> Providers { get; init; } = [];

        public List<Recorded<AdviserEvent>> Advisers { get; init; } = [];

        public void Add(EventEnvelope e)
        {
            switch (e.Data)
            {
                case SchoolEvent s:
                    School.Add(new(s, e.RecordedAt));
                    break;
                case PupilEvent p:
                    Pupils.Add(new(p, e.RecordedAt));
                    break;
                case ActivityEvent a:
                    Activities.Add(new(a, e.RecordedAt));
                    break;
                case ProviderEvent p:
                    Providers.Add(new(p, e.RecordedAt));
                    break;
                case AdviserEvent a:
                    Advisers.Add(new(a, e.RecordedAt));
                    break;
                default:
                    break;
            }
        }
    }
}

/// <summary>Which state of a school's cached evidence a load returned, and the latest record time in it.</summary>
internal sealed record EvidenceVersion(long Generation, Instant LastRecordedAt);
