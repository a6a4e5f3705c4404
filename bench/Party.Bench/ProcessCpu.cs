using System.Globalization;

namespace Party.Bench;

/// <summary>
/// CPU time (user + system) of local processes and their children, read from <c>/proc</c>: with <c>--cpu name=pid,…</c>
/// the bench reports each process's CPU per request of every variant — where a request's time goes between the load
/// generator, the proxy and the service on a machine they share.
/// </summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>
    /// CPU seconds used so far by <paramref name="pid"/> and its descendants (0 when it is gone), leaving out a descendant
    /// in <paramref name="countedApart"/> with everything under it: the bench's peer proxies are its children and each
    /// has a line of its own.
    /// </summary>
    private static double Seconds(int pid, IReadOnlySet<int> countedApart)
    {
        var total = 0.0;
        var pending = new Stack<int>([pid]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var p = pending.Pop();
            if (!seen.Add(p) || (p != pid && countedApart.Contains(p))) continue;
            total += Own(p);
            foreach (var child in Children(p)) pending.Push(child);
        }
        return total;
    }

    /// <summary>
    /// CPU seconds the whole machine has been busy so far, every core and every user (the first line of <c>/proc/stat</c>:
    /// all but idle and iowait). Beside the watched processes it shows what ran outside them: on a shared machine a
    /// neighbour's load moves a throughput figure without any change of ours.
    /// </summary>
    private static double MachineSeconds()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
        int[] busy = [1, 2, 3, 6, 7, 8];
        return busy.Sum(i => long.Parse(cpu[i], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>CPU seconds of each watched process (<see cref="Seconds"/>) and of the whole machine, at one moment.</summary>
    public sealed record Reading(double[] Processes, double Machine)
    {
        public static Reading Take(IReadOnlyList<(string Name, int Pid)> watched)
        {
            var pids = watched.Select(w => w.Pid).ToHashSet();
            return new Reading(watched.Select(w => Seconds(w.Pid, pids)).ToArray(), MachineSeconds());
        }

        public static Reading Zero(int processes) => new(new double[processes], 0);

        /// <summary>What was used between <paramref name="earlier"/> and this reading.</summary>
        public Reading Since(Reading earlier) =>
            new(Processes.Select((s, i) => s - earlier.Processes[i]).ToArray(), Machine - earlier.Machine);

        public Reading Plus(Reading other) => new(Processes.Select((s, i) => s + other.Processes[i]).ToArray(), Machine + other.Machine);
    }

    /// <summary><c>name=pid[,name=pid…]</c> from --cpu.</summary>
    public static IReadOnlyList<(string Name, int Pid)> Parse(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=');
                return eq > 0 && int.TryParse(pair[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    ? (pair[..eq], pid) : throw new ArgumentException($"--cpu takes name=pid pairs separated by commas, not '{pair}'.");
            }).ToList();

    private static double Own(int pid) =>
        // utime and stime are fields 14 and 15 of proc(5), and cutime and cstime (16, 17) the time of children it has waited
        // for. Without those, a PostgreSQL backend that ended during a variant took its CPU out of the sum, and the server
        // once showed -1.1 ms per request.
        Stat(pid) is { } fields ? fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)) / TicksPerSecond : 0;

    /// <summary>The fields of <c>/proc/{pid}/stat</c> from the state on (field 3 of proc(5) is [0]); null when it is gone.</summary>
    public static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var task in tasks)
        {
            string children;
            try
            {
                children = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var c in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                yield return int.Parse(c, CultureInfo.InvariantCulture);
        }
    }
}
