using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Import;
using CareersCompliance.Domain.Common;
using Npgsql;

namespace CareersCompliance.Application.Recording;

/// <summary>
/// What the store already holds, loaded once per import so a million-row file checks its references in memory.
/// Why stream ids: business keys map to deterministic stream ids, so existence is a set lookup.
/// </summary>
public sealed class StoreReferences : IReferenceLookup
{
    private readonly HashSet<Guid> _streams;
    private readonly HashSet<string> _upns;

    private StoreReferences(HashSet<Guid> streams, HashSet<string> upns)
    {
        _streams = streams;
        _upns = upns;
    }

    public static async Task<StoreReferences> LoadAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var streams = new HashSet<Guid>();
        await using (var cmd = dataSource.CreateCommand(
            "SELECT stream_id FROM es.streams WHERE stream_type = ANY(ARRAY['school','provider','adviser','activity'])"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                streams.Add(reader.GetGuid(0));
            }
        }

        var upns = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = dataSource.CreateCommand("SELECT upn FROM pii.pupils WHERE upn IS NOT NULL"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                upns.Add(reader.GetString(0));
            }
        }

        return new StoreReferences(streams, upns);
    }

    public bool Has(ReferenceKind kind, string key) => kind switch
    {
        ReferenceKind.School => _streams.Contains(Streams.SchoolId(new SchoolUrn(key)).Id),
        ReferenceKind.Provider => _streams.Contains(Streams.ProviderId(new ProviderId(key)).Id),
        ReferenceKind.Adviser => _streams.Contains(Streams.AdviserId(new AdviserId(key)).Id),
        ReferenceKind.Activity => _streams.Contains(Streams.ActivityId(new ActivityId(key)).Id),
        ReferenceKind.Pupil => _upns.Contains(key),
        _ => false,
    };
}
