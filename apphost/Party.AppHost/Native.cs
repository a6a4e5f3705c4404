using System.Runtime.InteropServices;

namespace Party.AppHost;

/// <summary>The few POSIX calls .NET does not expose: sending a chosen signal and asking who we are.</summary>
internal static partial class Native
{
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint SysGetEuid();

    public static bool IsRoot => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? SysGetEuid() == 0 : false;

    /// <summary>Sends <paramref name="signal"/>; false when the process does not exist (any more).</summary>
    public static bool Signal(int pid, int signal)
    {
        if (pid <= 0) return false;
        return SysKill(pid, signal) == 0;
    }

    /// <summary>True while a process with that id exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        if (SysKill(pid, 0) != 0) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close < 0 || close + 2 >= stat.Length || stat[close + 2] != 'Z';
        }
        catch (IOException) { return true; }
        catch (UnauthorizedAccessException) { return true; }
    }

    public static string? CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>All processes below <paramref name="pid"/> (children, grandchildren, …), from /proc.</summary>
    public static List<int> Descendants(int pid)
    {
        var parentOf = new Dictionary<int, int>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var child)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (fields.Length > 1 && int.TryParse(fields[1], out var ppid)) parentOf[child] = ppid;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException) { }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        var result = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.Count > 0)
        {
            var p = frontier.Dequeue();
            foreach (var (child, parent) in parentOf)
                if (parent == p) { result.Add(child); frontier.Enqueue(child); }
        }
        return result;
    }

    public static int? ReadPidFile(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var first = File.ReadLines(path).FirstOrDefault()?.Trim();
            return int.TryParse(first, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException) { return null; }
    }
}
