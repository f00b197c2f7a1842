namespace CareersCompliance.Application.Import;

public enum ReferenceKind
{
    School,
    Provider,
    Adviser,
    Activity,
    Pupil,
}

/// <summary>Answers whether a referenced key exists (in the store, or in files imported before this one).</summary>
public interface IReferenceLookup
{
    bool Has(ReferenceKind kind, string key);
}

/// <summary>References known from rows of other files; for <c>careers import DIR</c> fill it file by file in contract order.</summary>
public sealed class InMemoryReferenceLookup : IReferenceLookup
{
    private readonly Dictionary<ReferenceKind, HashSet<string>> _keys = [];

    public bool Has(ReferenceKind kind, string key) => _keys.TryGetValue(kind, out var set) && set.Contains(key);

    public void Add(ReferenceKind kind, string key)
    {
        if (!_keys.TryGetValue(kind, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _keys[kind] = set;
        }

        set.Add(key);
    }

    /// <summary>Adds the keys of the rows the caller will write (so a refused file's keys do not satisfy later files).</summary>
    public void AddWritten(ImportResult result, bool partial)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var accepted in result.RowsToWrite(partial))
        {
            Add(accepted.Row);
        }
    }

    public void Add(ImportRow row)
    {
        switch (row)
        {
            case SchoolRow s:
                Add(ReferenceKind.School, s.Urn);
                break;
            case ProviderRow p:
                Add(ReferenceKind.Provider, p.ProviderId);
                break;
            case AdviserRow a:
                Add(ReferenceKind.Adviser, a.AdviserId);
                break;
            case PupilRow p:
                Add(ReferenceKind.Pupil, p.Upn);
                break;
            case ActivityRow a:
                Add(ReferenceKind.Activity, a.ActivityId);
                break;
            default:
                break;
        }
    }
}

/// <summary>Found in any of the given lookups, e.g. the store and the files of this import.</summary>
public sealed class CombinedReferenceLookup(params IReadOnlyList<IReferenceLookup> lookups) : IReferenceLookup
{
    public bool Has(ReferenceKind kind, string key) => lookups.Any(l => l.Has(kind, key));
}
