using CareersCompliance.Application.Alerts;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;

namespace CareersCompliance.Application.Tests.Messaging;

/// <summary>
/// Wolverine loads its handler adapters from the code generated into src/CareersCompliance.Application/Internal/Generated
/// (TypeLoadMode.Static): a handler changed without generating again would fail every host at start. This test generates
/// the code afresh and compares; `ops/codegen` writes it (this test with CAREERS_CODEGEN_WRITE=1).
/// </summary>
public sealed class GeneratedHandlersTests
{
    [Fact]
    public async Task the_generated_handler_code_in_the_application_project_is_current()
    {
        var fresh = Directory.CreateTempSubdirectory("careers-codegen-");
        try
        {
            await GenerateAsync(fresh.FullName);
            var committed = Path.Combine(RepositoryRoot(), "src", "CareersCompliance.Application", "Internal", "Generated");
            if (string.Equals(Environment.GetEnvironmentVariable("CAREERS_CODEGEN_WRITE"), "1", StringComparison.Ordinal))
            {
                if (Directory.Exists(committed))
                {
                    Directory.Delete(committed, recursive: true);
                }

                CopyTree(fresh.FullName, committed);
            }

            Files(committed).Should().BeEquivalentTo(Files(fresh.FullName),
                "the handlers changed since their code was generated: run ops/codegen and commit src/CareersCompliance.Application/Internal/Generated");
        }
        finally
        {
            fresh.Delete(recursive: true);
        }
    }

    private static async Task GenerateAsync(string outputPath)
    {
        // Why a runtime that never connects: generating reads the handler chains only; data sources open lazily.
        await using var runtime = CareersRuntime.Create("Host=127.0.0.1;Database=codegen;Username=codegen;Password=codegen", NodaTime.SystemClock.Instance);
        using var host = AlertMessaging.BuildHost(runtime, AlertOptions.FromEnvironment(), o => o.CodeGeneration.GeneratedCodeOutputPath = outputPath);
        var collections = host.Services.GetServices<ICodeFileCollection>().ToArray();
        collections.Should().NotBeEmpty();
        var builder = new DynamicCodeBuilder(host.Services, collections) { ServiceVariableSource = host.Services.GetService<IServiceVariableSource>() };
        builder.WriteGeneratedCode(_ => { });
    }

    /// <summary>Each generated file by its path under the folder, with its text (line endings as written).</summary>
    private static Dictionary<string, string> Files(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal)
            : [];

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*.cs", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CareersCompliance.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The test runs outside the repository: no CareersCompliance.sln above " + AppContext.BaseDirectory);
    }
}
