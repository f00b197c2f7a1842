using System.Reflection;
using System.Text.Json;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Testing.EventModel;

namespace CareersCompliance.Domain.Tests.EventModel;

/// <summary>Fails when automations.json or readmodels.json name something the rest of the model, or the alert rules, do not hold.</summary>
public sealed class AutomationModelConformanceTests
{
    private static readonly string[] ReadModelKinds = ["computed", "projection", "inline-projection", "register", "log"];

    [Fact]
    public void every_registry_in_the_manifest_exists_and_every_registry_file_is_in_the_manifest()
    {
        var registries = EventModelFiles.Read("model.json").GetProperty("registries").EnumerateObject().Select(r => r.Value.GetString()!).ToList();
        registries.Should().Contain("automations.json");
        Directory.GetFiles(EventModelFiles.Directory, "*.json").Select(Path.GetFileName).Where(f => !string.Equals(f, "model.json", StringComparison.Ordinal)).Should().BeEquivalentTo(registries);
    }

    [Fact]
    public void automations_name_only_known_commands_events_streams_read_models_slices_and_decisions()
    {
        var known = Known();
        var automations = EventModelFiles.Registry("automations.json");
        automations.Keys.Should().Contain(["alert-evaluation", "alert-dispatch"]);
        foreach (var (id, a) in automations)
        {
            var reads = a.GetProperty("reads");
            EventModelFiles.Strings(a, "commands").Should().NotBeEmpty($"{id} sends commands").And.BeSubsetOf(known.Commands, $"{id} sends commands of commands.json");
            EventModelFiles.Strings(a, "events").Should().NotBeEmpty($"{id} records events").And.BeSubsetOf(known.Events, $"{id} records events of events.json");
            EventModelFiles.Strings(a, "triggers").Should().NotBeEmpty($"{id} says what starts it");
            EventModelFiles.Strings(reads, "readModels").Should().BeSubsetOf(known.ReadModels, $"{id} reads read models of readmodels.json");
            EventModelFiles.Strings(reads, "events").Should().BeSubsetOf(known.Events, $"{id} reads events of events.json");
            EventModelFiles.Strings(reads, "streams").Should().BeSubsetOf(known.Streams, $"{id} reads streams of model.json");
            EventModelFiles.Strings(a, "slices").Should().BeSubsetOf(known.Slices, $"{id} belongs to slices of model.json");
            EventModelFiles.Strings(a, "decisions").Should().BeSubsetOf(known.Decisions, $"{id} follows decisions of model.json");
        }
    }

    [Fact]
    public void read_models_name_only_known_events_and_read_models_and_slices_only_known_read_models()
    {
        var known = Known();
        foreach (var (id, m) in EventModelFiles.Registry("readmodels.json"))
        {
            var kind = m.GetProperty("kind").GetString();
            ReadModelKinds.Should().Contain(kind, $"{id} is one kind of view");
            EventModelFiles.Strings(m, "readModels").Should().BeSubsetOf(known.ReadModels, $"{id} is built from read models of readmodels.json");
            if (kind is "projection" or "inline-projection")
            {
                EventModelFiles.Strings(m, "tables").Should().NotBeEmpty($"{id} is kept in tables");
                var events = m.GetProperty("events");
                if (events.ValueKind == JsonValueKind.Array)
                {
                    EventModelFiles.Strings(m, "events").Should().NotBeEmpty().And.BeSubsetOf(known.Events, $"{id} projects events of events.json");
                }
                else
                {
                    events.GetString().Should().Be("all", $"{id} projects a list of events or all of them");
                }
            }
        }

        foreach (var name in known.Slices)
        {
            var slice = JsonDocument.Parse(File.ReadAllText(Path.Combine(EventModelFiles.Directory, "slices", name + ".json"))).RootElement;
            if (slice.TryGetProperty("readModel", out var readModel))
            {
                known.ReadModels.Should().Contain(readModel.GetString(), $"slice {name} shows a read model of readmodels.json");
            }
        }
    }

    [Fact]
    public void the_alert_evaluation_names_every_alert_rule_in_code_and_no_other()
    {
        var rules = typeof(AlertRules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);
        EventModelFiles.Strings(EventModelFiles.Registry("automations.json")["alert-evaluation"], "rules").Should().BeEquivalentTo(rules);
    }

    private static (HashSet<string> Events, HashSet<string> Commands, HashSet<string> ReadModels, HashSet<string> Streams, HashSet<string> Slices, HashSet<string> Decisions) Known()
    {
        var model = EventModelFiles.Read("model.json");
        return (
            EventModelFiles.Registry("events.json").Keys.ToHashSet(StringComparer.Ordinal),
            EventModelFiles.Registry("commands.json").Keys.ToHashSet(StringComparer.Ordinal),
            EventModelFiles.Registry("readmodels.json").Keys.ToHashSet(StringComparer.Ordinal),
            model.GetProperty("streams").EnumerateObject().Select(s => s.Name).ToHashSet(StringComparer.Ordinal),
            EventModelFiles.Strings(model, "slices").ToHashSet(StringComparer.Ordinal),
            EventModelFiles.Strings(model, "decisions").Select(d => d[..4]).ToHashSet(StringComparer.Ordinal));
    }
}
