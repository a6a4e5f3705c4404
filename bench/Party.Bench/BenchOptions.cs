using System.Globalization;

namespace Party.Bench;

/// <summary>Command line: <c>[scenario] [--gateway URL] [--key KEY] [--duration S] [--concurrency N] …</c>.</summary>
public sealed class BenchOptions
{
    public string? Scenario { get; private set; }
    public string Gateway { get; private set; } = "http://127.0.0.1:8080";
    public Dictionary<string, string> Services { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["members"] = "http://127.0.0.1:5101",
        ["branches"] = "http://127.0.0.1:5102",
        ["resident-cadres"] = "http://127.0.0.1:5103",
        ["honors"] = "http://127.0.0.1:5104",
        ["identity"] = "http://127.0.0.1:5105",
        ["webhooks"] = "http://127.0.0.1:5110",
    };
    public string? DevSecret { get; private set; }
    /// <summary>
    /// PostgreSQL server of the running system, for scenarios that seed fixture data straight into a
    /// service's database (the scenario picks the database). --postgres, else PARTY_BENCH_POSTGRES, else the ./party run server.
    /// </summary>
    public string Postgres { get; private set; } =
        EnvOr("PARTY_BENCH_POSTGRES", "Host=127.0.0.1;Port=17432;Username=postgres;Password=postgres");
    /// <summary>
    /// Redis of the running system (host:port), for scenarios that drive a cache. --redis, else PARTY_BENCH_REDIS, else the ./party run
    /// server.
    /// </summary>
    public string Redis { get; private set; } = EnvOr("PARTY_BENCH_REDIS", "127.0.0.1:17379");
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(3);
    public int Concurrency { get; private set; } = 16;
    /// <summary>Distinct callers (JWT subjects) the load is spread over, as in real use; the gateway limits each one.</summary>
    public int Clients { get; private set; } = 128;
    /// <summary>
    /// Where the bench keeps what it writes (the nginx peer's config, pid file, logs): --state-dir, else
    /// <c>&lt;repo&gt;/.party/bench</c> (the run's state directory), else a folder under the system's temp directory.
    /// </summary>
    public string? StateDir { get; private set; }
    /// <summary>
    /// The nginx binary for the gateway scenario's peer proxy: --nginx, else Debian's /usr/sbin/nginx, else <c>nginx</c> on PATH.
    /// </summary>
    public string Nginx { get; private set; } = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
    public bool Help { get; private set; }
    /// <summary>Arguments a scenario or command may read itself (<c>--role</c>, <c>--org</c> …).</summary>
    public Dictionary<string, string> Extra { get; } = new(StringComparer.OrdinalIgnoreCase);

