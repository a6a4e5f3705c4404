using System.Globalization;

namespace Party.Bench;

/// <summary>
/// Resident memory (RSS) of the gateway and the services the bench targets, before and after a scenario: a process that
/// grows under load and does not give the memory back shows here. The processes are found by the port they were told to
/// listen on (<c>ASPNETCORE_URLS</c> in their environment, readable for the user who started them), so another user's
/// system on the same machine is not counted.
/// </summary>
public sealed class ProcessMemory
{
    /// <summary>Issue 14's ceiling for an idle process.</summary>
    public const long IdleTargetMegabytes = 150;

    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private readonly Dictionary<int, long> _before;

    private ProcessMemory(IReadOnlyList<(string Name, int Pid)> processes)
    {
        _processes = processes;
        _before = processes.ToDictionary(p => p.Pid, p => RssMegabytes(p.Pid) ?? 0);
    }

    /// <summary>Finds the targets' processes and notes their RSS now.</summary>
    public static ProcessMemory Start(BenchOptions options)
    {
        var targets = options.Services.Append(new KeyValuePair<string, string>("gateway", options.Gateway))
            .Select(t => (t.Key, Port: Uri.TryCreate(t.Value, UriKind.Absolute, out var u) ? u.Port : -1))
            .Where(t => t.Port > 0)
            .ToList();
        var found = new List<(string, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var urls = AspNetCoreUrls(pid);
            if (urls is null) continue;
            foreach (var (name, port) in targets)
            {
                if (urls.Split(';').Any(u => u.TrimEnd('/').EndsWith($":{port}", StringComparison.Ordinal))) found.Add((name, pid));
            }
        }
        // `dotnet run` (how the app host starts a project) holds the same environment as the service it launches: keep the
        // service, not its launcher.
        var services = found.Where(f => !found.Any(o => o.Item1 == f.Item1 && o.Item2 != f.Item2 && Ancestors(o.Item2).Contains(f.Item2)));
        return new ProcessMemory(services.OrderBy(p => p.Item1, StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<int> Ancestors(int pid)
    {
        for (var depth = 0; depth < 16 && ParentOf(pid) is { } parent and > 1; depth++, pid = parent) yield return parent;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After the command name in parentheses: state, then the parent's pid.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>One line per process: RSS before → after, and whether it was over the idle ceiling before the load.</summary>
    public IEnumerable<string> Report()
    {
        if (_processes.Count == 0)
        {
            yield return "RSS: no process of the targets found (started by another user, or not running here)";
            yield break;
        }
        yield return $"RSS MB before → after the scenario (idle target < {IdleTargetMegabytes} MB):";
        foreach (var (name, pid) in _processes)
        {
            var before = _before[pid];
            var after = RssMegabytes(pid);
            var flag = before >= IdleTargetMegabytes ? "  over the idle target" : "";
            yield return $"  {name} {pid}: {before} → {(after is { } a ? a.ToString(CultureInfo.InvariantCulture) : "gone")}{flag}";
        }
    }

    public static long? RssMegabytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            // "VmRSS:\t  123456 kB"
            var kilobytes = line?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1];
            return kilobytes is null ? null : long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? AspNetCoreUrls(int pid)
    {
        try
        {
            var environment = File.ReadAllText($"/proc/{pid}/environ");
            const string key = "ASPNETCORE_URLS=";
            var start = environment.IndexOf(key, StringComparison.Ordinal);
            if (start < 0 || (start > 0 && environment[start - 1] != '\0')) return null;
            var end = environment.IndexOf('\0', start);
            return environment[(start + key.Length)..(end < 0 ? environment.Length : end)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
