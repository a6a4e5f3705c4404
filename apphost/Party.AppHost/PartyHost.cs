using System.Diagnostics;
using Party.ServiceDefaults.Auth;

namespace Party.AppHost;

/// <summary>
/// Starts the four services (with replicas) and the gateway as supervised <c>dotnet &lt;dll&gt;</c>
/// processes wired to <see cref="Servers"/> with Aspire's variable names: databases created →
/// services (each waits for GET /health = 200) → gateway(s). Used by <c>./party run</c> and by the system tests.
/// </summary>
public sealed class PartyHost : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly PartyHostOptions _options;
    private readonly string _stateDir;
    private readonly bool _ownsStateDir;
    private readonly List<ManagedProcess> _services = [];
    private readonly List<ManagedProcess> _gateways = [];
    private readonly Dictionary<string, ManagedProcess> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;
    private bool _started;

    public PartyHost(Servers servers, PartyHostOptions options)
    {
        Servers = servers;
        _options = options;
        RepoRoot = options.RepoRoot is null ? RepoPaths.FindRepoRoot() : Path.GetFullPath(options.RepoRoot);
        SigningKey = options.SigningKey ?? DevTokens.NewSigningKey();
        _ownsStateDir = options.StateDir is null;
        _stateDir = options.StateDir is null ? Directory.CreateTempSubdirectory("party-host-").FullName : Path.GetFullPath(options.StateDir);
        SelectedServices = options.Services is null
            ? PartyService.All
            : options.Services.Select(PartyService.Find).Distinct().ToList();
    }

    /// <summary>Creates the host and runs <see cref="StartAsync(CancellationToken)"/>; disposes it again if the start fails.</summary>
    public static async Task<PartyHost> StartAsync(Servers servers, PartyHostOptions options, CancellationToken ct = default)
    {
        var host = new PartyHost(servers, options);
        try
        {
            await host.StartAsync(ct);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public Servers Servers { get; }
    public string RepoRoot { get; }
    public string SigningKey { get; }
    public string StateDir => _stateDir;
    public string LogsDir => Path.Combine(_stateDir, "logs");
    public IReadOnlyList<PartyService> SelectedServices { get; }

    /// <summary>From the call of StartAsync until every instance answered /health.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The AMQP URI the services get (with the virtual host).</summary>
    public string RabbitMqUri => Servers.RabbitMqUriFor(_options.VirtualHost);

    public string VirtualHost => _options.VirtualHost;

    public IReadOnlyList<string> GatewayUrls => _gateways.Select(g => g.Url!).ToList();

    public string GatewayUrl => _gateways.Count > 0
        ? _gateways[0].Url!
        : throw new InvalidOperationException("No gateway was started (IncludeGateway = false).");

    /// <summary>Servers first, then service instances, then gateways.</summary>
    public IReadOnlyList<ResourceStatus> Resources =>
        [.. Servers.Resources, .. _services.Select(s => s.Status), .. _gateways.Select(g => g.Status)];

    /// <summary>http://127.0.0.1:PORT of a service instance or gateway (or a server's address).</summary>
    public string UrlOf(string resource)
    {
        if (_byName.TryGetValue(resource, out var mp)) return mp.Url!;
        var server = Servers.Resources.FirstOrDefault(r => string.Equals(r.Name, resource, StringComparison.OrdinalIgnoreCase));
        return server?.Url ?? throw new ArgumentException($"Unknown resource '{resource}'; known: {string.Join(", ", Resources.Select(r => r.Name))}.", nameof(resource));
    }

    /// <summary>The database a service owns here (prefix included).</summary>
    public string DatabaseOf(string service) => _options.DatabasePrefix + PartyService.Find(service).Database;

    public string ConnectionStringOf(string service) => Servers.PostgresConnectionStringFor(DatabaseOf(service));

    public string LogPathOf(string resource) => Get(resource).LogPath;

    public string LogTail(string resource, int lines = 60) => Get(resource).Tail(lines);

    /// <summary>A token signed with this host's key (see <see cref="DevTokens.Mint"/>).</summary>
    public string Token(string role, Guid org, IEnumerable<string>? scopes = null, string? subject = null, string? name = null) =>
        DevTokens.Mint(SigningKey, subject ?? $"{role}-user", role, org, scopes, name);

    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_started) throw new InvalidOperationException("Already started.");
        _started = true;
        var sw = Stopwatch.StartNew();

        await Task.WhenAll(SelectedServices.Select(s => Servers.CreateDatabaseAsync(DatabaseOf(s.Name), ct)));
        if (!string.IsNullOrEmpty(_options.VirtualHost) && _options.VirtualHost != "/")
            await Servers.CreateVirtualHostAsync(_options.VirtualHost, ct);

        foreach (var service in SelectedServices)
        {
            var dll = service.DllPath(RepoRoot, _options.Configuration);
            if (!File.Exists(dll))
                throw new FileNotFoundException($"{dll} is missing: build first (`./party build` or `dotnet build Party.sln -c {_options.Configuration}`).", dll);
            for (var n = 1; n <= _options.ReplicasOf(service.Name); n++)
            {
                var port = _options.FixedPorts ? service.FixedPort(n) : Ports.Free();
                var env = new Dictionary<string, string?>
                {
                    [$"ConnectionStrings__{service.ConnectionName}"] = ConnectionStringOf(service.Name),
                    ["ConnectionStrings__rabbitmq"] = RabbitMqUri,
                    ["ConnectionStrings__redis"] = Servers.Redis,
                };
                _services.Add(NewInstance(service, n, port, dll, env));
            }
        }

        foreach (var mp in _services) StartChecked(mp);
        await AllHealthyAsync(_services, ct);
        Say($"services healthy after {sw.Elapsed.TotalSeconds:0.0} s");

        if (_options.IncludeGateway)
        {
            var gw = PartyService.Gateway;
            var dll = gw.DllPath(RepoRoot, _options.Configuration);
            if (!File.Exists(dll))
                throw new FileNotFoundException($"{dll} is missing: build first (`./party build`).", dll);
            for (var n = 1; n <= Math.Max(1, _options.GatewayReplicas); n++)
            {
                var port = _options.FixedPorts ? gw.FixedPort(n) : Ports.Free();
                var env = new Dictionary<string, string?> { ["ConnectionStrings__redis"] = Servers.Redis };
                foreach (var service in SelectedServices)
                {
                    var instances = _services.Where(s => InstanceOf(s.Name) == service.Name).ToList();
                    for (var i = 0; i < instances.Count; i++)
                        env[$"services__{service.Name}__http__{i}"] = instances[i].Url;
                }
                _gateways.Add(NewInstance(gw, n, port, dll, env));
            }
            foreach (var g in _gateways) StartChecked(g);
            await AllHealthyAsync(_gateways, ct);
        }

        StartupTime = sw.Elapsed;
        Say($"all healthy after {StartupTime.TotalSeconds:0.0} s");
    }

    /// <summary>Waits for every instance; when some fail, the error names all of them (each with its log tail).</summary>
    private async Task AllHealthyAsync(IReadOnlyList<ManagedProcess> instances, CancellationToken ct)
    {
        var waits = instances.Select(mp => WaitHealthyAsync(mp.Name, _options.HealthTimeout, ct)).ToList();
        try
        {
            await Task.WhenAll(waits);
        }
        catch (TimeoutException)
        {
            var failures = waits.Where(w => w.IsFaulted).SelectMany(w => w.Exception!.InnerExceptions).Select(e => e.Message).ToList();
            throw new TimeoutException(failures.Count == 1
                ? failures[0]
                : $"{failures.Count} instances did not become healthy:\n\n" + string.Join("\n\n", failures));
        }
    }

    private ManagedProcess NewInstance(PartyService service, int n, int port, string dll, Dictionary<string, string?> env)
    {
        var name = service.ResourceName(n);
        var url = $"http://127.0.0.1:{port}";
        env["ASPNETCORE_URLS"] = url;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["DOTNET_ENVIRONMENT"] = "Production";
        env["OTEL_SERVICE_NAME"] = service.Name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={name}";
        var otlp = System.Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (!string.IsNullOrEmpty(otlp)) env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        env["Party__Auth__SigningKey"] = SigningKey;
        foreach (var (k, v) in _options.Environment) env[k] = v;
        foreach (var key in new[] { service.Name, name })
            if (_options.ResourceEnvironment.TryGetValue(key, out var extra))
                foreach (var (k, v) in extra) env[k] = v;

        var mp = new ManagedProcess(name,
            new ProcessSpec
            {
                FileName = DotnetHost,
                Arguments = [dll],
                WorkingDirectory = Path.GetDirectoryName(dll),
                Environment = env,
                DropInherited = DropInherited,
            },
            Path.Combine(LogsDir, $"{name}.log"), _options.EchoToConsole)
        {
            Port = port,
            Url = url,
            PidFile = Path.Combine(_stateDir, "pids", $"{name}.pid"),
            StaleMarker = dll,
            StopGrace = TimeSpan.FromSeconds(10),
        };
        mp.Launched = OnLaunched;
        _byName[name] = mp;
        return mp;
    }

    /// <summary>The variables the host sets must not be shadowed by our own environment (e.g. the test runner's ConnectionStrings__postgres).</summary>
    private static bool DropInherited(string name) =>
        name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("services__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Party__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase);

    /// <summary>The dotnet executable that runs us (tests run under dotnet test), else the one on PATH.</summary>
    private static string DotnetHost { get; } =
        new[] { System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), System.Environment.ProcessPath }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && Path.GetFileNameWithoutExtension(p) == "dotnet" && File.Exists(p))
        ?? "dotnet";

    private void StartChecked(ManagedProcess mp)
    {
        mp.StopLeftover();
        if (mp.Port is { } port && Ports.IsListening(port))
            throw new InvalidOperationException($"Port {port} for {mp.Name} is already in use. Is another `./party run` running?");
        mp.Start();
    }

    private void OnLaunched(ManagedProcess mp, bool restart)
    {
        if (!restart) return;
        // after a restart, mark it healthy again once it answers (nobody else polls it)
        _ = Task.Run(async () =>
        {
            try
            {
                await WaitHealthyAsync(mp.Name, TimeSpan.FromSeconds(120), _lifetime.Token);
                mp.Note("healthy again");
            }
            catch (Exception) { /* still down; the supervisor keeps trying */ }
        });
    }

    private static string InstanceOf(string resource)
    {
        var dash = resource.LastIndexOf('-');
        return dash > 0 && int.TryParse(resource[(dash + 1)..], out _) ? resource[..dash] : resource;
    }

    private ManagedProcess Get(string resource) =>
        _byName.TryGetValue(resource, out var mp)
            ? mp
            : throw new ArgumentException($"Unknown resource '{resource}'; known: {string.Join(", ", _byName.Keys)}.", nameof(resource));

    /// <summary>kill -9 the resource's process; the supervisor restarts it (same port) with back-off. Returns once the old process is gone.</summary>
    public async Task KillAsync(string resource)
    {
        var mp = Get(resource);
        var pid = mp.Pid ?? throw new InvalidOperationException($"{resource} is not running.");
        mp.Kill();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Native.IsAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(20);
        while (mp.State is ResourceState.Healthy && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    /// <summary>Stops one instance for good (until <see cref="StartResourceAsync"/>).</summary>
    public Task StopResourceAsync(string resource, CancellationToken ct = default) => Get(resource).StopAsync(ct);

    /// <summary>Starts an instance stopped with <see cref="StopResourceAsync"/> and waits for its health.</summary>
    public async Task StartResourceAsync(string resource, CancellationToken ct = default)
    {
        var mp = Get(resource);
        mp.Start();
        await WaitHealthyAsync(resource, _options.HealthTimeout, ct);
    }

    /// <summary>Polls GET /health of a service instance or gateway until 200; fails with the tail of its log.</summary>
    public async Task WaitHealthyAsync(string resource, TimeSpan timeout, CancellationToken ct = default)
    {
        if (!_byName.TryGetValue(resource, out var mp))
        {
            var server = Servers.Resources.FirstOrDefault(r => string.Equals(r.Name, resource, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown resource '{resource}'.", nameof(resource));
            var port = resource.ToLowerInvariant() switch
            {
                "postgres" => Servers.Ports.Postgres,
                "rabbitmq" => Servers.Ports.RabbitMq,
                _ => Servers.Ports.Redis,
            };
            if (server.State == ResourceState.External) return;
            await Ports.WaitListeningAsync(port, timeout, () => $"{resource} is not listening on {port} after {timeout.TotalSeconds:0} s.", ct);
            return;
        }

        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer yet";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (mp.IsRunning)
            {
                try
                {
                    using var res = await Http.GetAsync($"{mp.Url}/health", ct);
                    if ((int)res.StatusCode == 200)
                    {
                        if (mp.State is ResourceState.Running or ResourceState.Starting) mp.State = ResourceState.Healthy;
                        return;
                    }
                    last = $"/health answered {(int)res.StatusCode}";
                }
                catch (HttpRequestException e) { last = e.Message; }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested) { last = "/health timed out"; }
            }
            else last = $"process not running ({mp.State})";
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"{resource} ({mp.Url}) was not healthy within {timeout.TotalSeconds:0} s: {last}. Last lines of {mp.LogPath}:\n{mp.Tail(60)}");
            await Task.Delay(200, ct);
        }
    }

    private void Say(string line) => _options.Log?.Invoke(line);

    /// <summary>Stops gateways first, then the services (SIGTERM, SIGKILL after 10 s). The servers are not ours: dispose them separately.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _lifetime.Cancel();
        foreach (var group in new[] { _gateways.AsEnumerable().Reverse().ToList(), _services.AsEnumerable().Reverse().ToList() })
        {
            // instances of one tier stop together; tiers in reverse start order
            await Task.WhenAll(group.Select(async mp =>
            {
                try { await mp.DisposeAsync(); }
                catch (Exception e) { Say($"{mp.Name}: stop failed: {e.Message}"); }
            }));
        }
        if (_ownsStateDir)
        {
            try { Directory.Delete(_stateDir, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        _lifetime.Dispose();
    }
}
