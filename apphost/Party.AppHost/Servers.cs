using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Party.AppHost;

/// <summary>
/// PostgreSQL, RabbitMQ (with the management plugin) and Redis: started as our own child
/// processes on their own ports with data under a state directory, or existing servers given
/// as connection strings (then neither started nor stopped).
/// </summary>
public sealed class Servers : IAsyncDisposable
{
    public const string PostgresKey = "postgres";
    public const string RabbitMqKey = "rabbitmq";
    public const string RabbitMqManagementKey = "rabbitmq-management";
    public const string RedisKey = "redis";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly ServersOptions _options;
    private readonly bool _ownsStateDir;
    private readonly List<ManagedProcess> _processes = [];
    private ManagedProcess? _postgres, _rabbit, _redis;
    private string? _pgBase;
    private bool _createdPgBaseParent;
    private RabbitLayout? _rabbitLayout;
    private int _disposed;

    private Servers(ServersOptions options, string stateDir, bool ownsStateDir, ServerPorts ports)
    {
        _options = options;
        StateDir = stateDir;
        _ownsStateDir = ownsStateDir;
        Ports = ports;
    }

    public string StateDir { get; }
    public string LogsDir => Path.Combine(StateDir, "logs");
    public ServerPorts Ports { get; }
    public bool Throwaway => _options.Throwaway;

    /// <summary><c>Host=127.0.0.1;Port=…;Username=postgres;Password=postgres</c> (no database).</summary>
    public string PostgresConnectionString { get; private set; } = "";

    /// <summary><c>amqp://guest:guest@127.0.0.1:PORT</c> (default virtual host).</summary>
    public string RabbitMqUri { get; private set; } = "";

    /// <summary><c>http://127.0.0.1:PORT</c>; credentials are those of <see cref="RabbitMqUri"/> (guest/guest).</summary>
    public string RabbitMqManagementUri { get; private set; } = "";

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Redis { get; private set; } = "";

    /// <summary>PostgreSQL's data directory when we run it, else null.</summary>
    public string? PostgresDataDir => _pgBase is null ? null : Path.Combine(_pgBase, "data");

    public bool PostgresExternal => _postgres is null;
    public bool RabbitMqExternal => _rabbit is null;
    public bool RedisExternal => _redis is null;

    public IReadOnlyList<ResourceStatus> Resources =>
    [
        _postgres?.Status ?? new ResourceStatus("postgres", ResourceState.External, Redact(PostgresConnectionString), null, 0),
        _rabbit?.Status ?? new ResourceStatus("rabbitmq", ResourceState.External, Redact(RabbitMqUri), null, 0),
        _redis?.Status ?? new ResourceStatus("redis", ResourceState.External, Redis, null, 0),
    ];

    /// <summary>The <c>ConnectionStrings__…</c> variables that point a process at these servers.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>
    {
        ["ConnectionStrings__postgres"] = PostgresConnectionString,
        ["ConnectionStrings__rabbitmq"] = RabbitMqUri,
        ["ConnectionStrings__rabbitmq-management"] = RabbitMqManagementUri,
        ["ConnectionStrings__redis"] = Redis,
    };

    /// <summary>Same as <see cref="StartAsync(ServersOptions, CancellationToken)"/> with throwaway options.</summary>
    public static Task<Servers> StartThrowawayAsync(CancellationToken ct = default) => StartAsync(ServersOptions.ForThrowaway(), ct);

    public static async Task<Servers> StartAsync(ServersOptions o, CancellationToken ct = default)
    {
        var owns = o.StateDir is null;
        var stateDir = o.StateDir is null
            ? Directory.CreateTempSubdirectory("party-servers-").FullName
            : Path.GetFullPath(o.StateDir);
        Directory.CreateDirectory(stateDir);
        var ports = o.Ports ?? (o.Throwaway ? ServerPorts.PickFree() : ServerPorts.Run);
        var s = new Servers(o, stateDir, owns, ports);
        try
        {
            var existing = s.ExistingConnectionStrings();
            var tasks = new List<Task>();

            if (existing.TryGetValue(PostgresKey, out var pg)) s.PostgresConnectionString = pg;
            else tasks.Add(s.StartPostgresAsync(ct));

            if (existing.TryGetValue(RabbitMqKey, out var amqp))
            {
                s.RabbitMqUri = amqp.TrimEnd('/');
                s.RabbitMqManagementUri = existing.TryGetValue(RabbitMqManagementKey, out var mgmt)
                    ? mgmt.TrimEnd('/')
                    : $"http://{new Uri(amqp).Host}:15672";
            }
            else tasks.Add(s.StartRabbitMqFirstAsync(ct));

            if (existing.TryGetValue(RedisKey, out var redis)) s.Redis = redis;
            else tasks.Add(s.StartRedisAsync(ct));

            await Task.WhenAll(tasks);
            return s;
        }
        catch
        {
            await s.DisposeAsync();
            throw;
        }
    }

