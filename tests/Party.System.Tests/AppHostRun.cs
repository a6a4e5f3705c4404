using System.Diagnostics;

namespace Party.System.Tests;

/// <summary>State directories of throwaway runs and the processes that belong to a run.</summary>
public static class AppHostRun
{
    /// <summary>A directory the postgres user can enter (not under /root), deleted by <see cref="DeleteStateDirAsync"/>.</summary>
    public static string NewStateDir()
    {
        var dir = Directory.CreateDirectory(Path.Combine("/var/tmp", $"party-systest-{Guid.NewGuid():N}"[..24])).FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        return dir;
    }

    /// <summary>Waits until no process uses the directory (DCP stops the servers in the background), then deletes it.</summary>
    public static async Task DeleteStateDirAsync(string dir)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ProcessTree.Matching(dir).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Reads /proc: the process behind <c>dotnet run</c>, and every process that mentions a run's marker.</summary>
public static class ProcessTree
{
    /// <summary>Aspire starts a project as <c>dotnet run</c>, which runs the service as its child: that child is the service.</summary>
    public static int ServiceProcessOf(int pid)
    {
        var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return children.Length == 0 ? pid : ServiceProcessOf(int.Parse(children[^1]));
    }

    /// <summary>Processes whose command line, environment or working directory contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<(int Pid, string Command)> Matching(string marker)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var environ = File.ReadAllText(Path.Combine(dir, "environ"));
                var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).ResolveLinkTarget(false)?.FullName ?? "";
                if (cmdline.Contains(marker, StringComparison.Ordinal) || environ.Contains(marker, StringComparison.Ordinal)
                    || cwd.StartsWith(marker, StringComparison.Ordinal))
                    found.Add((pid, cmdline.Length > 160 ? cmdline[..160] : cmdline));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended while we looked
            }
        }
        return found;
    }

    public static Dictionary<string, string> EnvironmentOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => v.Split('=', 2)).Where(kv => kv.Length == 2)
                .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
