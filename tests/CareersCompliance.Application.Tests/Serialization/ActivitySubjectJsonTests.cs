using System.Text.Json;
using System.Text.Json.Nodes;
using CareersCompliance.Application.Serialization;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore.Serialization;
using NodaTime;

namespace CareersCompliance.Application.Tests.Serialization;

/// <summary>
/// Activities gained an optional subject (eventmodel/decisions/0044): events stored before it existed have no
/// <c>subject</c> key in their JSON and must still read, as activities without a subject.
/// </summary>
public sealed class ActivitySubjectJsonTests
{
    private static readonly JsonSerializerOptions Store = EventJson.Create(new ValueJsonConverterFactory());

    private static ActivityEvent.ActivityRecorded Recorded(string? subject) => new(
        new ActivityId("ACT-1"),
        new ActivityDetails(new SchoolUrn("100001"), ActivityKind.CurriculumLink, new LocalDate(2025, 11, 6), new LocalTime(11, 15), new LocalTime(12, 15),
            DeliveryMode.InPerson, [], null, ActivityChecklist.None, [10], "Statistics at work", subject),
        new ActorId("import"), Instant.FromUtc(2025, 11, 6, 12, 0));

    [Fact]
    public void an_activity_stored_before_subjects_existed_reads_with_no_subject()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(Recorded("Maths"), Store))!;
        json["details"]!.AsObject().Remove("subject").Should().BeTrue("the current shape writes the subject");

        var read = JsonSerializer.Deserialize<ActivityEvent.ActivityRecorded>(json.ToJsonString(), Store)!;

        read.Should().Be(Recorded(null));
    }

    [Fact]
    public void an_activity_with_a_subject_reads_back_with_it()
    {
        var read = JsonSerializer.Deserialize<ActivityEvent.ActivityRecorded>(JsonSerializer.Serialize(Recorded("Maths"), Store), Store)!;

        read.Details.Subject.Should().Be("Maths");
        read.Should().NotBe(Recorded("English"), "the subject is part of what was recorded");
    }
}