    private Dictionary<string, string> ExistingConnectionStrings()
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (_options.UseEnvironment)
        {
            foreach (var key in new[] { PostgresKey, RabbitMqKey, RabbitMqManagementKey, RedisKey })
            {
                // shells cannot export a name with '-': ConnectionStrings__rabbitmq_management is accepted too
                var v = Environment.GetEnvironmentVariable($"ConnectionStrings__{key}")
                    ?? Environment.GetEnvironmentVariable($"ConnectionStrings__{key.Replace('-', '_')}");
                if (!string.IsNullOrWhiteSpace(v)) d[key] = v.Trim();
            }
        }
        foreach (var (k, v) in _options.ConnectionStrings)
            if (!string.IsNullOrWhiteSpace(v)) d[k] = v.Trim();
        return d;
    }

    private void Say(string line) => _options.Log?.Invoke(line);

    private ManagedProcess NewProcess(string name, ProcessSpec spec, Func<CancellationToken, Task>? gracefulStop = null,
        Action? emergency = null, string? staleMarker = null, TimeSpan? stopGrace = null)
    {
        var mp = new ManagedProcess(name, spec, Path.Combine(LogsDir, $"{name}.log"), _options.EchoToConsole)
        {
            GracefulStop = gracefulStop,
            EmergencyKill = emergency,
            PidFile = Path.Combine(StateDir, "pids", $"{name}.pid"),
            StaleMarker = staleMarker,
            StopGrace = stopGrace ?? TimeSpan.FromSeconds(10),
        };
        _processes.Add(mp);
        return mp;
    }

    private void EnsurePortFree(int port, string what)
    {
        if (AppHost.Ports.IsListening(port))
            throw new InvalidOperationException(
                $"Port {port} ({what}) is already in use. Is another `./party run` running? " +
                $"Stop it, or point the app host at existing servers with ConnectionStrings__{what.Split(' ')[0]}.");
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static string PostgresBin()
    {
        var overridden = Environment.GetEnvironmentVariable("PARTY_PG_BIN");
        if (!string.IsNullOrEmpty(overridden)) return overridden;
        var root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var best = Directory.GetDirectories(root)
                .Select(d => (dir: d, ok: int.TryParse(Path.GetFileName(d), out var v), v))
                .Where(x => x.ok && File.Exists(Path.Combine(x.dir, "bin", "postgres")))
                .OrderByDescending(x => x.v).FirstOrDefault();
            if (best.dir is not null) return Path.Combine(best.dir, "bin");
        }
        throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install the Debian package `postgresql`).");
    }

    /// <summary>Runs a PostgreSQL tool as the postgres user when we are root.</summary>
    private static (string file, List<string> args) AsPostgres(string bin, params string[] args)
    {
        if (!Native.IsRoot) return (bin, args.ToList());
        return ("runuser", ["-u", "postgres", "--", bin, .. args]);
    }

    private async Task StartPostgresAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var bin = PostgresBin();
        var port = Ports.Postgres;
        string pgBase;
        if (_options.PostgresDir is not null) pgBase = Path.GetFullPath(_options.PostgresDir);
        else if (Native.IsRoot)
        {
            var parent = RepoPaths.PostgresBaseFor(StateDir);
            _createdPgBaseParent = _options.Throwaway && !Directory.Exists(parent);
            pgBase = Path.Combine(parent, "postgres");
        }
        else pgBase = Path.Combine(StateDir, "postgres");
        _pgBase = pgBase;
        var data = Path.Combine(pgBase, "data");
        var sock = Path.Combine(pgBase, "run");

        await StopLeftoverPostgresAsync(bin, data, ct);
        if (_options.Reset && Directory.Exists(pgBase))
        {
            Say($"postgres: --reset wipes {pgBase}");
            Directory.Delete(pgBase, recursive: true);
        }
        EnsurePortFree(port, "postgres port");

        Directory.CreateDirectory(pgBase);
        Directory.CreateDirectory(sock);
        if (Native.IsRoot)
        {
            // Every parent must be enterable by postgres: /var/tmp/party-HASH is 0755 by default umask; make sure.
            for (var d = new DirectoryInfo(pgBase).Parent; d is not null && d.FullName != "/"; d = d.Parent)
            {
                if (!OperatingSystem.IsWindows() && d.FullName.StartsWith("/var/tmp/party-", StringComparison.Ordinal))
                    File.SetUnixFileMode(d.FullName, File.GetUnixFileMode(d.FullName) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
            }
            await Cmd.MustAsync("chown", ["-R", "postgres:postgres", pgBase], ct: ct);
        }
        Say($"postgres: data in {data}");

        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            var pwfile = Path.Combine(pgBase, "pwfile");
            await File.WriteAllTextAsync(pwfile, "postgres\n", ct);
            if (Native.IsRoot) await Cmd.MustAsync("chown", ["postgres:postgres", pwfile], ct: ct);
            try
            {
                var (file, args) = AsPostgres(Path.Combine(bin, "initdb"),
                    "-D", data, "-U", "postgres", "--pwfile", pwfile, "-E", "UTF8", "--locale=C.UTF-8",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "--no-instructions");
                await Cmd.MustAsync(file, args, timeout: TimeSpan.FromMinutes(2), ct: ct);
            }
            finally
            {
                File.Delete(pwfile);
            }
        }

        List<string> serverArgs =
        [
            "-D", data, "-p", port.ToString(), "-k", sock,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=400",
        ];
        serverArgs.AddRange(PostgresTuning(_options.Throwaway).SelectMany(kv => new[] { "-c", $"{kv.Key}={kv.Value}" }));
        if (_options.Throwaway)
            serverArgs.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        var (pgFile, pgArgs) = AsPostgres(Path.Combine(bin, "postgres"), [.. serverArgs]);

        _postgres = NewProcess("postgres",
            new ProcessSpec { FileName = pgFile, Arguments = pgArgs, WorkingDirectory = "/" },
            gracefulStop: async token =>
            {
                var (f, a) = AsPostgres(Path.Combine(bin, "pg_ctl"), "stop", "-D", data, "-m", "fast", "-w", "-t", "20");
                await Cmd.RunAsync(f, a, timeout: TimeSpan.FromSeconds(25), ct: token);
            },
            emergency: () => KillPostmaster(data),
            stopGrace: TimeSpan.FromSeconds(30));
        _postgres.Url = $"postgres://127.0.0.1:{port}";
        _postgres.Start();

        PostgresConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Password = "postgres",
        }.ConnectionString;

        await AppHost.Ports.WaitListeningAsync(port, _options.StartTimeout,
            () => $"PostgreSQL did not listen on {port} within {_options.StartTimeout.TotalSeconds:0} s. Log ({_postgres.LogPath}):\n{_postgres.Tail()}", ct);
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            try
            {
                await using var c = new NpgsqlConnection(PostgresConnectionString + ";Database=postgres;Pooling=false;Timeout=5");
                await c.OpenAsync(ct);
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
        _postgres.State = ResourceState.Healthy;
        Say($"postgres: ready on 127.0.0.1:{port} in {sw.Elapsed.TotalSeconds:0.0} s (data {data})");
    }

    private async Task StopLeftoverPostgresAsync(string bin, string data, CancellationToken ct)
    {
        var pid = Native.ReadPidFile(Path.Combine(data, "postmaster.pid"));
        if (pid is not { } p || !Native.IsAlive(p)) return;
        var cmd = Native.CommandLine(p) ?? "";
        if (!cmd.Contains("postgres", StringComparison.Ordinal)) return;
        Say($"postgres: stopping a leftover server (pid {p}) on {data}");
        var (f, a) = AsPostgres(Path.Combine(bin, "pg_ctl"), "stop", "-D", data, "-m", "fast", "-w", "-t", "20");
        await Cmd.RunAsync(f, a, timeout: TimeSpan.FromSeconds(25), ct: ct);
        if (Native.IsAlive(p)) KillPostmaster(data);
    }

    /// <summary>
    /// Server settings sized from this machine's memory instead of PostgreSQL's 128 MB defaults: year-end and
    /// month closes rewrite millions of rows in one transaction, and with a 1 GB WAL ceiling the server spends
    /// most of that time in forced checkpoints. A throwaway (test) server gets the same shape, smaller.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> PostgresTuning(bool throwaway)
    {
        var memoryMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        var sharedMb = Math.Clamp(memoryMb / (throwaway ? 16 : 4), 128, throwaway ? 1024 : 8192);
        return new Dictionary<string, string>
        {
            ["shared_buffers"] = $"{sharedMb}MB",
            ["effective_cache_size"] = $"{Math.Max(sharedMb, memoryMb / 2)}MB",
            ["work_mem"] = "32MB",
            ["maintenance_work_mem"] = throwaway ? "256MB" : "1GB",
            ["wal_buffers"] = "64MB",
            ["max_wal_size"] = throwaway ? "4GB" : "16GB",
            ["min_wal_size"] = "1GB",
            ["checkpoint_timeout"] = "15min",
            ["checkpoint_completion_target"] = "0.9",
            ["wal_compression"] = "lz4",
            ["random_page_cost"] = "1.1",
        };
    }

    private static void KillPostmaster(string data)
    {
        var pid = Native.ReadPidFile(Path.Combine(data, "postmaster.pid"));
        if (pid is not { } p || !Native.IsAlive(p)) return;
        Native.Signal(p, Native.SIGQUIT); // immediate shutdown: postmaster takes its backends with it
        SpinWait.SpinUntil(() => !Native.IsAlive(p), TimeSpan.FromSeconds(3));
        if (Native.IsAlive(p)) Native.Signal(p, Native.SIGKILL);
    }

    public string PostgresConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates the database unless it exists.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        ValidateIdentifier(name);
        await using var c = new NpgsqlConnection(PostgresConnectionStringFor("postgres"));
        await c.OpenAsync(ct);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", c))
        {
            exists.Parameters.AddWithValue("n", name);
            if (await exists.ExecuteScalarAsync(ct) is not null) return;
        }
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // created concurrently by someone else: fine
        }
    }

    /// <summary>Drops the database if it exists (closing other connections to it).</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken ct = default)
    {
        ValidateIdentifier(name);
        await using var c = new NpgsqlConnection(PostgresConnectionStringFor("postgres"));
        await c.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
        await drop.ExecuteNonQueryAsync(ct);
    }

    private static void ValidateIdentifier(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 63 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-'))
            throw new ArgumentException($"'{name}' is not a database name we create (ASCII letters, digits, _ and -; at most 63).", nameof(name));
    }

    // ---------------------------------------------------------------- RabbitMQ

    private sealed record RabbitLayout(string Dir, string NodeName, string PidFile, Dictionary<string, string?> Env);

    private const string RabbitBin = "/usr/lib/rabbitmq/bin";

    private RabbitLayout PrepareRabbit()
    {
        if (!File.Exists(Path.Combine(RabbitBin, "rabbitmq-server")))
            throw new InvalidOperationException($"{RabbitBin}/rabbitmq-server not found (install the Debian package `rabbitmq-server`).");
        var dir = Path.Combine(StateDir, "rabbitmq");
        var home = Path.Combine(dir, "home");
        var mnesia = Path.Combine(dir, "mnesia");
        var logs = Path.Combine(dir, "log");
        if (_options.Reset && Directory.Exists(mnesia))
        {
            Say($"rabbitmq: --reset wipes {mnesia}");
            Directory.Delete(mnesia, recursive: true);
        }
        foreach (var d in new[] { dir, home, mnesia, logs }) Directory.CreateDirectory(d);

        var conf = Path.Combine(dir, "rabbitmq.conf");
        File.WriteAllText(conf, string.Join('\n',
            $"management.tcp.port = {Ports.RabbitMqManagement}",
            "management.tcp.ip = 127.0.0.1",
            "loopback_users = none",
            "disk_free_limit.absolute = 50MB",
            "log.console = true",
            "log.console.level = info",
            "log.file = false",
            "") );
        var plugins = Path.Combine(dir, "enabled_plugins");
        File.WriteAllText(plugins, "[rabbitmq_management].\n");
        var envFile = Path.Combine(dir, "rabbitmq-env.conf");
        File.WriteAllText(envFile, "# intentionally empty: everything comes from the environment the app host sets\n");

        var node = $"party-{Ports.RabbitMq}@localhost";
        var pidFile = Path.Combine(dir, "rabbitmq.pid");
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["RABBITMQ_NODENAME"] = node,
            ["RABBITMQ_USE_LONGNAME"] = null,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Ports.RabbitMq.ToString(),
            ["RABBITMQ_DIST_PORT"] = Ports.RabbitMqDist.ToString(),
            ["ERL_EPMD_PORT"] = Ports.Epmd.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = mnesia,
            ["RABBITMQ_LOG_BASE"] = logs,
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = conf,
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(dir, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = envFile,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            ["RABBITMQ_PID_FILE"] = pidFile,
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        return new RabbitLayout(dir, node, pidFile, env);
    }

    private async Task StartRabbitMqFirstAsync(CancellationToken ct)
    {
        _rabbitLayout = PrepareRabbit();
        var layout = _rabbitLayout;
        var user = "guest";
        RabbitMqUri = $"amqp://{user}:{user}@127.0.0.1:{Ports.RabbitMq}";
        RabbitMqManagementUri = $"http://127.0.0.1:{Ports.RabbitMqManagement}";

        await StopLeftoverRabbitAsync(layout, ct);
        EnsurePortFree(Ports.RabbitMq, "rabbitmq port");
        EnsurePortFree(Ports.RabbitMqManagement, "rabbitmq management port");

        _rabbit = NewProcess("rabbitmq",
            new ProcessSpec
            {
                FileName = Path.Combine(RabbitBin, "rabbitmq-server"),
                WorkingDirectory = layout.Dir,
                Environment = layout.Env,
                DropInherited = k => k.StartsWith("RABBITMQ_", StringComparison.Ordinal) || k.StartsWith("ERL_", StringComparison.Ordinal),
            },
            gracefulStop: token => RabbitCtlStopAsync(layout, token),
            emergency: () => EmergencyStopRabbit(layout),
            stopGrace: TimeSpan.FromSeconds(40));
        _rabbit.Url = RabbitMqManagementUri;
        await StartRabbitProcessAsync(ct);
    }

    private async Task StartRabbitProcessAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var rabbit = _rabbit!;
        rabbit.Start();
        await AppHost.Ports.WaitListeningAsync(Ports.RabbitMq, _options.StartTimeout,
            () => $"RabbitMQ did not listen on AMQP port {Ports.RabbitMq} within {_options.StartTimeout.TotalSeconds:0} s. Log ({rabbit.LogPath}):\n{rabbit.Tail(60)}", ct);
        var amqpAt = sw.Elapsed;
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var res = await Management(HttpMethod.Get, "/api/overview", null, ct);
                if (res.IsSuccessStatusCode) break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"RabbitMQ management API did not answer on {RabbitMqManagementUri} within {_options.StartTimeout.TotalSeconds:0} s. Log ({rabbit.LogPath}):\n{rabbit.Tail(60)}");
            await Task.Delay(200, ct);
        }
        rabbit.State = ResourceState.Healthy;
        Say($"rabbitmq: ready on 127.0.0.1:{Ports.RabbitMq} (amqp after {amqpAt.TotalSeconds:0.0} s), management {RabbitMqManagementUri} in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task RabbitCtlStopAsync(RabbitLayout layout, CancellationToken ct)
    {
        var r = await Cmd.RunAsync(Path.Combine(RabbitBin, "rabbitmqctl"), ["-n", layout.NodeName, "stop", layout.PidFile],
            layout.Env, TimeSpan.FromSeconds(35), ct);
        if (!r.Ok) _rabbit?.Note($"rabbitmqctl stop: exit {r.ExitCode}: {r.Output.Trim()}");
        var beam = Native.ReadPidFile(layout.PidFile);
        if (beam is { } b && Native.IsAlive(b))
        {
            Native.Signal(b, Native.SIGTERM);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (Native.IsAlive(b) && DateTime.UtcNow < deadline) await Task.Delay(100, CancellationToken.None);
            if (Native.IsAlive(b)) Native.Signal(b, Native.SIGKILL);
        }
        await KillEpmdAsync();
    }

    private async Task KillEpmdAsync()
    {
        await Cmd.RunAsync("epmd", ["-port", Ports.Epmd.ToString(), "-kill"],
            new Dictionary<string, string?> { ["ERL_EPMD_PORT"] = Ports.Epmd.ToString() }, TimeSpan.FromSeconds(10));
    }

    private void EmergencyStopRabbit(RabbitLayout layout)
    {
        var beam = Native.ReadPidFile(layout.PidFile);
        if (beam is { } b && Native.IsAlive(b))
        {
            var tree = Native.Descendants(b); // erl_child_setup, inet_gethost
            Native.Signal(b, Native.SIGKILL);
            foreach (var child in tree) Native.Signal(child, Native.SIGKILL);
        }
        try { KillEpmdAsync().Wait(TimeSpan.FromSeconds(5)); } catch (Exception) { }
    }

    private async Task StopLeftoverRabbitAsync(RabbitLayout layout, CancellationToken ct)
    {
        var beam = Native.ReadPidFile(layout.PidFile);
        if (beam is { } b && Native.IsAlive(b) && (Native.CommandLine(b) ?? "").Contains("beam", StringComparison.Ordinal))
        {
            Say($"rabbitmq: stopping a leftover broker (pid {b})");
            await RabbitCtlStopAsync(layout, ct);
        }
        else if (AppHost.Ports.IsListening(Ports.Epmd) && !AppHost.Ports.IsListening(Ports.RabbitMq))
        {
            await KillEpmdAsync(); // an epmd a crashed run left on our port
        }
    }

    /// <summary>Stops the broker we started (same ports, data kept) — for tests of broker outages.</summary>
    public async Task StopRabbitMqAsync(CancellationToken ct = default)
    {
        var rabbit = _rabbit ?? throw new NotSupportedException("RabbitMQ was given as a connection string; the app host cannot stop it.");
        await rabbit.StopAsync(ct);
        // The Erlang VM closes its listeners a moment before it exits; make sure the port is really gone.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (AppHost.Ports.IsListening(Ports.RabbitMq) && DateTime.UtcNow < deadline) await Task.Delay(100, ct);
    }

    /// <summary>Starts the broker again after <see cref="StopRabbitMqAsync"/>: same ports, same data.</summary>
    public async Task StartRabbitMqAsync(CancellationToken ct = default)
    {
        if (_rabbit is null) throw new NotSupportedException("RabbitMQ was given as a connection string; the app host cannot start it.");
        if (_rabbit.IsRunning) return;
        await StartRabbitProcessAsync(ct);
    }

    public string RabbitMqUriFor(string virtualHost)
    {
        var baseUri = new Uri(RabbitMqUri);
        var root = $"{baseUri.Scheme}://{baseUri.UserInfo}@{baseUri.Host}:{(baseUri.IsDefaultPort ? 5672 : baseUri.Port)}";
        if (string.IsNullOrEmpty(baseUri.UserInfo)) root = $"{baseUri.Scheme}://{baseUri.Host}:{(baseUri.IsDefaultPort ? 5672 : baseUri.Port)}";
        return string.IsNullOrEmpty(virtualHost) || virtualHost == "/" ? root : $"{root}/{Uri.EscapeDataString(virtualHost)}";
    }

    /// <summary>Creates a virtual host through the management API and gives the broker user (guest) all rights on it. Idempotent.</summary>
    public async Task CreateVirtualHostAsync(string vhost, CancellationToken ct = default)
    {
        var v = Uri.EscapeDataString(vhost);
        using (var res = await Management(HttpMethod.Put, $"/api/vhosts/{v}", new { }, ct))
            await EnsureOk(res, $"create virtual host '{vhost}'", ct);
        var user = Uri.UnescapeDataString(RabbitUser().user);
        using (var res = await Management(HttpMethod.Put, $"/api/permissions/{v}/{Uri.EscapeDataString(user)}",
                   new { configure = ".*", write = ".*", read = ".*" }, ct))
            await EnsureOk(res, $"grant '{user}' on virtual host '{vhost}'", ct);
    }

    /// <summary>Deletes a virtual host (and its queues) if it exists.</summary>
    public async Task DeleteVirtualHostAsync(string vhost, CancellationToken ct = default)
    {
        using var res = await Management(HttpMethod.Delete, $"/api/vhosts/{Uri.EscapeDataString(vhost)}", null, ct);
        if (res.StatusCode != HttpStatusCode.NotFound) await EnsureOk(res, $"delete virtual host '{vhost}'", ct);
    }

    /// <summary>A call to the management HTTP API with the broker's credentials.</summary>
    public async Task<HttpResponseMessage> Management(HttpMethod method, string path, object? body, CancellationToken ct = default)
    {
        var (user, pass) = RabbitUser();
        var req = new HttpRequestMessage(method, RabbitMqManagementUri.TrimEnd('/') + path);
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.UnescapeDataString(user)}:{Uri.UnescapeDataString(pass)}")));
        if (body is not null)
            req.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await Http.SendAsync(req, ct);
    }

    private (string user, string pass) RabbitUser()
    {
        // credentials: those in the management URI if given, else those of the AMQP URI, else guest/guest
        foreach (var uri in new[] { RabbitMqManagementUri, RabbitMqUri })
        {
            if (Uri.TryCreate(uri, UriKind.Absolute, out var u) && !string.IsNullOrEmpty(u.UserInfo))
            {
                var parts = u.UserInfo.Split(':', 2);
                return (parts[0], parts.Length > 1 ? parts[1] : "");
            }
        }
        return ("guest", "guest");
    }

    private static async Task EnsureOk(HttpResponseMessage res, string what, CancellationToken ct)
    {
        if (res.IsSuccessStatusCode) return;
        var text = await res.Content.ReadAsStringAsync(ct);
        throw new InvalidOperationException($"RabbitMQ management API: could not {what}: {(int)res.StatusCode} {text}");
    }

    // ---------------------------------------------------------------- Redis

    private async Task StartRedisAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var redisServer = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server not found (install the Debian package `redis-server`).");
        var dir = Path.Combine(StateDir, "redis");
        if (_options.Reset && Directory.Exists(dir))
        {
            Say($"redis: --reset wipes {dir}");
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir);
        var port = Ports.Redis;
        List<string> args =
        [
            "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir,
            "--daemonize", "no", "--appendonly", "no", "--save", _options.Throwaway ? "" : "60 1",
        ];
        _redis = NewProcess("redis", new ProcessSpec { FileName = redisServer, Arguments = args, WorkingDirectory = dir },
            staleMarker: "redis-server");
        _redis.Url = $"redis://127.0.0.1:{port}";
        Redis = $"127.0.0.1:{port}";
        _redis.StopLeftover(); // a redis a killed run left behind (pid file), before the port check
        EnsurePortFree(port, "redis port");
        _redis.Start();
        await AppHost.Ports.WaitListeningAsync(port, _options.StartTimeout,
            () => $"Redis did not listen on {port}. Log ({_redis.LogPath}):\n{_redis.Tail()}", ct);
        _redis.State = ResourceState.Healthy;
        Say($"redis: ready on {Redis} in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    // ---------------------------------------------------------------- shutdown

    /// <summary>Stops what we started, in reverse order (Redis, RabbitMQ, PostgreSQL); a throwaway set also deletes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        var order = new[] { _redis, _rabbit, _postgres }.Where(p => p is not null).Cast<ManagedProcess>().ToList();
        foreach (var p in order)
        {
            try
            {
                // throwaway data is deleted right after: no need for the ~7 s graceful broker shutdown
                if (_options.Throwaway) await p.KillForGoodAsync();
                await p.DisposeAsync();
            }
            catch (Exception e) { Say($"{p.Name}: stop failed: {e.Message}"); }
        }
        if (_rabbitLayout is not null && AppHost.Ports.IsListening(Ports.Epmd)) await KillEpmdAsync();
        if (_options.Throwaway)
        {
            TryDelete(_ownsStateDir ? StateDir : null);
            if (_pgBase is not null && _options.PostgresDir is null)
            {
                TryDelete(_pgBase);
                if (_createdPgBaseParent) TryDelete(Path.GetDirectoryName(_pgBase));
            }
        }
    }

    private void TryDelete(string? dir)
    {
        if (dir is null || !Directory.Exists(dir)) return;
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Say($"could not delete {dir}: {e.Message}"); }
    }

    private static string Redact(string s) =>
        System.Text.RegularExpressions.Regex.Replace(s, @"(Password=)[^;]*|(://[^:/@]+:)[^@]*@", m =>
            m.Groups[1].Success ? m.Groups[1].Value + "***" : m.Groups[2].Value + "***@");
}
