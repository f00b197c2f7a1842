using System.Text;

namespace CareersCompliance.EventStore.Hosting;

/// <summary>Secret files (under <c>.local/keys</c> by default): created once, readable by their owner only.</summary>
public static class KeyFile
{
    /// <summary>The file's text. When it does not exist yet, it is created under a lock file beside it (so when several
    /// processes start at once on a fresh checkout, one creates the key and all use it), written to a temporary file
    /// and renamed into place (so a process reading at that moment never sees half a key).</summary>
    /// <param name="path">The key file.</param>
    /// <param name="create">Makes a new key's text.</param>
    /// <returns>The key's text.</returns>
    public static string ReadOrCreate(string path, Func<string> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        using (LockBeside(path))
        {
            if (!File.Exists(path))
            {
                var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
                {
                    writer.Write(create());
                }

                File.Move(temporary, path, overwrite: true);
            }
        }

        return File.ReadAllText(path);
    }

    // Why FileShare.None: .NET takes an exclusive advisory lock on the file for it, which other processes respect.
    private static FileStream LockBeside(string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(20);
            }
        }
    }
}
