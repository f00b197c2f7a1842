using CareersCompliance.Application;
using CareersCompliance.Application.Pupils;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Web.Reading;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>A provider as the forms offer it: picked by name, posted by id.</summary>
public sealed record ProviderChoice(string Id, string Name, ProviderKind Kind);

/// <summary>A careers adviser as the forms offer them: picked by name, posted by id.</summary>
public sealed record AdviserChoice(string Id, string Name);

/// <summary>
/// The provider and adviser registers, so that a person picks them by name instead of typing ids. Why from the school's
/// evidence: the report cache already holds both registers (read whole once, then followed), so the forms add no query;
/// adviser names are staff data outside the ledger, read by primary key from the erasable staff register.
/// </summary>
public sealed record RecordingRegisters(IReadOnlyList<ProviderChoice> Providers, IReadOnlyList<AdviserChoice> Advisers)
{
    public static RecordingRegisters Empty { get; } = new([], []);

    public static async Task<RecordingRegisters> LoadAsync(Standings standings, CareersRuntime runtime, string urn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(runtime);
        var evidence = await standings.EvidenceAsync(urn, ct);
        var providers = new Dictionary<string, ProviderChoice>(StringComparer.Ordinal);
        foreach (var recorded in evidence.ProviderEvents)
        {
            var choice = recorded.Event switch
            {
                ProviderEvent.ProviderRegistered r => new ProviderChoice(r.ProviderId.Value, r.Name, r.Kind),
                ProviderEvent.ProviderDetailsChanged c => new ProviderChoice(c.ProviderId.Value, c.Name, c.Kind),
                _ => null,
            };
            if (choice is not null)
            {
                providers[choice.Id] = choice;
            }
        }

        var adviserIds = evidence.AdviserEvents.Select(a => a.Event switch
        {
            AdviserEvent.AdviserRegistered r => r.AdviserId.Value,
            AdviserEvent.AdviserDetailsChanged c => c.AdviserId.Value,
            _ => null,
        }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var names = await runtime.Staff.NamesAsync([.. adviserIds.Select(StaffRegister.AdviserKey)], ct);
        return new RecordingRegisters(
            [.. providers.Values.OrderBy(p => p.Name, StringComparer.Ordinal)],
            [.. adviserIds.Select(id => new AdviserChoice(id, names.GetValueOrDefault(StaffRegister.AdviserKey(id)) ?? $"Adviser {id} (name erased)"))
                .OrderBy(a => a.Name, StringComparer.Ordinal)]);
    }

    public string ProviderName(string id) => Providers.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal))?.Name ?? $"Provider {id}";

    public string AdviserName(string id) => Advisers.FirstOrDefault(a => string.Equals(a.Id, id, StringComparison.Ordinal))?.Name ?? $"Adviser {id}";

    public bool HasProvider(string id) => Providers.Any(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    public bool HasAdviser(string id) => Advisers.Any(a => string.Equals(a.Id, id, StringComparison.Ordinal));

    /// <summary>The providers in groups a person recognises (colleges, universities, training providers, employers), in that order.</summary>
    public IEnumerable<(string Group, IReadOnlyList<ProviderChoice> Providers)> ProviderGroups() =>
        Providers.GroupBy(p => RecordingWords.ProviderGroup(p.Kind))
            .OrderBy(g => g.Key.Order)
            .Select(g => (g.Key.Name, (IReadOnlyList<ProviderChoice>)[.. g]));
}
