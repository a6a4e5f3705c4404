using System.Globalization;
using Npgsql;

namespace Party.Bench;

/// <summary>
/// The processes of the running system the bench measures (CPU per request, memory). The gateway and the services are
/// found by the port they were told to listen on (<c>ASPNETCORE_URLS</c> in their environment, readable for the user who
/// started them), so another user's system on the same machine is not counted; PostgreSQL by the port of the bench's
/// server; the Aspire dashboard and RabbitMQ by their command line, and only when there is exactly one of each.
/// </summary>
public static class RunProcesses
{
    /// <summary>The gateway and every service the options target, by name.</summary>
    public static IReadOnlyList<(string Name, int Pid)> Services(BenchOptions options)
    {
        var targets = options.Services.Append(new KeyValuePair<string, string>("gateway", options.Gateway))
            .Select(t => (t.Key, Port: Uri.TryCreate(t.Value, UriKind.Absolute, out var u) ? u.Port : -1))
            .Where(t => t.Port > 0)
            .ToList();
        var found = new List<(string, int)>();
        foreach (var pid in Pids())
        {
            var urls = EnvironmentValue(pid, "ASPNETCORE_URLS");
            if (urls is null) continue;
            foreach (var (name, port) in targets)
            {
                if (urls.Split(';').Any(u => u.TrimEnd('/').EndsWith($":{port}", StringComparison.Ordinal))) found.Add((name, pid));
            }
        }
        // `dotnet run` (how the app host starts a project) holds the same environment as the service it launches: keep the
        // service, not its launcher.
        return found.Where(f => !found.Any(o => o.Item1 == f.Item1 && o.Item2 != f.Item2 && Ancestors(o.Item2).Contains(f.Item2)))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary><see cref="Services"/>, then the dashboard, PostgreSQL (its backends are its children) and RabbitMQ.</summary>
    public static IReadOnlyList<(string Name, int Pid)> All(BenchOptions options)
    {
        var postgresPort = new NpgsqlConnectionStringBuilder(options.Postgres).Port;
        var servers = new (string Name, Func<string, bool> Matches)[]
        {
            ("dashboard", c => c.Contains("/Aspire.Dashboard", StringComparison.Ordinal)),
            ("postgres", c => c.Contains("/postgres -D ", StringComparison.Ordinal)
                && c.Contains($" -p {postgresPort.ToString(CultureInfo.InvariantCulture)} ", StringComparison.Ordinal)),
            ("rabbitmq", c => c.Contains("/beam.smp ", StringComparison.Ordinal) && c.Contains("rabbit", StringComparison.Ordinal)),
        };
        var commandLines = Pids().Select(pid => (Pid: pid, Line: CommandLine(pid))).Where(p => p.Line is not null).ToList();
        var found = Services(options).ToList();
        foreach (var (name, matches) in servers)
        {
            var pids = commandLines.Where(p => matches(p.Line!)).Select(p => p.Pid).ToList();
            if (pids.Count == 1) found.Add((name, pids[0]));
        }
        return found;
    }

    private static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) yield return pid;
        }
    }

    private static IEnumerable<int> Ancestors(int pid)
    {
        for (var depth = 0; depth < 16 && ParentOf(pid) is { } parent and > 1; depth++, pid = parent) yield return parent;
    }

    private static int? ParentOf(int pid) =>
        ProcessCpu.Stat(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null; // after the state

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? EnvironmentValue(int pid, string name)
    {
        try
        {
            var environment = File.ReadAllText($"/proc/{pid}/environ");
            var key = name + "=";
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
