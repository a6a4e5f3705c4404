using System.Globalization;

namespace Party.Bench;

/// <summary>
/// Resident memory (RSS) of the gateway and the services the bench targets, before and after a scenario: a process that
/// grows under load and does not give the memory back shows here. The processes are found by the port they were told to
/// listen on (<c>ASPNETCORE_URLS</c> in their environment, readable for the user who started them), so another user's
/// system on the same machine is not counted. The idle figure is split as the kernel counts it: private memory (managed heap,
/// JIT code, native), mapped files (the assemblies and native libraries, whose pages other processes may share) and shared memory
/// (in a .NET process, chiefly the runtime's second mapping of JIT code for W^X).
/// </summary>
public sealed class ProcessMemory
{
    /// <summary>Issue 14's ceiling for an idle process.</summary>
    public const long IdleTargetMegabytes = 150;

    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private readonly Dictionary<int, Rss?> _before;

    /// <summary>Resident memory in MB: the total (VmRSS) and its anonymous, file-backed and shared-memory parts.</summary>
    public sealed record Rss(long Total, long Private, long Files, long Shared);

    private ProcessMemory(IReadOnlyList<(string Name, int Pid)> processes)
    {
        _processes = processes;
        _before = processes.ToDictionary(p => p.Pid, p => Read(p.Pid));
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
        yield return $"RSS MB before (private + mapped files + shared) → after the scenario (idle target < {IdleTargetMegabytes} MB):";
        foreach (var (name, pid) in _processes)
        {
            var before = _before[pid];
            var after = Read(pid);
            var parts = before is null ? "" : $" ({before.Private} + {before.Files} + {before.Shared})";
            var flag = before?.Total >= IdleTargetMegabytes ? "  over the idle target" : "";
            yield return $"  {name} {pid}: {before?.Total.ToString(CultureInfo.InvariantCulture) ?? "?"}{parts} → " +
                $"{after?.Total.ToString(CultureInfo.InvariantCulture) ?? "gone"}{flag}";
        }
    }

    public static Rss? Read(int pid)
    {
        try
        {
            // Lines such as "VmRSS:\t  123456 kB".
            var kilobytes = File.ReadLines($"/proc/{pid}/status")
                .Select(l => l.Split([' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 2 && f[0] is "VmRSS" or "RssAnon" or "RssFile" or "RssShmem")
                .ToDictionary(f => f[0], f => long.Parse(f[1], CultureInfo.InvariantCulture));
            long Megabytes(string key) => kilobytes.GetValueOrDefault(key) / 1024;
            return kilobytes.ContainsKey("VmRSS")
                ? new Rss(Megabytes("VmRSS"), Megabytes("RssAnon"), Megabytes("RssFile"), Megabytes("RssShmem"))
                : null;
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
