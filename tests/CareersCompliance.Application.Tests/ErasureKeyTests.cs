using CareersCompliance.Application.Privacy;

namespace CareersCompliance.Application.Tests;

/// <summary>A fresh checkout's first run starts many processes at once, and each may be the one that creates the erasure key.</summary>
public sealed class ErasureKeyTests
{
    [Fact]
    public void processes_creating_the_erasure_key_at_the_same_moment_all_use_the_same_whole_key()
    {
        var folder = Directory.CreateTempSubdirectory("careers-keys-").FullName;
        try
        {
            var keyFile = Path.Combine(folder, "keys", "erasure-upn.key");
            using var start = new Barrier(16);
            var hashes = new string[16];

            var threads = Enumerable.Range(0, 16).Select(i => new Thread(() =>
            {
                var hasher = new UpnHasher(keyFile);
                start.SignalAndWait(TimeSpan.FromSeconds(10));
                try
                {
                    hashes[i] = Convert.ToHexString(hasher.Hash("A123456789012"));
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException or IOException)
                {
                    hashes[i] = e.Message;
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join(TimeSpan.FromSeconds(30)).Should().BeTrue());

            hashes.Distinct(StringComparer.Ordinal).Should().ContainSingle("every process hashes an erased UPN the same way, or erased pupils could be imported again");
            Directory.GetFiles(Path.GetDirectoryName(keyFile)!, "*.tmp").Should().BeEmpty("no half-written key is left behind");
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(keyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
