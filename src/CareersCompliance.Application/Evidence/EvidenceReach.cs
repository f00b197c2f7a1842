using Npgsql;

namespace CareersCompliance.Application.Evidence;

/// <summary>How many pupils the evidence reached: those whose latest register entry for any of the activities says attended.</summary>
public static class EvidenceReach
{
    /// <summary>Distinct pupils marked attended (after every correction) at one or more of <paramref name="activityIds"/>; served by
    /// rm.timeline_attendance's (activity_id, pupil_id, position) index.</summary>
    public static async Task<int> PupilsAttendedAsync(NpgsqlDataSource dataSource, IReadOnlyCollection<string> activityIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(activityIds);
        if (activityIds.Count == 0)
        {
            return 0;
        }

        await using var cmd = dataSource.CreateCommand(
            """
            SELECT count(DISTINCT pupil_id) FROM (
                SELECT DISTINCT ON (activity_id, pupil_id) pupil_id, attended
                  FROM rm.timeline_attendance WHERE activity_id = ANY($1) AND attended IS NOT NULL
                 ORDER BY activity_id, pupil_id, position DESC) latest
             WHERE attended
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. activityIds] });
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
