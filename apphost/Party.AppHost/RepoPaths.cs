using System.Security.Cryptography;
using System.Text;

namespace Party.AppHost;

public static class RepoPaths
{
    /// <summary>The directory holding Party.sln, walking up from <paramref name="start"/> (default: the current directory, then this assembly's folder).</summary>
    public static string FindRepoRoot(string? start = null)
    {
        foreach (var from in start is not null ? [start] : new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(from)); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Party.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Party.sln found above {start ?? Environment.CurrentDirectory}; run from inside the repository.");
    }

    /// <summary>Eight hex characters naming a path, for directories that live outside it.</summary>
    public static string ShortHash(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(path).TrimEnd('/'))))[..8];

    /// <summary>
    /// Where PostgreSQL keeps data for the checkout/state directory <paramref name="owner"/>:
    /// under <c>/var/tmp/party-HASH</c> when root (PostgreSQL runs as the postgres user, which
    /// cannot enter <c>/root</c>), else inside the state directory.
    /// </summary>
    public static string PostgresBaseFor(string owner) => Path.Combine("/var/tmp", $"party-{ShortHash(owner)}");

    /// <summary><c>.party/signing-key</c> of the repository, created on first use.</summary>
    public static string SigningKey(string repoRoot)
    {
        var path = Path.Combine(repoRoot, ".party", "signing-key");
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0) return existing;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Party.ServiceDefaults.Auth.DevTokens.NewSigningKey();
        File.WriteAllText(path, key + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
