using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Schools;
using CareersCompliance.Domain.Trusts;
using CareersCompliance.EventStore;
using NodaTime;

namespace CareersCompliance.Application.Accounts;

/// <summary>A trust by id and name.</summary>
public sealed record TrustEntry(string TrustId, string Name);

/// <summary>A school by URN and name, with the trust it belongs to on the directory's date (null: none).</summary>
public sealed record SchoolEntry(string Urn, string Name, string? TrustId);

/// <summary>Trusts and schools on one date: what scope checks ("is this school in my trust?") read.</summary>
public sealed record DirectorySnapshot(LocalDate On, IReadOnlyList<TrustEntry> Trusts, IReadOnlyList<SchoolEntry> Schools)
{
    public SchoolEntry? School(string urn) => Schools.FirstOrDefault(s => string.Equals(s.Urn, urn, StringComparison.Ordinal));

    public TrustEntry? Trust(string trustId) => Trusts.FirstOrDefault(t => string.Equals(t.TrustId, trustId, StringComparison.Ordinal));

    public IReadOnlyList<SchoolEntry> SchoolsOf(string trustId) =>
        [.. Schools.Where(s => string.Equals(s.TrustId, trustId, StringComparison.Ordinal))];
}

/// <summary>Folds the trust and school streams into a <see cref="DirectorySnapshot"/> (a few hundred small events).</summary>
public sealed class SchoolDirectory(StreamSetReader reader)
{
    private static readonly string[] StreamTypes = [Streams.Trust.StreamType, Streams.School.StreamType];

    public async Task<DirectorySnapshot> LoadAsync(LocalDate on, CancellationToken ct)
    {
        var trusts = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var membership = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in await reader.ReadAsync([], StreamTypes, ct))
        {
            switch (e.Data)
            {
                case TrustEvent.TrustRegistered r:
                    trusts[r.TrustId.Value] = r.Name;
                    break;
                case TrustEvent.TrustRenamed r:
                    trusts[r.TrustId.Value] = r.Name;
                    break;
                case SchoolEvent.SchoolRegistered r:
                    names[r.Urn.Value] = r.Name;
                    membership.TryAdd(r.Urn.Value, null);
                    break;
                case SchoolEvent.SchoolDetailsChanged r:
                    names[r.Urn.Value] = r.Name;
                    break;
                case SchoolEvent.SchoolJoinedTrust j when j.JoinedOn <= on:
                    membership[j.Urn.Value] = j.TrustId.Value;
                    break;
                case SchoolEvent.SchoolLeftTrust l when l.LeftOn < on && string.Equals(membership.GetValueOrDefault(l.Urn.Value), l.TrustId.Value, StringComparison.Ordinal):
                    membership[l.Urn.Value] = null;
                    break;
            }
        }

        return new DirectorySnapshot(
            on,
            [.. trusts.OrderBy(t => t.Value, StringComparer.Ordinal).Select(t => new TrustEntry(t.Key, t.Value))],
            [.. names.OrderBy(s => s.Value, StringComparer.Ordinal).Select(s => new SchoolEntry(s.Key, s.Value, membership.GetValueOrDefault(s.Key)))]);
    }
}
