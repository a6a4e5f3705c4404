using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Telemetry;

namespace Party.AppHost;

/// <summary>
/// What this run of the app host is: fixed ports and data under <c>.party/</c> (<c>./party run</c>), or throwaway
/// servers on free ports in a directory the caller owns and deletes (<c>./party test</c>, the system tests).
/// Read from configuration (<c>Party:*</c>), which <see cref="PartyArguments"/> fills from the familiar flags.
/// </summary>
public sealed class PartySettings
{
    public required string RepoRoot { get; init; }
    /// <summary>Broker and cache data, the run's secrets (development client, first operator password); <c>.party/</c> for a run.</summary>
    public required string StateDir { get; init; }
    /// <summary>PostgreSQL's base directory; every parent must be enterable by the postgres user.</summary>
    public required string PostgresDir { get; init; }
    public bool Throwaway { get; init; }
    /// <summary>
    /// Whether a run (not a throwaway server) may grow the kernel's huge-page pool for PostgreSQL's shared buffers
    /// (<c>Party:HugePages</c>, default true; see <see cref="Servers.HugePages"/>).
    /// </summary>
    public bool HugePages { get; init; } = true;
    public bool ServersOnly { get; init; }
    /// <summary>Servers-only mode writes the servers' connection strings here once all are healthy.</summary>
    public string? EnvFile { get; init; }
    public required ServerPorts Ports { get; init; }
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();
    public int GatewayReplicas { get; init; } = 1;
    /// <summary>
    /// Traces each project may start a second (<c>--traces-per-second</c>, default 10; see <see cref="TraceSampling"/>). A
    /// caller's own sampled <c>traceparent</c> is always followed, so one request can still be traced in full on demand.
    /// </summary>
    public double TracesPerSecond { get; init; } = TraceSampling.DefaultTracesPerSecond;
    /// <summary>
    /// How often every project sends its metrics to the dashboard (<c>--metric-export-interval</c> seconds, default 10).
    /// Aspire's own default is every second, for a developer watching a chart move: with eight projects that kept the
    /// dashboard at about 5 % of a core with no request running (under 1 % at 10 s), the largest idle cost of a run.
    /// </summary>
    public TimeSpan MetricExportInterval { get; init; } = DefaultMetricExportInterval;
    public static readonly TimeSpan DefaultMetricExportInterval = TimeSpan.FromSeconds(10);
    /// <summary>Extra environment for every service and gateway (e.g. the test-only clock control).</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>();

    public int ReplicasOf(string service) => Replicas.TryGetValue(service, out var n) ? n : 1;

    /// <summary>A service's HTTP port in a run (members 5101, …); throwaway runs take a free one.</summary>
    public int ServicePort(int basePort) => Throwaway ? FreePorts.Next() : basePort;

    public int GatewayPort(int n) => Throwaway ? FreePorts.Next() : 8080 + (n - 1);

    public static PartySettings From(IConfiguration config)
    {
        var repoRoot = FindRepoRoot();
        var throwaway = config.GetValue<bool>("Party:Throwaway");
        var stateDir = config["Party:StateDir"] is { Length: > 0 } s
            ? Path.GetFullPath(s)
            : throwaway
                ? throw new InvalidOperationException("Party:Throwaway needs Party:StateDir: a directory the caller deletes afterwards.")
                : Path.Combine(repoRoot, ".party");
        Directory.CreateDirectory(stateDir);

        var replicas = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in config.GetSection("Party:Replicas").GetChildren())
            replicas[child.Key] = int.Parse(child.Value!);
        var environment = config.GetSection("Party:ServiceEnvironment").GetChildren()
            .ToDictionary(c => c.Key, c => c.Value ?? "");

