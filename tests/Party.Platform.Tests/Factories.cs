extern alias gateway;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Party.ServiceDefaults.Redis;
using Party.Testing;
using Party.ServiceDefaults;

namespace Party.Platform.Tests;

/// <summary>The branches service, in process against the real servers.</summary>
public class BranchesFactory() : ServiceFactory<Program>(Party.Branches.Extensions.Database);

/// <summary>Branches with Redis unreachable (a closed port).</summary>
public sealed class RedisGoneBranchesFactory : BranchesFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:redis", $"127.0.0.1:{FreePorts.Next()}");
    }
}

/// <summary>Branches on a real Kestrel port: what happens on the connection itself.</summary>
public sealed class KestrelBranchesFactory : BranchesFactory
{
    public KestrelBranchesFactory() => ServeOnKestrel();
}

/// <summary>
/// Branches reaching RabbitMQ through a relay the test can freeze (a frozen broker, as seen by its clients), and
/// its own Redis that the test can SIGSTOP; probes every half second so health follows within a second or two.
/// </summary>
public sealed class FreezableBranchesFactory : BranchesFactory
{
    private FreezableRelay? _broker;
    public FreezableRelay Broker => _broker ?? throw new InvalidOperationException("not started");
    public OwnRedis Redis { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Redis = await OwnRedis.StartAsync();
        await base.InitializeAsync();
    }

    protected override string RabbitMqFor(string virtualHostUri)
    {
        var uri = new Uri(virtualHostUri);
        _broker ??= new FreezableRelay(uri.Host, uri.Port);
        return new UriBuilder(uri) { Port = _broker.Port }.Uri.ToString();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:redis", Redis.ConnectionString);
        builder.UseSetting("Party:Messaging:ErrorQueuePollSeconds", "0.5");
        builder.UseSetting("Party:Messaging:BrokerProbeTimeoutSeconds", "1");
    }

    protected override async ValueTask DisposeOwnServersAsync()
    {
        if (_broker is not null) await _broker.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>
/// The real gateway on a real Kestrel port, with a Redis of its own (so a test can stall it) and the service
/// addresses a test gives it; active health probes every second.
/// </summary>
public sealed class GatewayFactory(OwnRedis redis, IReadOnlyDictionary<string, string> services,
    IReadOnlyDictionary<string, string>? settings)
    : WebApplicationFactory<gateway::Program>
{
    /// <summary>
    /// For tests of what Redis counts (not of how the gateway copes without it): a Redis call may take this long before
    /// the count fails open. Under the default 200 ms budget a machine busy with other tests answers some calls late,
    /// they go uncounted by design, and an exact count is off by those.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> CountEveryCall =
        new Dictionary<string, string> { [$"{RedisGate.Section}:OperationTimeoutMs"] = "5000" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:redis", redis.ConnectionString);
        TestTokens.ConfigureHost(builder);
        builder.UseSetting("Gateway:HealthCheckIntervalSeconds", "1");
        builder.UseSetting("Gateway:HealthCheckTimeoutSeconds", "1");
        foreach (var (name, address) in services) builder.UseSetting($"services:{name}:http:0", address);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    public static GatewayFactory Start(OwnRedis redis, IReadOnlyDictionary<string, string> services,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new GatewayFactory(redis, services, settings);
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }
}
