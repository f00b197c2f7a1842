using Npgsql;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>
/// The events table of a cluster of the test's own lives on a one-megabyte disk (a tmpfs tablespace), so an import fills
/// it for real: the server answers "could not extend file: No space left on device" (SQLSTATE 53100).
/// </summary>
public sealed class DiskFullTests
{
    private static readonly TimeSpan CliLimit = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_import_that_fills_the_disk_fails_with_a_clear_message_keeps_no_part_of_a_file_and_completes_once_space_is_freed()
    {
        await using var disk = await SmallDisk.MountAsync("1m", Ct);
        await using var cluster = await ThrowawayCluster.StartAsync(Ct);
        var files = Directory.CreateTempSubdirectory("careers-diskfull-").FullName;
        try
        {
            Ok(await CareersCli.RunAsync(cluster.ConnectionString, CliLimit, "db", "migrate"));
            Ok(await CareersCli.RunAsync(cluster.ConnectionString, CliLimit, "demo", "seed", "--generate-only", "--schools", "3", "--pupils", "90", "--dir", files));
            var reference = await CreateDatabaseAsync(cluster.ConnectionString, "reference");
            Ok(await CareersCli.RunAsync(reference, CliLimit, "db", "migrate"));
            Ok(await CareersCli.RunAsync(reference, CliLimit, "import", files));
            var expected = await CountByFileAsync(reference);
            await ExecuteAsync(cluster.ConnectionString, $"CREATE TABLESPACE small LOCATION '{disk.Path}'");
            await ExecuteAsync(cluster.ConnectionString, "ALTER TABLE es.mt_events SET TABLESPACE small");

            var full = await CareersCli.RunAsync(cluster.ConnectionString, CliLimit, "import", files);
            var partial = await CountByFileAsync(cluster.ConnectionString);
            await disk.GrowAsync("64m", Ct);
            var again = await CareersCli.RunAsync(cluster.ConnectionString, CliLimit, "import", files);

            full.ExitCode.Should().Be(1);
            full.Error.Should().Contain("error: the database server is out of disk space. Nothing from the failed step was saved; free space on the server");
            full.Took.Should().BeLessThan(TimeSpan.FromSeconds(90), "a full disk is reported, not waited on");
            partial.Should().NotBeEmpty("the files before the disk filled were imported");
            partial.Should().OnlyContain(f => f.Value == expected[f.Key], "a file is imported whole or not at all");
            partial.Sum(f => f.Value).Should().BeLessThan(expected.Sum(f => f.Value), "the disk filled before the end");
            Ok(again);
            (await CountByFileAsync(cluster.ConnectionString)).Should().Equal(expected, "the rerun adds exactly what was missing");
            Ok(await CareersCli.RunAsync(cluster.ConnectionString, CliLimit, "verify"));
            TestContext.Current.TestOutputHelper?.WriteLine($"After {full.Took.TotalSeconds:0.0} s: {full.Error}");
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    private static void Ok(CareersCli.Run run) => run.ExitCode.Should().Be(0, run.Error);

    private static async Task<string> CreateDatabaseAsync(string cs, string name)
    {
        await ExecuteAsync(cs, $"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(cs) { Database = name }.ConnectionString;
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<Dictionary<string, long>> CountByFileAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT metadata->'source'->>'importFile', count(*) FROM es.events WHERE metadata->'source'->>'importFile' IS NOT NULL GROUP BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>A tmpfs of a fixed size that the database server may write to; needs root (the test is skipped, saying so, without).</summary>
    private sealed class SmallDisk : IAsyncDisposable
    {
        private SmallDisk(string path) => Path = path;

        public string Path { get; }

        public static async Task<SmallDisk> MountAsync(string size, CancellationToken ct)
        {
            var folder = Directory.CreateTempSubdirectory("careers-smalldisk-").FullName;
            if (OperatingSystem.IsWindows() || !string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
            {
                Directory.Delete(folder);
                Assert.Skip("Mounting a small tmpfs for the full disk needs root on Linux.");
            }

            var mounted = await RunAsync("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder], ct);
            if (mounted.Code != 0)
            {
                Directory.Delete(folder);
                Assert.Skip($"This machine refuses to mount a tmpfs ({mounted.Error.Trim()}).");
            }

            var disk = new SmallDisk(folder);
            await RunAsync("chown", ["postgres:postgres", folder], ct);
            await RunAsync("chmod", ["700", folder], ct);
            return disk;
        }

        public async Task GrowAsync(string size, CancellationToken ct) =>
            (await RunAsync("mount", ["-o", $"remount,size={size}", Path], ct)).Code.Should().Be(0);

        public async ValueTask DisposeAsync()
        {
            await RunAsync("umount", ["-l", Path], CancellationToken.None);
            Directory.Delete(Path, recursive: true);
        }

        private static async Task<(int Code, string Error)> RunAsync(string program, string[] args, CancellationToken ct)
        {
            var run = await CareersCli.RunAsync(CareersCli.Info(program, args), TimeSpan.FromMinutes(1), ct);
            return (run.ExitCode, run.Error);
        }
    }
}