        var settings = new PartySettings
        {
            RepoRoot = repoRoot,
            StateDir = stateDir,
            PostgresDir = PostgresDirFor(stateDir, throwaway),
            Throwaway = throwaway,
            HugePages = config.GetValue("Party:HugePages", true),
            ServersOnly = config.GetValue<bool>("Party:ServersOnly"),
            EnvFile = config["Party:EnvFile"] is { Length: > 0 } e ? Path.GetFullPath(e) : null,
            Ports = throwaway ? ServerPorts.Free() : ServerPorts.Run,
            Replicas = replicas,
            GatewayReplicas = config.GetValue("Party:GatewayReplicas", 1),
            ServiceEnvironment = environment,
            TracesPerSecond = config.GetValue("Party:TracesPerSecond", TraceSampling.DefaultTracesPerSecond),
            MetricExportInterval = TimeSpan.FromSeconds(
                config.GetValue("Party:MetricExportIntervalSeconds", DefaultMetricExportInterval.TotalSeconds)),
        };
        if (config.GetValue<bool>("Party:Reset")) settings.WipeData();
        return settings;
    }

    /// <summary>
    /// PostgreSQL refuses to run as root, and the postgres user cannot enter <c>/root</c>: as root the data lives under
    /// <c>/var/tmp/party-&lt;hash of the state directory&gt;</c> (a throwaway state directory already lies outside /root).
    /// </summary>
    private static string PostgresDirFor(string stateDir, bool throwaway)
    {
        if (throwaway || !Environment.IsPrivilegedProcess) return Path.Combine(stateDir, "postgres");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateDir)))[..12];
        return Path.Combine("/var/tmp", $"party-{hash}", "postgres");
    }

    private void WipeData()
    {
        foreach (var dir in new[] { PostgresDir, Path.Combine(StateDir, "rabbitmq"), Path.Combine(StateDir, "redis") })
        {
            if (!Directory.Exists(dir)) continue;
            Console.WriteLine($"[party] --reset wipes {dir}");
            Directory.Delete(dir, recursive: true);
        }
    }

    public static string FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Party.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Party.sln not found above the current directory: run from the checkout.");
    }
}

/// <summary>
/// The servers' ports: fixed for a run (README's table), free ones for throwaway servers. The fixed ones lie below the
/// kernel's ephemeral range (32768–60999) and below <see cref="FreePorts"/>' 20000: in 55432–56379 they once met a
/// connection the kernel had given one of them as its source port, and the broker refused to start
/// (dist_port_already_used 55674, right after a bench had opened thousands of connections).
/// </summary>
public sealed record ServerPorts(int Postgres, int RabbitMq, int RabbitMqManagement, int RabbitMqDist, int Epmd, int Redis)
{
    public static readonly ServerPorts Run = new(17432, 17672, 17673, 17674, 17675, 17379);

    public static ServerPorts Free()
    {
        var ports = new HashSet<int>();
        while (ports.Count < 6) ports.Add(FreePorts.Next());
        var p = ports.ToArray();
        return new ServerPorts(p[0], p[1], p[2], p[3], p[4], p[5]);
    }
}

/// <summary>Turns <c>./party run</c>'s flags into configuration keys; anything else passes through to Aspire.</summary>
public static class PartyArguments
{
    public static string[] Translate(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reset": result.Add("--Party:Reset=true"); break;
                case "--throwaway": result.Add("--Party:Throwaway=true"); break;
                case "servers": result.Add("--Party:ServersOnly=true"); break;
                case "--no-dashboard": break; // read by Program.cs before the builder exists
                case "--traces-per-second":
                    var perSecond = Between(Value(args, ref i), 0, TraceSampling.MaxTracesPerSecond, "--traces-per-second", "a number");
                    result.Add($"--Party:TracesPerSecond={perSecond}");
                    break;
                case "--trace-sample-ratio":
                    throw new ArgumentException(
                        "--trace-sample-ratio was replaced by --traces-per-second N (traces each process starts a second).");
                case "--metric-export-interval":
                    var interval = Between(Value(args, ref i), 1, 3600, "--metric-export-interval", "seconds");
                    result.Add($"--Party:MetricExportIntervalSeconds={interval}");
                    break;
                case "--env-file": result.Add($"--Party:EnvFile={Value(args, ref i)}"); break;
                case "--state-dir": result.Add($"--Party:StateDir={Value(args, ref i)}"); break;
                case "--gateway-replicas":
                    result.Add($"--Party:GatewayReplicas={Count(Value(args, ref i), "--gateway-replicas")}");
                    break;
                case "--replicas":
                    var pairs = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    foreach (var pair in pairs)
                    {
                        var kv = pair.Split('=', 2);
                        if (kv.Length != 2 || !Services.Names.Contains(kv[0]))
                            throw new ArgumentException(
                                $"--replicas expects service=N with a service of {string.Join(", ", Services.Names)}; got '{pair}'.");
                        result.Add($"--Party:Replicas:{kv[0]}={Count(kv[1], "--replicas")}");
                    }
                    break;
                default: result.Add(args[i]); break;
            }
        }
        return [.. result];
    }

    private static string Value(string[] args, ref int i) =>
        i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");

    private static string Between(string value, double min, double max, string flag, string what) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && n >= min && n <= max
            ? value
            : throw new ArgumentException($"{flag} expects {what} from {min} to {max}, got '{value}'.");

    private static int Count(string value, string flag) =>
        int.TryParse(value, out var n) && n is >= 1 and <= 9 ? n : throw new ArgumentException($"{flag} expects 1..9, got '{value}'.");
}
