using CareersCompliance.Application.Import;

namespace CareersCompliance.Application.Recording;

/// <summary>
/// What the checking pass keeps of a file instead of its rows: the keys later files may reference, and the few rows
/// that must be seen whole before any is decided (pupil details per UPN, adviser names). Memory follows the number of
/// distinct pupils, schools and activities, not the number of rows.
/// </summary>
internal sealed class FileFacts
{
    private readonly List<(ReferenceKind Kind, string Key)> _keys = [];

    /// <summary>The latest academic year's row per UPN: it carries the pupil's current details.</summary>
    public Dictionary<string, PupilRow> LatestPupilRows { get; } = new(StringComparer.Ordinal);

    public List<AdviserRow> Advisers { get; } = [];

    public void Add(AcceptedRow accepted)
    {
        switch (accepted.Row)
        {
            case SchoolRow s:
                _keys.Add((ReferenceKind.School, s.Urn));
                break;
            case ProviderRow p:
                _keys.Add((ReferenceKind.Provider, p.ProviderId));
                break;
            case AdviserRow a:
                _keys.Add((ReferenceKind.Adviser, a.AdviserId));
                Advisers.Add(a);
                break;
            case PupilRow p:
                if (!LatestPupilRows.TryGetValue(p.Upn, out var seen))
                {
                    _keys.Add((ReferenceKind.Pupil, p.Upn));
                    LatestPupilRows[p.Upn] = p;
                }
                else if (p.AcademicYear.CompareTo(seen.AcademicYear) >= 0)
                {
                    LatestPupilRows[p.Upn] = p;
                }

                break;
            case ActivityRow a:
                _keys.Add((ReferenceKind.Activity, a.ActivityId));
                break;
            default:
                break;
        }
    }

    /// <summary>Makes this file's keys count as references for the files imported after it.</summary>
    public void AddKeysTo(InMemoryReferenceLookup lookup)
    {
        foreach (var (kind, key) in _keys)
        {
            lookup.Add(kind, key);
        }
    }
}
