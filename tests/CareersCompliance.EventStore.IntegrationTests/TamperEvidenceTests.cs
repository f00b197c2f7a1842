using CareersCompliance.EventStore.Sealing;
using CareersCompliance.EventStore.Verification;
using CareersCompliance.Testing.Postgres;
using NodaTime;
using Npgsql;

namespace CareersCompliance.EventStore.IntegrationTests;

public sealed class EventDataTamperTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task verify_names_the_position_of_event_data_edited_by_a_superuser_with_triggers_disabled()
    {
        await Tamper.SeedAsync(db, 20);
        (await new LedgerVerifier(db.Owner).VerifyAsync(Tamper.Ct)).Ok.Should().BeTrue();
        await Tamper.AsSuperuserAsync(db, """
            UPDATE es.events SET data = jsonb_set(data, '{by}', '1000')
            WHERE seq_id = (SELECT seq_id FROM es.ledger WHERE position = 7)
            """);

        var report = await new LedgerVerifier(db.Owner).VerifyAsync(Tamper.Ct);

        report.Ok.Should().BeFalse();
        report.Failure!.Position.Should().Be(7);
        report.Failure.Kind.Should().Be(FailureKind.EventDataChanged);
    }
}

public sealed class LedgerRowTamperTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task verify_names_the_position_of_a_ledger_row_edited_by_a_superuser_with_triggers_disabled()
    {
        await Tamper.SeedAsync(db, 20);
        await Tamper.AsSuperuserAsync(db, "UPDATE es.ledger SET payload_hash = sha256('forged') WHERE position = 12");

        var report = await new LedgerVerifier(db.Owner).VerifyAsync(Tamper.Ct);

        report.Failure!.Position.Should().Be(12);
        report.Failure.Kind.Should().BeOneOf(FailureKind.LedgerRowChanged, FailureKind.EventDataChanged);
    }

    [Fact]
    public async Task a_recomputed_chain_is_still_caught_by_the_signed_checkpoint_export()
    {
        await Tamper.SeedAsync(db, 5);
        var dir = Directory.CreateTempSubdirectory();
        var export = Path.Combine(dir.FullName, "checkpoints.jsonl");
        using var signer = CheckpointSigner.LoadOrCreate(Path.Combine(dir.FullName, "key.pem"));
        var checkpoint = await signer.CheckpointAsync(db.App, export, Instant.FromUtc(2026, 11, 1, 12, 0), Tamper.Ct);
        var exported = await CheckpointSigner.ReadExportAsync(export, Tamper.Ct);

        exported.Should().ContainSingle().Which.Should().Be(checkpoint);
        exported[0].SignatureIsValid().Should().BeTrue();
        (exported[0] with { ChainHash = new string('0', 64) }).SignatureIsValid().Should().BeFalse();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(dir.FullName, "key.pem")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var stored = await new LedgerVerifier(db.Owner).ChainHashesAtAsync([exported[0].Position], Tamper.Ct);
        Convert.ToHexStringLower(stored[exported[0].Position]).Should().Be(exported[0].ChainHash);
    }
}

internal static class Tamper
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task SeedAsync(PostgresDatabaseFixture db, int count)
    {
        var store = new PostgresEventStore(db.App, TestEvents.Registry());
        var streams = new[] { TestEvents.Counter(), TestEvents.Counter() };
        for (var i = 0; i < count; i++)
        {
            var stream = streams[i % 2];
            var other = TestEvents.Metadata with { Tenant = new TenantRef(i % 3 == 0 ? "trust-b" : "trust-a") };
            await store.AppendAsync(stream, ExpectedVersion.Any, [TestEvents.New(new CounterIncremented(stream.Id, i, Instant.FromUtc(2026, 9, 1, 9, 0)), other)], Ct);
        }

        await new LedgerSealer(db.Sealing).SealCommittedAsync(TimeSpan.FromSeconds(30), Ct);
    }

    public static async Task AsSuperuserAsync(PostgresDatabaseFixture db, string sql)
    {
        await using var connection = await db.Owner.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {sql}; RESET session_replication_role;", connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}

public sealed class IncrementalVerifyTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task incremental_verification_starts_after_the_last_signed_checkpoint_and_still_names_later_tampering()
    {
        await Tamper.SeedAsync(db, 10);
        var dir = Directory.CreateTempSubdirectory();
        using var signer = CheckpointSigner.LoadOrCreate(Path.Combine(dir.FullName, "key.pem"));
        await signer.CheckpointAsync(db.App, Path.Combine(dir.FullName, "cp.jsonl"), Instant.FromUtc(2026, 11, 1, 12, 0, 30), Tamper.Ct);
        await Tamper.SeedAsync(db, 6);
        var clean = await new LedgerVerifier(db.Owner).VerifyAsync(fromLastCheckpoint: true, Tamper.Ct);
        await Tamper.AsSuperuserAsync(db, """
            UPDATE es.events SET data = jsonb_set(data, '{by}', '99') WHERE seq_id = (SELECT seq_id FROM es.ledger WHERE position = 13)
            """);

        var report = await new LedgerVerifier(db.Owner).VerifyAsync(fromLastCheckpoint: true, Tamper.Ct);

        clean.Should().Match<VerificationReport>(r => r.Ok && r.VerifiedFrom == 11 && r.VerifiedUpTo == 16);
        report.VerifiedFrom.Should().Be(11);
        report.Failure.Should().BeEquivalentTo(new { Position = 13L, Kind = FailureKind.EventDataChanged });
    }
}
