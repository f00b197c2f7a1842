namespace CareersCompliance.Domain.Tests.Architecture;

/// <summary>Time comes from IClock or command data; the banned-API analyzer is not on the registry, so grep the sources.</summary>
public sealed class NoClockReadsTests
{
    private static readonly string[] Banned = ["DateTime.Now", "DateTime.UtcNow", "DateTimeOffset.Now", "DateTimeOffset.UtcNow", "TimeProvider.System"];

    [Fact]
    public void no_source_file_under_src_reads_the_system_clock()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CareersCompliance.sln")))
        {
            root = root.Parent;
        }

        root.Should().NotBeNull("the tests run inside the repository");
        var src = Path.Combine(root!.FullName, "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => Banned.Any(b => x.line.Contains(b, StringComparison.Ordinal)))
            .Select(x => $"{Path.GetRelativePath(root.FullName, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        files.Should().NotBeEmpty();
        offenders.Should().BeEmpty();
    }
}
