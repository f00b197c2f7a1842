using CareersCompliance.Application;
using CareersCompliance.Application.Import;
using CareersCompliance.Application.Recording;
using CareersCompliance.Testing.Postgres;
using NodaTime.Testing;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>What a person meets first at the terminal: a mistyped setting, a fresh import, a wrong URN, a stopped server.</summary>
public sealed class CliFirstUseTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly List<string> _databases = [];
    private readonly Mis _mis = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Host=;Database=x", null, "CAREERS_DB", "Host")]
    [InlineData("garbage", null, "CAREERS_DB", "KEY=VALUE")]
    [InlineData(null, "Foo=bar", "--connection-string", "'foo' is not a keyword")]
    public async Task a_malformed_connection_setting_is_refused_in_one_line_naming_the_setting(string? environment, string? option, string setting,
        string problem)
    {
        var info = CareersCli.Info("dotnet", [CareersCli.Dll, "report", "school", "--school", Mis.Urn, .. option is null ? Array.Empty<string>() : ["--connection-string", option]]);
        info.Environment["CAREERS_DB"] = environment ?? "Host=127.0.0.1;Database=unused";

        var run = await CareersCli.RunAsync(info, Limit, Ct);

        run.ExitCode.Should().NotBe(0);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle("one line says what is wrong, with no stack trace: {0}", run.Error)
            .Which.Should().StartWith($"error: {setting} is not a usable Npgsql connection string").And.Contain(problem).And.Contain("Host=");
    }

    [Fact]
    public async Task the_web_host_refuses_a_malformed_CAREERS_DB_at_start_up_in_one_line()
    {
        var info = CareersCli.Info("dotnet", [CareersCli.Built("CareersCompliance.Web", "careers-web.dll"), "--urls", "http://127.0.0.1:0"]);
        info.Environment["CAREERS_DB"] = "garbage";
        info.Environment.Remove("ConnectionStrings__Careers");

        var run = await CareersCli.RunAsync(info, Limit, Ct);

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("CAREERS_DB is not a usable Npgsql connection string").And.NotContain("   at ", "no stack trace");
    }

    [Fact]
    public async Task db_logins_gives_the_roles_their_own_passwords_from_the_environment_and_never_prints_them()
    {
        var cs = await DatabaseAsync("logins");
        const string appPassword = "app-login-from-the-cli-test";
        const string sealerPassword = "sealer-login-from-the-cli-test";

        var none = await LoginsAsync(cs, null, null);
        var shortOne = await LoginsAsync(cs, appPassword, "too-short");
        var done = await LoginsAsync(cs, appPassword, sealerPassword);

        none.ExitCode.Should().NotBe(0);
        none.Error.Should().Contain("set CAREERS_APP_PASSWORD and CAREERS_SEALER_PASSWORD");
        shortOne.ExitCode.Should().NotBe(0);
        shortOne.Error.Should().Contain("CAREERS_SEALER_PASSWORD is too short").And.Contain("Nothing was changed");
        done.ExitCode.Should().Be(0, done.Error);
        done.Out.Should().Contain("ConnectionStrings__CareersApp=").And.Contain("ConnectionStrings__CareersSealer=")
            .And.Contain("Username=careers_app").And.NotContain(appPassword).And.NotContain(sealerPassword);
        (await CurrentUserAsync(cs, "careers_app", appPassword)).Should().Be("careers_app");
        (await CurrentUserAsync(cs, "careers_sealer", sealerPassword)).Should().Be("careers_sealer");
    }

    private static async Task<CareersCli.Run> LoginsAsync(string cs, string? app, string? sealer)
    {
        var info = CareersCli.Info("dotnet", [CareersCli.Dll, "db", "logins"]);
        info.Environment["CAREERS_DB"] = cs;
        info.Environment.Remove("CAREERS_APP_PASSWORD");
        info.Environment.Remove("CAREERS_SEALER_PASSWORD");
        if (app is not null)
        {
            info.Environment["CAREERS_APP_PASSWORD"] = app;
        }

        if (sealer is not null)
        {
            info.Environment["CAREERS_SEALER_PASSWORD"] = sealer;
        }

        return await CareersCli.RunAsync(info, Limit, Ct);
    }

    private static async Task<string?> CurrentUserAsync(string cs, string user, string password)
    {
        var login = new Npgsql.NpgsqlConnectionStringBuilder(cs) { Username = user, Password = password, Pooling = false }.ConnectionString;
        await using var connection = new Npgsql.NpgsqlConnection(login);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT current_user::text", connection);
        return (string?)await command.ExecuteScalarAsync(Ct);
    }

    [Fact]
    public async Task verify_right_after_an_import_covers_the_imported_events_and_counts_what_is_not_sealed()
    {
        var cs = await DatabaseAsync("verify");
        Ok(await CareersCli.RunAsync(cs, Limit, "import", _mis.Baseline()));

        var verify = await CareersCli.RunAsync(cs, Limit, "verify", "--require-sealed");

        Ok(verify);
        verify.Out.Should().NotContain("positions 1..0", "the import sealed what it wrote before it exited").And.Contain("Every committed event is sealed.");

        // Written without sealing (as by a web host whose sealer has not run yet): verify says so, and --require-sealed fails.
        await using (var runtime = CareersRuntime.Create(cs, FakeClock.FromUtc(2026, 3, 15, 9, 0, 0)))
        {
            var more = _mis.File("more", "attendance.csv", "activity_id,upn,attended", $"ACT-2,{Mis.PupilC},true");
            (await runtime.Importer.ImportFileAsync(ImportFileKind.Attendance, more, new ImportRequest("test", false, Guid.CreateVersion7()), null, Ct))
                .EventsAppended.Should().Be(1);
        }

        var lenient = await CareersCli.RunAsync(cs, Limit, "verify");
        Ok(lenient);
        lenient.Out.Should().Contain("1 committed event(s) are not sealed yet");
        var strict = await CareersCli.RunAsync(cs, Limit, "verify", "--require-sealed");
        strict.ExitCode.Should().Be(2, strict.Out + strict.Error);
        strict.Error.Should().Contain("1 committed event(s) are not sealed yet");
    }

    [Fact]
    public async Task the_timeline_of_a_school_never_imported_is_an_error_like_its_report()
    {
        var cs = await DatabaseAsync("timeline");
        Ok(await CareersCli.RunAsync(cs, Limit, "import", _mis.Baseline()));

        var unknown = await CareersCli.RunAsync(cs, Limit, "timeline", "school", "999999", "--format", "json");
        var known = await CareersCli.RunAsync(cs, Limit, "timeline", "school", Mis.Urn, "--format", "json");

        unknown.ExitCode.Should().Be(1);
        unknown.Error.Should().Contain("no school with URN 999999");
        Ok(known);
        known.Out.Should().Contain("ACT-1");
    }

    [Fact]
    public async Task users_list_shows_each_account_active_or_disabled_with_no_locked_until_column_since_nothing_locks_an_account()
    {
        var cs = await DatabaseAsync("users");
        Ok(await CareersCli.RunAsync(cs, Limit, "users", "add", "ops-admin", "--role", "administrator", "--name", "Ops Admin"));
        Ok(await CareersCli.RunAsync(cs, Limit, "users", "add", "gone-leader", "--role", "careers-leader", "--school", Mis.Urn, "--name", "Gone Leader"));
        Ok(await CareersCli.RunAsync(cs, Limit, "users", "disable", "gone-leader"));

        var text = await CareersCli.RunAsync(cs, Limit, "users", "list");
        var json = await CareersCli.RunAsync(cs, Limit, "users", "list", "--json");

        Ok(text);
        text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Should().Equal("gone-leader careers-leader school " + Mis.Urn + " disabled Gone Leader", "ops-admin administrator - active Ops Admin");
        Ok(json);
        var keys = System.Text.Json.Nodes.JsonNode.Parse(json.Out)!.AsArray().SelectMany(a => a!.AsObject().Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
        keys.Should().BeEquivalentTo(["username", "displayName", "role", "scope", "scopeId", "disabled"], "no always-empty lockedUntil");
    }

    [Fact]
    public async Task a_report_against_a_server_that_is_not_running_says_so_and_how_to_start_or_point_at_one()
    {
        var run = await CareersCli.RunAsync("Host=127.0.0.1;Port=1;Database=careers;Username=careers;Timeout=5", Limit, "report", "school", "--school", Mis.Urn);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("cannot be reached").And.Contain("ops/postgres/start.sh").And.Contain("CAREERS_DB")
            .And.NotContain("import", "re-running an import mends nothing when the server is down");
    }

    [Fact]
    public async Task demo_seed_too_small_for_its_schools_says_what_it_needs_without_a_stack_trace()
    {
        var run = await CareersCli.RunAsync("Host=127.0.0.1;Database=unused", Limit, "demo", "seed", "--pupils", "30", "--schools", "3");

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().Be("error: --schools must be at least 3 (one per trust) and --pupils at least 20 per school.");
    }

    [Fact]
    public async Task demo_seed_leaves_no_generated_files_behind()
    {
        var cs = await DatabaseAsync("demo");
        var temp = _mis.Folder("tmp");
        var info = CareersCli.Info("dotnet", [CareersCli.Dll, "demo", "seed", "--pupils", "60", "--schools", "3"]);
        info.Environment["CAREERS_DB"] = cs;
        info.Environment["TMPDIR"] = temp;

        Ok(await CareersCli.RunAsync(info, TimeSpan.FromMinutes(5), Ct));

        Directory.EnumerateFileSystemEntries(temp).Should().BeEmpty("the generated CSVs are imported, then deleted");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var cs in _databases)
        {
            await PostgresTemplate.DropDatabaseAsync(cs);
        }

        _mis.Dispose();
    }

    private static void Ok(CareersCli.Run run) =>
        run.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", run.Out.Length > 2000 ? run.Out[^2000..] : run.Out, run.Error);

    private async Task<string> DatabaseAsync(string label)
    {
        var cs = await PostgresTemplate.CreateDatabaseAsync(nameof(CliFirstUseTests) + label, Ct);
        _databases.Add(cs);
        return cs;
    }
}
