using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace CareersCompliance.Benchmarks;

/// <summary>Measures commit-to-sealed latency: writers record when their append returned; this notes when the ledger shows it.</summary>
public sealed class SealLagMonitor(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<(Guid Stream, long Version), long> _committed = new();
    private readonly ConcurrentBag<double> _lagsMs = [];

    public void Committed(Guid stream, long version) => _committed[(stream, version)] = Stopwatch.GetTimestamp();

    public IReadOnlyList<double> Lags => [.. _lagsMs];

    public async Task RunAsync(CancellationToken ct)
    {
        long position = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await using var command = dataSource.CreateCommand(
                    "SELECT position, stream_id, version FROM es.ledger WHERE position > $1 ORDER BY position");
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    var now = Stopwatch.GetTimestamp();
                    while (await reader.ReadAsync(ct))
                    {
                        position = reader.GetInt64(0);
                        if (_committed.TryRemove((reader.GetGuid(1), reader.GetInt64(2)), out var at))
                        {
                            _lagsMs.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                        }
                    }
                }

                await Task.Delay(20, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The measurement ends when the phase ends.
        }
    }
}
