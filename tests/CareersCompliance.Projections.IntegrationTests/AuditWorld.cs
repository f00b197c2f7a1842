using System.Text;
using CareersCompliance.Application;
using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using CareersCompliance.Testing.Postgres;
using NodaTime;
using NodaTime.Testing;

namespace CareersCompliance.Projections.IntegrationTests;

/// <summary>
/// One test class's database with a small history built through the real import: a baseline, then (later) a corrections
/// import by another user, then a retraction through the command handler. <see cref="BeforeCorrections"/> lies between.
/// </summary>
public sealed class AuditWorld : IAsyncLifetime
{
    public const string Urn = "100001";
    public const string OtherUrn = "100002";
    public static readonly string PupilA = Upn.Create("820200101001");
    public static readonly string PupilB = Upn.Create("820200101002");
    public static readonly string OtherPupil = Upn.Create("820200101004");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "careers-proj-it-" + Guid.NewGuid().ToString("N"));

    public PostgresDatabaseFixture Db { get; } = new();

    public CareersRuntime Runtime { get; private set; } = null!;

    public string BaselineSha256 { get; private set; } = "";

    public Instant BeforeCorrections { get; private set; }

    public async Task<PupilId> PupilIdAsync(string upn) => (await Runtime.Pupils.FindOneAsync(upn, CancellationToken.None))!.Value;

    public async ValueTask InitializeAsync()
    {
        await Db.InitializeAsync();
        Runtime = CareersRuntime.Create(Db.ConnectionString, FakeClock.FromUtc(2026, 3, 15, 9, 0, 0));
        var ct = CancellationToken.None;
        var baseline = await Runtime.Importer.ImportDirectoryAsync(WriteBaseline(), new ImportRequest("leader@school", false, Guid.CreateVersion7()), ct);
        baseline.Should().OnlyContain(o => o.Written && !o.AllErrors.Any());
        BaselineSha256 = baseline.Single(o => string.Equals(o.Validation.FileName, "activities.csv", StringComparison.Ordinal)).Validation.Sha256;
        await Runtime.CatchUpAsync(ct);
        await using (var cmd = Db.App.CreateCommand("SELECT max(recorded_at) FROM rm.audit_index"))
        {
            BeforeCorrections = Instant.FromDateTimeUtc((DateTime)(await cmd.ExecuteScalarAsync(ct))!);
        }

        await Task.Delay(50, ct);
        var corrections = await Runtime.Importer.ImportDirectoryAsync(WriteCorrections(), new ImportRequest("data.manager", false, Guid.CreateVersion7()), ct);
        corrections.Should().OnlyContain(o => o.Written && o.EventsAppended > 0);
        await Runtime.Commands.HandleAsync(Streams.Activity, Streams.ActivityId(new ActivityId("ACT-3")),
            s => RetractActivity.Decide(s, new RetractActivity(new ActivityId("ACT-3"), "entered twice", new ActorId("head.of.careers"), Instant.FromUtc(2026, 3, 16, 9, 0))),
            new CommandContext(new EventActor("head.of.careers", "careers_leader"), new EventSource(SourceKind.Ui), new TenantRef("T1", Urn), Guid.CreateVersion7(),
                Command: "retract-activity"), ct);
        await Runtime.CatchUpAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Db.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string WriteBaseline()
    {
        var dir = Path.Combine(_root, "baseline");
        Write(dir, "schools.csv",
            "urn,name,trust_id,trust_name,lowest_year,highest_year",
            $"{Urn},Test Academy,T1,Test Trust,7,13",
            $"{OtherUrn},Other High,T1,Test Trust,7,11");
        Write(dir, "providers.csv", "provider_id,name,kind,offers_technical", "10000001,North College,fe_college,true", "10000002,South Training,itp,true");
        Write(dir, "pupils.csv",
            "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year",
            $"{PupilA},{Urn},Amira,Zephyrine,2011-10-01,9,2025/26",
            $"{PupilB},{Urn},Ben,Quixote,2011-11-02,9,2025/26",
            $"{OtherPupil},{OtherUrn},Dev,Other,2011-12-04,9,2025/26");
        Write(dir, "activities.csv",
            "activity_id,school_urn,kind,date,provider_ids,checklist,year_groups,title",
            $"ACT-1,{Urn},provider_encounter,2025-10-10,10000001,provider_info;careers,9,\"=HYPERLINK(\"\"http://x\"\")\"",
            $"ACT-2,{Urn},provider_encounter,2026-01-20,10000002,provider_info;careers;learning_like;questions,9,Apprenticeships",
            $"ACT-3,{Urn},employer_encounter,2026-02-02,,,9,Duplicate talk",
            $"ACT-9,{OtherUrn},provider_encounter,2025-11-11,10000001,,9,Other talk");
        Write(dir, "attendance.csv",
            "activity_id,upn,attended",
            $"ACT-1,{PupilA},true",
            $"ACT-2,{PupilA},true",
            $"ACT-2,{PupilB},false",
            $"ACT-3,{PupilA},true",
            $"ACT-9,{OtherPupil},true");
        return dir;
    }

    // ACT-2's title and date corrected; Ben's absence from ACT-2 corrected to attended.
    private string WriteCorrections()
    {
        var dir = Path.Combine(_root, "corrections");
        Write(dir, "activities.csv",
            "activity_id,school_urn,kind,date,provider_ids,checklist,year_groups,title",
            $"ACT-2,{Urn},provider_encounter,2026-01-21,10000002,provider_info;careers;learning_like;questions,9,Apprenticeship fair");
        Write(dir, "attendance.csv", "activity_id,upn,attended", $"ACT-2,{PupilB},true");
        return dir;
    }

    private static void Write(string dir, string name, params string[] lines)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), string.Join("\n", lines) + "\n", new UTF8Encoding(false));
    }
}
