using CareersCompliance.Application;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;

namespace CareersCompliance.Cli.Commands;

/// <summary>The projections the CLI can operate on: exactly those the runtime's daemon maintains.</summary>
public static class ProjectionCatalog
{
    public static EventTypeRegistry Registry() => CareersRuntime.CreateRegistry();

    public static IReadOnlyList<IProjection> All() => CareersRuntime.Projections();

    public static IProjection? Find(string name) =>
        All().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
