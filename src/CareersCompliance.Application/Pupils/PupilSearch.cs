using System.Text;
using System.Text.RegularExpressions;
using CareersCompliance.Domain.Common;
using Npgsql;

namespace CareersCompliance.Application.Pupils;

/// <summary>How a search term is read: a UPN (a letter and 12 digits) or a name (one or more words, each a prefix).</summary>
public enum PupilSearchKind
{
    Upn,
    Name,
}

/// <summary>One pupil found at one school (a pupil who moved is found at each school in scope).</summary>
public sealed record PupilHit(PupilId PupilId, string SchoolUrn, string? Upn, string? Forename, string? Surname);

/// <summary>
/// Finds pupils by UPN or by name among the given schools' pupils, never erased ones. Every query is served by an index:
/// pii.pupils' UNIQUE upn or the lower-cased name indexes of migration 0091, and rm.school_streams by stream id.
/// </summary>
public sealed partial class PupilSearch(NpgsqlDataSource dataSource)
{
    public const int MinimumNameLength = 2;

    private const string Select = """
        SELECT p.pupil_id, s.school_urn, p.upn, p.forename, p.surname
          FROM pii.pupils p
          JOIN rm.school_streams s ON s.stream_id = p.pupil_id AND s.stream_type = 'pupil'
         WHERE p.erased_at IS NULL AND s.school_urn = ANY($1) AND
        """;

    public static PupilSearchKind KindOf(string term) => UpnPattern().IsMatch(term.Trim()) ? PupilSearchKind.Upn : PupilSearchKind.Name;

    /// <summary>The pupils matching <paramref name="term"/> at <paramref name="schoolUrns"/>, at most <paramref name="limit"/>,
    /// by surname, forename and school.</summary>
    public async Task<IReadOnlyList<PupilHit>> FindAsync(string term, IReadOnlyCollection<string> schoolUrns, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(schoolUrns);
        var hits = new List<PupilHit>();

        await using var cmd = Command(term, schoolUrns, limit);
        if (cmd is null)
        {
            return hits;
        }

        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hits.Add(new PupilHit(new PupilId(reader.GetGuid(0)), reader.GetString(1),
                await reader.IsDBNullAsync(2, ct) ? null : reader.GetString(2),
                await reader.IsDBNullAsync(3, ct) ? null : reader.GetString(3),
                await reader.IsDBNullAsync(4, ct) ? null : reader.GetString(4)));
        }

        return hits;
    }

    /// <summary>The query for <paramref name="term"/> (null when there is nothing to look for); internal so that a test can
    /// ask PostgreSQL how it would run it.</summary>
    internal NpgsqlCommand? Command(string term, IReadOnlyCollection<string> schoolUrns, int limit)
    {
        if (schoolUrns.Count == 0 || limit <= 0)
        {
            return null;
        }

        // $1 the schools, $2 the limit, $3 (and $4) what to find.
        var cmd = dataSource.CreateCommand();
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. schoolUrns] });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (KindOf(term) == PupilSearchKind.Upn)
        {
            cmd.CommandText = Select + " p.upn = $3 ORDER BY s.school_urn LIMIT $2";
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = term.Trim().ToUpperInvariant() });
        }
        else
        {
            var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0 || string.Concat(words).Length < MinimumNameLength)
            {
                cmd.Dispose();
                return null;
            }

            // One word: the start of a surname or a forename. More: the first word starts the forename and the rest the
            // surname, or the other way round ("Smith Jo").
            cmd.CommandText = Select + (words.Length == 1
                ? " (lower(p.surname) LIKE $3 OR lower(p.forename) LIKE $3)"
                : " ((lower(p.forename) LIKE $3 AND lower(p.surname) LIKE $4) OR (lower(p.surname) LIKE $3 AND lower(p.forename) LIKE $4))")
                + " ORDER BY p.surname, p.forename, s.school_urn LIMIT $2";
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Prefix(words[0]) });
            if (words.Length > 1)
            {
                cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Prefix(string.Join(' ', words[1..])) });
            }
        }

        return cmd;
    }

    // Why escape: a % or _ typed by the user is a character to find, not a wildcard.
    private static string Prefix(string word)
    {
        var text = new StringBuilder(word.Length + 1);
        foreach (var c in word.ToLowerInvariant())
        {
            if (c is '%' or '_' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append('%').ToString();
    }

    [GeneratedRegex("^[A-Za-z][0-9]{12}$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UpnPattern();
}
