using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Party.AppHost.Servers;

/// <summary>Redis 7 from the Debian package: the cache and the gateway's shared rate-limit store.</summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}

public static class RedisServerExtensions
{
    /// <summary>Redis with its data under the state directory, or the one given as <c>ConnectionStrings:redis</c>.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, string name,
        PartySettings party)
    {
        if (builder.Configuration.GetConnectionString(name) is { Length: > 0 } existing)
        {
            builder.Services.AddHealthChecks().AddCheck(name + "-ready", new PingCheck(existing));
            return builder.AddConnectionString(name).WithHealthCheck(name + "-ready");
        }

        var dir = Path.Combine(party.StateDir, "redis");
        Directory.CreateDirectory(dir);
        builder.Services.AddHealthChecks().AddCheck(name + "-ready", new PingCheck($"127.0.0.1:{party.Ports.Redis}"));
        return builder.AddResource(new RedisServerResource(name, "/usr/bin/redis-server", dir))
            .WithArgs("--port", party.Ports.Redis.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "no",
                "--appendonly", "no", "--save", party.Throwaway ? "" : "60 1")
            .WithEndpoint(port: party.Ports.Redis, targetPort: party.Ports.Redis, name: "tcp", scheme: "tcp", isProxied: false)
            .WithIconName("Memory")
            .WithHealthCheck(name + "-ready");
    }

    /// <summary>
    /// Sends one inline command to the Redis at <paramref name="connectionString"/> (<c>host:port[,options]</c>) and reads a
    /// reply of <paramref name="replyLength"/> bytes: enough for the app host's PING and FLUSHALL, without a client library.
    /// </summary>
    public static async Task<string> CommandAsync(string connectionString, string command, int replyLength, CancellationToken ct)
    {
        var endpoint = connectionString.Split(',')[0].Split(':');
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        await client.ConnectAsync(endpoint[0], endpoint.Length > 1 ? int.Parse(endpoint[1]) : 6379, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
        var reply = new byte[replyLength];
        await stream.ReadExactlyAsync(reply, timeout.Token);
        return Encoding.ASCII.GetString(reply);
    }

    /// <summary>PING → +PONG in Redis's protocol: proves a Redis answers, not just that something holds the port.</summary>
    private sealed class PingCheck(string connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                return await CommandAsync(connectionString, "PING", 7, ct) == "+PONG\r\n"
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("unexpected PING reply");
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }
}
