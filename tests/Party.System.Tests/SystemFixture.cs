using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Party.AppHost;
using Party.AppHost.Servers;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Party.System.Tests;

/// <summary>
/// The whole system as operators run it, started from the real AppHost with Aspire.Hosting.Testing: throwaway servers
/// of its own on free ports (so a test may stop RabbitMQ, and a running <c>./party run</c> is never in the way), two
/// members replicas, every service and the gateway as real processes, and the dashboard receiving their telemetry.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private readonly string _stateDir = AppHostRun.NewStateDir();
    private readonly Dictionary<string, HashSet<string>> _instances = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    /// <summary>Every long-running resource of the system: the servers, the services (<see cref="Services.Names"/>), the portal and the
    /// gateway.</summary>
    public static readonly string[] Resources = ["postgres", "rabbitmq", "redis", .. Services.Names, "portal", "gateway"];

    public DistributedApplication App { get; private set; } = null!;
    private readonly Dictionary<string, (string Token, DateTime FetchedAt)> _tokens = [];
    private readonly HttpClient _tokenClient = new() { Timeout = TimeSpan.FromSeconds(30) };
    /// <summary>The identity service's development client (development grant, any role and unit) for this run.</summary>
    public string DevClientSecret { get; } = RunSecrets.New();
    /// <summary>The first operator account's initial password (account <c>admin</c>).</summary>
    public string OperatorPassword { get; } = RunSecrets.New();
    public string GatewayUrl { get; private set; } = "";
    /// <summary>The issuer every token names: the gateway's address as the app host configures it (127.0.0.1, not localhost).</summary>
    public string Issuer => new UriBuilder(GatewayUrl) { Host = "127.0.0.1" }.Uri.AbsoluteUri;
    /// <summary>Where the dashboard listens (the testing builder picks its port; read from the dashboard resource).</summary>
    public Uri DashboardUrl { get; private set; } = null!;
    public RabbitMqManagement Broker { get; private set; } = null!;
    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Party_AppHost>(
            [
                "--throwaway", "--state-dir", _stateDir, "--replicas", "members=2",
                // `./party test` gives the test projects its servers as ConnectionStrings__*: this system starts its own.
                "--ConnectionStrings:postgres=", "--ConnectionStrings:rabbitmq=", "--ConnectionStrings:redis=",
                $"--Parameters:{DevelopmentTokens.SecretFile}={DevClientSecret}",
                $"--Parameters:operator-password={OperatorPassword}",
                // Lets tests move a service's business clock past a public notice or a year end.
                "--Party:ServiceEnvironment:Party__Testing__ClockControl=true",
                // Exact counts kept in Redis (sign-in failures at the gateway): under the default 200 ms budget a machine
                // busy with the suite answers some calls late, they fail open uncounted by design, and a count is off.
                // How the system copes with a slow Redis is tested in Platform.Tests, with a Redis each test can stall.
                "--Party:ServiceEnvironment:Party__Redis__OperationTimeoutMs=5000",
                // The dashboard, anonymous: the trace and screenshot tests read it.
                $"--ASPNETCORE_URLS=http://127.0.0.1:{FreePorts.Next()}",
                $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{FreePorts.Next()}",
                $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePorts.Next()}",
                "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
                "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            ],
            (options, _) =>
            {
                options.DisableDashboard = false;
                options.AllowUnsecuredTransport = true;
            });
        App = await builder.BuildAsync();
        _watching = WatchInstancesAsync(_stopping.Token);
        // Generous: on a loaded 2-core machine the services alone take minutes to compile their hot paths at start.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        StartupTime = started.Elapsed;
        // The dashboard resource lists its OTLP endpoints too: the frontend is the one that serves both its page and its
        // telemetry API (an OTLP endpoint answers the API but refuses the page).
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var url in Snapshot(InstancesOf("aspire-dashboard")[0])
            .Urls.Select(u => u.Url).Where(u => u.StartsWith("http", StringComparison.Ordinal)))
        {
            try
            {
                using var page = await probe.GetAsync(new Uri(url));
                using var api = await probe.GetAsync(new Uri(new Uri(url), "/api/telemetry/resources"));
                if (page.IsSuccessStatusCode && page.Content.Headers.ContentType?.MediaType == "text/html" && api.IsSuccessStatusCode)
                {
                    DashboardUrl = new Uri(url);
                    break;
                }
            }
            catch (HttpRequestException) { }
        }
        if (DashboardUrl is null)
            throw new InvalidOperationException("The dashboard's page and telemetry API answered on none of its addresses.");
        GatewayUrl = App.GetEndpoint("gateway", "http").ToString().TrimEnd('/');
        var management = App.GetEndpoint("rabbitmq", "management");
        Broker = new RabbitMqManagement(management, "guest", "guest");
    }

    public HttpClient Gateway(string role, Guid org, params string[] scopes) =>
        Client(GatewayUrl, Token(role, org, scopes, subject: $"{role}-{org:N}"));

    /// <summary>
    /// A token from the identity service (development grant, through the gateway), fetched once per caller and again
    /// when it is older than 20 of its 30 minutes.
    /// </summary>
    public string Token(string role, Guid org, IEnumerable<string>? scopes = null, string? subject = null)
    {
        var scopeList = scopes?.ToArray() ?? [];
        subject ??= $"{role}-user";
        var key = $"{role}|{org}|{subject}|{string.Join(' ', scopeList)}";
        lock (_tokens)
        {
            if (_tokens.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.FetchedAt < TimeSpan.FromMinutes(20))
                return cached.Token;
        }
        // Off the test's synchronization context: the request must not wait for the thread that waits for it.
        var token = Task.Run(() => DevelopmentTokens.RequestAsync(_tokenClient, GatewayUrl, DevClientSecret, role, org, scopeList, subject))
            .GetAwaiter().GetResult();
        lock (_tokens) _tokens[key] = (token, DateTime.UtcNow);
        return token;
    }

    public static HttpClient Client(string baseUrl, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Operator() => Gateway(PartyRoles.Operator, Guid.Empty);

    /// <summary>The DCP ids of a resource's instances (<c>members-xk2p9d</c> …), in a stable order.</summary>
    public IReadOnlyList<string> InstancesOf(string resource)
    {
        lock (_instances)
        {
            return _instances.TryGetValue(resource, out var ids) && ids.Count > 0
                ? ids.Order().ToList()
                : throw new InvalidOperationException($"No instance of {resource} has been seen.");
        }
    }

    /// <summary>Records every instance id the app host reports (Aspire does not expose the replicas' ids otherwise).</summary>
    private async Task WatchInstancesAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var e in App.ResourceNotifications.WatchAsync(ct))
            {
                lock (_instances)
                {
                    if (!_instances.TryGetValue(e.Resource.Name, out var ids)) _instances[e.Resource.Name] = ids = [];
                    ids.Add(e.ResourceId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The current snapshot of one instance.</summary>
    public CustomResourceSnapshot Snapshot(string instanceId) =>
        App.ResourceNotifications.TryGetCurrentState(instanceId, out var e)
            ? e.Snapshot
            : throw new InvalidOperationException($"No state for {instanceId}.");

    /// <summary>http://127.0.0.1:PORT where this instance itself listens (behind the replicas' proxy).</summary>
    public string InstanceUrl(string instanceId) =>
        Snapshot(instanceId).EnvironmentVariables.Single(v => v.Name == "ASPNETCORE_URLS").Value!.Split(';')[0]
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

    /// <summary>
    /// kill -9 the service process of an instance (<c>honors</c>, or <c>members-2</c> for the second replica) and waits
    /// until the app host saw it exit; the app host starts it again by itself. Returns the id of the killed instance.
    /// </summary>
    public async Task<string> KillAsync(string resource)
    {
        var dash = resource.LastIndexOf('-');
        var (name, n) = dash > 0 && int.TryParse(resource[(dash + 1)..], out var k) ? (resource[..dash], k) : (resource, 1);
        var id = InstancesOf(name)[n - 1];
        var launcher = PidOf(id);
        var pid = ProcessTree.ServiceProcessOf(launcher);
        using (var process = Process.GetProcessById(pid)) process.Kill(); // SIGKILL
        // Seen by the app host once the instance left Running, or already runs as a new process.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await App.ResourceNotifications.WaitForResourceAsync(name,
            e => e.ResourceId == id
                && (e.Snapshot.State?.Text != KnownResourceStates.Running || PidOrNull(e.Snapshot) is { } p && p != launcher),
            timeout.Token);
        return id;
    }

    public int PidOf(string instanceId) => PidOrNull(Snapshot(instanceId))
        ?? throw new InvalidOperationException($"{instanceId} has no process id (state {Snapshot(instanceId).State?.Text}).");

    private static int? PidOrNull(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int i => i,
            long l => (int)l,
            string s when int.TryParse(s, out var i) => i,
            _ => null,
        };

    /// <summary>Stops the broker through the app host (Stop in the dashboard) and waits until it has stopped.</summary>
    public async Task StopRabbitMqAsync()
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync("rabbitmq", KnownResourceCommands.StopCommand);
        Assert.True(result.Success, result.Message);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await App.ResourceNotifications.WaitForResourceAsync("rabbitmq", KnownResourceStates.TerminalStates, timeout.Token);
    }

    /// <summary>Starts the broker again (same ports, same data) and waits until its management API answers.</summary>
    public async Task StartRabbitMqAsync()
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync("rabbitmq", KnownResourceCommands.StartCommand);
        Assert.True(result.Success, result.Message);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await App.ResourceNotifications.WaitForResourceHealthyAsync("rabbitmq", timeout.Token);
    }

    /// <summary>
    /// Moves the business clock of every instance of <paramref name="service"/> to now + <paramref name="days"/>
    /// (each replica keeps its own clock, so this goes to each instance directly, not through the gateway).
    /// </summary>
    public async Task SetClockAsync(string service, double days)
    {
        foreach (var instance in InstancesOf(service))
        {
            using var client = Client(InstanceUrl(instance), Token(PartyRoles.Operator, Guid.Empty));
            var response = await client.PutAsJsonAsync($"/api/{service}/testing/clock", new { offsetDays = days });
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException(
                    $"{instance}: setting the clock answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _watching;
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        await AppHostRun.DeleteStateDirAsync(_stateDir);
        _tokenClient.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
