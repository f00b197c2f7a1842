using System.Text.Json;
using CareersCompliance.Domain;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;
using CareersCompliance.Projections.Audit;
using CareersCompliance.Testing.EventModel;

namespace CareersCompliance.Application.Tests.EventModel;

/// <summary>
/// Fails when readmodels.json and automations.json drift from the code: a projection the daemon runs, an inline projection,
/// or a type or source file the model names that exists on one side only.
/// </summary>
public sealed class ReadModelCodeConformanceTests
{
    private static readonly Type[] Types =
        [.. new[] { typeof(EventTypes), typeof(IProjection), typeof(AuditIndexProjection), typeof(CareersRuntime) }
            .SelectMany(t => t.Assembly.GetTypes())
            .Where(t => !t.IsNested && !t.Name.Contains('<', StringComparison.Ordinal))];

    private static IReadOnlyDictionary<string, JsonElement> ReadModels => EventModelFiles.Registry("readmodels.json");

    [Fact]
    public void every_projection_the_daemon_runs_is_a_read_model_with_its_tables_and_events_and_back()
    {
        var modelled = ReadModels.Where(m => string.Equals(m.Value.GetProperty("kind").GetString(), "projection", StringComparison.Ordinal))
            .ToDictionary(m => m.Value.GetProperty("projection").GetString()!, m => m, StringComparer.Ordinal);
        var running = CareersRuntime.Projections();
        modelled.Keys.Should().BeEquivalentTo(running.Select(p => p.Name), "readmodels.json lists the daemon's projections by name");
        foreach (var projection in running)
        {
            var (id, model) = modelled[projection.Name];
            EventModelFiles.Strings(model, "tables").Should().BeEquivalentTo(projection.Tables.Select(t => "rm." + t), $"{id} is kept in the projection's tables");
            EventModelFiles.Strings(model, "types").Should().Contain(projection.GetType().Name, $"{id} names the projection's type");
            if (projection.EventTypes is null)
            {
                model.GetProperty("events").GetString().Should().Be("all", $"{id} projects every event");
            }
            else
            {
                EventModelFiles.Strings(model, "events").Should().BeEquivalentTo(projection.EventTypes.Select(e => e.Replace('_', '-')), $"{id} projects the events its projection reads");
            }
        }
    }

    [Fact]
    public void every_inline_projection_in_code_is_a_read_model_and_back()
    {
        var inCode = Types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IInlineProjection).IsAssignableFrom(t)).Select(t => t.Name).ToList();
        var modelled = ReadModels.Where(m => string.Equals(m.Value.GetProperty("kind").GetString(), "inline-projection", StringComparison.Ordinal))
            .Select(m => (m.Key, Types: EventModelFiles.Strings(m.Value, "types").Where(n => inCode.Contains(n, StringComparer.Ordinal)).ToList()))
            .ToList();
        inCode.Should().NotBeEmpty();
        modelled.Where(m => m.Types.Count != 1).Select(m => $"{m.Key} names {m.Types.Count} inline projections, not one").Should().BeEmpty();
        modelled.SelectMany(m => m.Types).Should().BeEquivalentTo(inCode, "each inline projection is one read model of kind inline-projection");
    }

    [Fact]
    public void every_type_the_read_models_and_automations_name_exists_in_code()
    {
        var names = Types.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var named = ReadModels.Concat(EventModelFiles.Registry("automations.json"))
            .SelectMany(m => EventModelFiles.Strings(m.Value, "types").Select(type => (m.Key, Type: type)))
            .ToList();
        named.Should().NotBeEmpty();
        named.Where(n => !names.Contains(n.Type)).Select(n => $"{n.Key} names {n.Type}").Should().BeEmpty();
        foreach (var (id, automation) in EventModelFiles.Registry("automations.json"))
        {
            names.Should().Contain(automation.GetProperty("name").GetString(), $"automation {id} is a processor in code");
        }
    }

    [Fact]
    public void every_source_file_the_read_models_and_automations_name_exists()
    {
        var root = RepositoryRoot();
        var files = ReadModels.Concat(EventModelFiles.Registry("automations.json"))
            .SelectMany(m => EventModelFiles.Strings(m.Value, "hosts")
                .Append(m.Value.GetProperty("code").GetString()!.Split(' ')[0])
                .Where(f => f.StartsWith("src/", StringComparison.Ordinal))
                .Select(f => (m.Key, File: f)))
            .ToList();
        files.Should().NotBeEmpty();
        files.Where(f => !File.Exists(Path.Combine(root, f.File))).Select(f => $"{f.Key} names {f.File}").Should().BeEmpty();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CareersCompliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CareersCompliance.sln above {AppContext.BaseDirectory}: run the tests from the checkout.");
    }
}