    public const string Usage = """
        Party.Bench [scenario] [options]          runs a scenario against an already running system
        Party.Bench list                          lists the scenarios
        Party.Bench token [--role R] [--org GUID] [--sub NAME] [--scopes a,b]   prints a JWT for manual calls

        options:
          --gateway URL        gateway (default http://127.0.0.1:8080)
          --members URL        members service, direct (default http://127.0.0.1:5101)
          --branches URL       branches service, direct (default http://127.0.0.1:5102)
          --cadres URL         resident-cadres service, direct (default http://127.0.0.1:5103)
          --honors URL         honors service, direct (default http://127.0.0.1:5104)
          --identity URL       identity service, direct: where the scenarios mint their tokens (default http://127.0.0.1:5105)
          --webhooks URL       webhooks service, direct (default http://127.0.0.1:5110)
          --dev-secret SECRET  secret of the identity service's development client, for tokens
                               (default: <repo>/.party/dev-client-secret, repo = the folder holding Party.sln)
          --postgres CS        PostgreSQL server for scenarios that seed data (default $PARTY_BENCH_POSTGRES, else
                               Host=127.0.0.1;Port=17432;Username=postgres;Password=postgres)
          --redis HOST:PORT    Redis for scenarios that drive a cache (default $PARTY_BENCH_REDIS, else 127.0.0.1:17379)
          --duration S         measured seconds per variant (default 10)
          --warmup S           warm-up seconds per variant, not counted (default 3)
          --concurrency N      requests in flight (default 16)
          --clients N          distinct callers the requests are spread over (default 128)
          --state-dir DIR      where the bench writes its files, e.g. the nginx peer's config (default <repo>/.party/bench)
          --cpu auto|none|name=PID,…   report each process's CPU ms per request of every variant (default auto: the run's
                               services, gateway, dashboard, PostgreSQL, RabbitMQ and the bench itself; or e.g.
                               gateway=123,branches=456), beside the whole machine's
          --nginx PATH         nginx binary for the gateway scenario's peer proxy (default /usr/sbin/nginx)

        scenario options:
          cadres-checkin --direct true     send straight to the resident-cadres service (the gateway's share)
          gateway --compare name=URL,…     also measure other gateways (e.g. a build before a change) in the same rounds
                  --yarp-peer PATH     another build of the YARP-alone peer (default bench/Party.Bench.YarpPeer's build)
          members-annual --reuse true      keep the generated databases of an earlier run, only undo its close
                   --scale county|province   run one of the two scales (default both)
          webhooks --rate N --receivers N  events/s published (default 1000) and local receivers subscribed (default 5);
                   --rabbitmq URI   the running broker (default amqp://guest:guest@127.0.0.1:17672)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help" or "help")
            {
                o.Help = true;
                continue;
            }
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                if (o.Scenario is not null) throw new ArgumentException($"Unexpected argument '{a}': only one scenario per run.");
                o.Scenario = a;
                continue;
            }
            var name = a[2..];
            string value;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"--{name} needs a value.");
                value = args[++i];
            }
            switch (name.ToLowerInvariant())
            {
                case "gateway": o.Gateway = Url(value); break;
                case "members": o.Services["members"] = Url(value); break;
                case "branches": o.Services["branches"] = Url(value); break;
                case "cadres" or "resident-cadres": o.Services["resident-cadres"] = Url(value); break;
                case "honors": o.Services["honors"] = Url(value); break;
                case "identity": o.Services["identity"] = Url(value); break;
                case "webhooks": o.Services["webhooks"] = Url(value); break;
                case "dev-secret": o.DevSecret = value.Trim(); break;
                case "postgres": o.Postgres = value.Trim(); break;
                case "redis": o.Redis = value.Trim(); break;
                case "duration": o.Duration = Seconds(name, value); break;
                case "warmup": o.Warmup = Seconds(name, value, allowZero: true); break;
                case "concurrency": o.Concurrency = Positive(name, value); break;
                case "clients": o.Clients = Positive(name, value); break;
                case "state-dir": o.StateDir = value.Trim(); break;
                case "nginx": o.Nginx = value.Trim(); break;
                default: o.Extra[name] = value; break;
            }
        }
        return o;
    }

    /// <summary>The development client's secret: --dev-secret, else .party/dev-client-secret of the repository.</summary>
    public string ResolveDevSecret()
    {
        if (!string.IsNullOrWhiteSpace(DevSecret)) return DevSecret;
        var repo = FindRepo() ?? throw new InvalidOperationException(
            "No development client secret: pass --dev-secret, or run from inside the repository (the folder holding Party.sln) " +
            "after ./party run.");
        var path = Path.Combine(repo, ".party", Party.ServiceDefaults.Auth.DevelopmentTokens.SecretFile);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } secret) return secret;
        throw new InvalidOperationException($"{path} does not exist yet: start the system once with ./party run, or pass --dev-secret.");
    }

    /// <summary>The directory the bench writes its own files to (see <see cref="StateDir"/>).</summary>
    public string ResolveStateDir() =>
        !string.IsNullOrWhiteSpace(StateDir) ? StateDir
        : FindRepo() is { } repo ? Path.Combine(repo, ".party", "bench")
        : Path.Combine(Path.GetTempPath(), "party-bench");

    /// <summary>The repository (the folder holding Party.sln) the bench runs in or was built in.</summary>
    public static string? FindRepo()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Party.sln"))) return dir.FullName;
            }
        }
        return null;
    }

    public string ServiceUrl(string service) =>
        Services.TryGetValue(service, out var url) ? url : throw new ArgumentException($"No URL for service '{service}'.");

    private static string EnvOr(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value.Trim() : fallback;

    private static string Url(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? value.TrimEnd('/') : throw new ArgumentException($"'{value}' is not an http(s) URL.");

    private static TimeSpan Seconds(string name, string value, bool allowZero = false) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && (s > 0 || (allowZero && s == 0))
            ? TimeSpan.FromSeconds(s) : throw new ArgumentException($"--{name} takes a number of seconds, not '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new ArgumentException($"--{name} takes a positive whole number, not '{value}'.");
}
