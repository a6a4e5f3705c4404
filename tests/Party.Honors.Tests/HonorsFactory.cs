using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests;

/// <summary>The honors service against the real servers, with a clock tests can move forward (timers stay real).</summary>
public class HonorsFactory() : ServiceFactory<Program>(Extensions.Database)
{
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>A client whose token outlives any clock shift; <paramref name="subject"/> names a bureau client.</summary>
    public HttpClient Client(string role, Guid org, string? subject = null, params string[] scopes)
    {
        var client = CreateClient();
        var token = TestTokens.Mint(subject ?? $"{role}-{org:N}", role, org, scopes, lifetime: TimeSpan.FromDays(60));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Bureau(string subject, Guid county) => Client(PartyRoles.Bureau, county, subject, "honors.review");

    public IBus Bus => Services.GetRequiredService<IBus>();
}

/// <summary>The honors service with Redis unreachable (a closed port).</summary>
public sealed class RedisDownHonorsFactory : HonorsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:redis", "127.0.0.1:1");
    }
}

/// <summary>The honors service with a Redis of its own, which a test may stall (SIGSTOP) without disturbing other tests.</summary>
public sealed class OwnRedisHonorsFactory : HonorsFactory
{
    public OwnRedis Redis { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Redis = await OwnRedis.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:redis", Redis.ConnectionString);
    }

    protected override ValueTask DisposeOwnServersAsync() => Redis.DisposeAsync();
}
