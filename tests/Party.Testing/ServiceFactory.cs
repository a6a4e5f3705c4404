using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Party.ServiceDefaults.Auth;
using Xunit;

namespace Party.Testing;

/// <summary>
/// One service in-process against the real servers, with a database and a RabbitMQ virtual host
/// of its own that are dropped afterwards. Use one per test class (<c>IClassFixture</c>).
/// </summary>
public class ServiceFactory<TProgram>(string database) : WebApplicationFactory<TProgram>, IAsyncLifetime where TProgram : class
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    private string? _rabbit;
    private bool _kestrel;

    public string DatabaseName => $"t_{_suffix}_{database}";
    public string VirtualHost => $"t_{_suffix}";
    public string ConnectionString => TestServers.DatabaseConnection(DatabaseName);

    /// <summary>
    /// Call from a subclass's constructor to serve on a real Kestrel port instead of the in-memory test server, for
    /// tests of what happens on the connection itself (<see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>
    /// then talks to that port).
    /// </summary>
    protected void ServeOnKestrel()
    {
        UseKestrel(0);
        _kestrel = true;
    }

    /// <summary>The RabbitMQ address the service is given (a subclass may put a relay in front of it).</summary>
    protected virtual string RabbitMqFor(string virtualHostUri) => virtualHostUri;

    /// <summary>Hook for a test class to swap services (e.g. a fake clock).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services) { }

    public virtual async Task InitializeAsync()
    {
        await TestServers.CreateDatabaseAsync(DatabaseName);
        _rabbit = await TestServers.CreateVirtualHostAsync(VirtualHost);
        // Forces the host to start now: migrations run before the first test.
        if (_kestrel) StartServer();
        else _ = Server;
        // Starting the host does not wait for the consumers' queues to be bound, and an event
        // published before that is dropped by the exchange: tests begin once every endpoint is ready.
        var bus = Services.GetService<IBusControl>();
        if (bus is not null)
            await Eventually.TrueAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy),
                TimeSpan.FromSeconds(30), "every receive endpoint ready");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{database}", ConnectionString);
        builder.UseSetting("ConnectionStrings:rabbitmq",
            RabbitMqFor(_rabbit ?? throw new InvalidOperationException("InitializeAsync first")));
        builder.UseSetting("ConnectionStrings:redis", TestServers.Redis);
        TestTokens.ConfigureHost(builder);
        builder.ConfigureTestServices(ConfigureTestServices);
    }

    /// <summary>An HTTP client carrying a token for the given role and org unit.</summary>
    public HttpClient ClientFor(string role, Guid org, params string[] scopes)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Mint(role, org, scopes));
        return client;
    }

    public HttpClient OperatorClient() => ClientFor(PartyRoles.Operator, Guid.Empty);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await TestServers.DropDatabaseAsync(DatabaseName);
        await TestServers.DeleteVirtualHostAsync(VirtualHost);
        await DisposeOwnServersAsync();
    }

    /// <summary>Hook for a subclass that started servers of its own (after the host has stopped).</summary>
    protected virtual ValueTask DisposeOwnServersAsync() => ValueTask.CompletedTask;
}

public static class Tokens
{
    public static string Mint(string role, Guid org, params string[] scopes) =>
        TestTokens.Mint($"{role}-{org:N}", role, org, scopes);
}
