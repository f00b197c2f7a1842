using CareersCompliance.EventStore;
using Npgsql;

namespace CareersCompliance.Projections.SchoolStreams;

/// <summary>Reads the school → streams index.</summary>
public sealed class SchoolStreamsQuery(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<StreamId>> StreamsOfAsync(string schoolUrn, CancellationToken ct)
    {
        var result = new List<StreamId>();
        await using var cmd = dataSource.CreateCommand("SELECT stream_type, stream_id FROM rm.school_streams WHERE school_urn = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schoolUrn });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new StreamId(reader.GetString(0), reader.GetGuid(1)));
        }

        return result;
    }
}
