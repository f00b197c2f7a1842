using CareersCompliance.Domain;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;

namespace CareersCompliance.Cli.Commands;

/// <summary>The projections the CLI can operate on and the event type registry; add new projections to <see cref="All"/>.</summary>
public static class ProjectionCatalog
{
    public static EventTypeRegistry Registry()
    {
        var registry = new EventTypeRegistry();
        foreach (var (type, storedName) in EventTypes.All)
        {
            registry.Map(type, storedName);
        }

        return registry;
    }

    public static IReadOnlyList<IProjection> All() => [];

    public static IProjection? Find(string name) =>
        All().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
