using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using CareersCompliance.Testing.EventModel;

namespace CareersCompliance.Domain.Tests.EventModel;

/// <summary>Fails when the code and eventmodel/ drift apart (brief C3).</summary>
public sealed class EventModelConformanceTests
{
    private static readonly string ModelDir = Path.Combine(AppContext.BaseDirectory, "eventmodel");

    [Fact]
    public void every_event_in_events_json_maps_to_exactly_one_registered_type_and_back()
    {
        var events = Read("events.json").EnumerateObject().ToList();
        var registered = EventTypes.All;

        registered.Select(r => r.StoredName).Should().OnlyHaveUniqueItems();
        registered.Select(r => r.Type).Should().OnlyHaveUniqueItems();
        events.Select(e => e.Value.GetProperty("storedName").GetString()).Should()
            .BeEquivalentTo(registered.Select(r => r.StoredName));
        foreach (var e in events)
        {
            var stored = e.Value.GetProperty("storedName").GetString()!;
            e.Name.Should().Be(stored.Replace('_', '-'), "the kebab id and the stored name are the same words");
            var type = registered.Single(r => string.Equals(r.StoredName, stored, StringComparison.Ordinal)).Type;
            $"{type.DeclaringType!.Name}.{type.Name}".Should().Be(e.Value.GetProperty("clrType").GetString());
        }
    }

    [Fact]
    public void every_event_field_exists_on_the_record_in_camel_case_and_back()
    {
        foreach (var e in Read("events.json").EnumerateObject())
        {
            var type = EventTypes.All.Single(r => string.Equals(r.StoredName, e.Value.GetProperty("storedName").GetString(), StringComparison.Ordinal)).Type;
            CheckFields(type, e.Value.GetProperty("fields"), e.Name);
        }
    }

    [Fact]
    public void every_command_in_commands_json_is_a_record_with_a_static_decide()
    {
        var assembly = typeof(EventTypes).Assembly;
        var commands = Read("commands.json").EnumerateObject().ToList();
        commands.Should().NotBeEmpty();
        foreach (var c in commands)
        {
            var type = assembly.GetTypes().SingleOrDefault(t => string.Equals(t.Name, c.Value.GetProperty("name").GetString(), StringComparison.Ordinal) && t.IsSealed);
            type.Should().NotBeNull($"command {c.Name} is declared in commands.json");
            type!.GetMethod("Decide", BindingFlags.Public | BindingFlags.Static).Should().NotBeNull($"{type.Name} decides");
            CheckFields(type, c.Value.GetProperty("fields"), c.Name);
        }
    }

    [Fact]
    public void every_slice_scenario_has_a_test_method_of_the_same_name()
    {
        var tests = typeof(EventModelConformanceTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .Select(m => (m.DeclaringType!.Name, m.Name))
            .ToList();
        var slices = Directory.GetFiles(Path.Combine(ModelDir, "slices"), "*.json");
        slices.Should().NotBeEmpty();
        foreach (var file in slices)
        {
            var slice = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            var expectedClass = slice.TryGetProperty("test", out var t) && t.ValueKind == JsonValueKind.String
                ? Path.GetFileNameWithoutExtension(t.GetString())
                : null;
            foreach (var scenario in slice.GetProperty("scenarios").EnumerateArray())
            {
                var method = scenario.GetProperty("id").GetString()!.Replace('-', '_');
                tests.Should().Contain((expectedClass!, method), $"scenario {scenario.GetProperty("id")} of {Path.GetFileName(file)} needs a test");
            }
        }
    }

    [Fact]
    public void slices_reference_only_known_events_commands_and_decisions()
    {
        var events = Read("events.json").EnumerateObject().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var commands = Read("commands.json").EnumerateObject().Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var model = Read("model.json");
        var decisions = model.GetProperty("decisions").EnumerateArray().Select(d => d.GetString()![..4]).ToHashSet(StringComparer.Ordinal);
        foreach (var name in model.GetProperty("slices").EnumerateArray().Select(s => s.GetString()!))
        {
            var slice = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelDir, "slices", name + ".json"))).RootElement;
            slice.GetProperty("id").GetString().Should().Be(name);
            events.Should().Contain(slice.GetProperty("events").EnumerateArray().Select(e => e.GetString()!));
            if (slice.TryGetProperty("commands", out var cmds))
            {
                commands.Should().Contain(cmds.EnumerateArray().Select(c => c.GetString()!));
            }

            if (slice.TryGetProperty("decisions", out var ds))
            {
                decisions.Should().Contain(ds.EnumerateArray().Select(d => d.GetString()!));
            }
        }

        Directory.GetFiles(Path.Combine(ModelDir, "slices"), "*.json").Select(Path.GetFileNameWithoutExtension).Should()
            .BeEquivalentTo(model.GetProperty("slices").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public void no_description_in_the_model_is_source_code()
    {
        var code = EventModelFiles.Prose()
            .Select(p => (p.Where, Sign: EventModelFiles.CodeIn(p.Text)))
            .Where(p => p.Sign is not null)
            .Select(p => $"{p.Where} holds {p.Sign}: write it as prose a compliance officer can read")
            .ToList();
        EventModelFiles.Prose().Should().NotBeEmpty();
        code.Should().BeEmpty();
    }

    [Fact]
    public void every_event_description_opens_with_the_summary_of_its_record()
    {
        // Why: the description is the record's one-sentence <summary> (codebase brief C14), perhaps followed by more prose.
        // Descriptions once copied from source by a pattern that ran back over the code before the first record of a file.
        var summaries = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "CareersCompliance.Domain.xml"))
            .Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => string.Join(' ', m.Element("summary")!.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal);
        foreach (var e in Read("events.json").EnumerateObject())
        {
            var type = EventTypes.All.Single(r => string.Equals(r.StoredName, e.Value.GetProperty("storedName").GetString(), StringComparison.Ordinal)).Type;
            summaries.Should().ContainKey($"T:{type.FullName!.Replace('+', '.')}", $"{type.Name} has a <summary>");
            e.Value.GetProperty("description").GetString().Should()
                .StartWith(summaries[$"T:{type.FullName!.Replace('+', '.')}"], $"the description of {e.Name} opens with the <summary> of {type.Name}");
        }
    }

    private static void CheckFields(Type type, JsonElement fields, string owner)
    {
        var declared = fields.EnumerateArray().ToList();
        var parameters = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();
        declared.Select(f => f.GetProperty("name").GetString()).Should()
            .Equal(parameters.Select(p => char.ToLowerInvariant(p.Name![0]) + p.Name[1..]), $"{owner} lists the record's fields in order");
        foreach (var f in declared)
        {
            var name = f.GetProperty("name").GetString()!;
            var property = type.GetProperty(char.ToUpperInvariant(name[0]) + name[1..]);
            property.Should().NotBeNull($"{owner}.{name} exists on {type.Name}");
            if (f.TryGetProperty("fields", out var nested))
            {
                CheckFields(property!.PropertyType, nested, $"{owner}.{name}");
            }
        }
    }

    private static JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelDir, file))).RootElement;
}
