using System.Globalization;

namespace Party.Bench;

/// <summary>
/// Resident memory (RSS) of the gateway and the services the bench targets, before and after a scenario: a process that
/// grows under load and does not give the memory back shows here (found by <see cref="RunProcesses.Services"/>). The idle
/// figure is split as the kernel counts it: private memory (managed heap, JIT code, native), mapped files (the assemblies and
/// native libraries, whose pages other processes may share) and shared memory (in a .NET process, chiefly the runtime's
/// second mapping of JIT code for W^X).
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
    public static ProcessMemory Start(BenchOptions options) => new(RunProcesses.Services(options));

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
}
