using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Party.AppHost.Servers;

/// <summary>RabbitMQ 3.10 from the Debian package, with the management plugin (queue depths, virtual hosts for tests)
/// and the shovel plugin (moving <c>_error</c> messages back to their queue).</summary>
public sealed class RabbitMqServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "amqp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}

/// <summary>Where the broker's management HTTP API is, with its credentials: what the operator commands and tests use.</summary>
public sealed record RabbitMqManagement(Uri BaseAddress, string User, string Password)
{
    public HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return http;
    }

    public static RabbitMqManagement From(string uri, string? amqp = null)
    {
        // credentials: those in the management URI if given, else those of the AMQP URI, else guest/guest
        var userInfo = new[] { uri, amqp }
            .Select(u => u is null ? "" : new Uri(u).UserInfo)
            .FirstOrDefault(i => i.Length > 0) ?? "guest:guest";
        var parts = Uri.UnescapeDataString(userInfo).Split(':', 2);
        var address = new Uri(uri);
        return new RabbitMqManagement(
            new Uri($"{address.Scheme}://{address.Host}:{address.Port}/"), parts[0], parts.Length > 1 ? parts[1] : "");
    }
}

public static class RabbitMqServerExtensions
{
    private const string Bin = "/usr/lib/rabbitmq/bin";

    /// <summary>
    /// The broker with its own <c>epmd</c> (a foreground child resource on a private port, so nothing outlives the run),
    /// or the one given as <c>ConnectionStrings:rabbitmq</c> (then neither started nor stopped).
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMqServer(
        this IDistributedApplicationBuilder builder, string name, PartySettings party, out RabbitMqManagement management)
    {
        if (builder.Configuration.GetConnectionString(name) is { Length: > 0 } existing)
        {
            var given = builder.Configuration.GetConnectionString(name + "-management")
                ?? builder.Configuration.GetConnectionString(name + "_management")
                ?? $"http://{new Uri(existing).Host}:15672";
            management = RabbitMqManagement.From(given, existing);
            builder.Services.AddHealthChecks().AddCheck(name + "-ready", new ManagementCheck(management));
            return builder.AddConnectionString(name).WithHealthCheck(name + "-ready");
        }

        var ports = party.Ports;
        management = new RabbitMqManagement(new Uri($"http://127.0.0.1:{ports.RabbitMqManagement}/"), "guest", "guest");
        var dir = Path.Combine(party.StateDir, "rabbitmq");
        var home = Path.Combine(dir, "home");
        foreach (var d in new[] { dir, home, Path.Combine(dir, "log") }) Directory.CreateDirectory(d);
        File.WriteAllText(Path.Combine(dir, "rabbitmq.conf"), $"""
            management.tcp.port = {ports.RabbitMqManagement}
            management.tcp.ip = 127.0.0.1
            loopback_users = none
            disk_free_limit.absolute = 50MB
            log.console = true
            log.console.level = info
            log.file = false

            """);
        File.WriteAllText(Path.Combine(dir, "enabled_plugins"), "[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].\n");
        File.WriteAllText(Path.Combine(dir, "rabbitmq-env.conf"), "# empty: the app host sets everything in the environment\n");

        StopStrayEpmd(ports.Epmd);
        var epmd = builder.AddExecutable(name + "-epmd", "/usr/bin/epmd", dir, "-port", ports.Epmd.ToString(), "-address", "127.0.0.1")
            .WithEndpoint(port: ports.Epmd, targetPort: ports.Epmd, name: "tcp", scheme: "tcp", isProxied: false);
        builder.Services.AddHealthChecks().AddCheck(name + "-epmd-ready", new EpmdCheck(ports.Epmd));
        epmd.WithHealthCheck(name + "-epmd-ready");

        builder.Services.AddHealthChecks().AddCheck(name + "-ready", new ManagementCheck(management));
        var rabbit = builder.AddResource(new RabbitMqServerResource(name, Path.Combine(Bin, "rabbitmq-server"), dir))
            .WithEndpoint(port: ports.RabbitMq, targetPort: ports.RabbitMq, name: "amqp", scheme: "amqp", isProxied: false)
            .WithEndpoint(port: ports.RabbitMqManagement, targetPort: ports.RabbitMqManagement, name: "management", scheme: "http",
                isProxied: false)
            .WithEnvironment("HOME", home)
            .WithEnvironment("RABBITMQ_NODENAME", "party-" + ports.RabbitMq + "@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", ports.RabbitMq.ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", ports.RabbitMqDist.ToString())
            .WithEnvironment("ERL_EPMD_PORT", ports.Epmd.ToString())
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(dir, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(dir, "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(dir, "rabbitmq.conf"))
            .WithEnvironment("RABBITMQ_ADVANCED_CONFIG_FILE", Path.Combine(dir, "advanced.config"))
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", Path.Combine(dir, "rabbitmq-env.conf"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(dir, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(dir, "rabbitmq.pid"))
            // -start_epmd false: an Erlang VM that finds no epmd starts `epmd -daemon` itself, which outlives the run (seen
            // when the run's epmd was stopped first at shutdown). This broker only ever uses the run's own epmd.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false")
            .WithEnvironment("RABBITMQ_CTL_ERL_ARGS", "-start_epmd false")
            // Every other Erlang VM the broker starts too: when its epmd monitor finds the registration gone (the run's epmd
            // stopped first at shutdown) it starts a helper VM to "ensure epmd", which without this started `epmd -daemon`
            // on the run's port, outliving the run (SecondRunTests caught one; the next ./party run then never started).
            .WithEnvironment("ERL_AFLAGS", "-start_epmd false")
            .WithIconName("Mailbox")
            .WaitFor(epmd)
            // The management API answers only once the broker has booted: that, not the AMQP port, is "ready".
            .WithHealthCheck(name + "-ready")
            .WithUrlForEndpoint("management", u => u.DisplayText = "management (guest/guest)");
        epmd.WithParentRelationship(rabbit);
        return rabbit;
    }

    private sealed class ManagementCheck(RabbitMqManagement management) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                using var http = management.Client();
                http.Timeout = TimeSpan.FromSeconds(5);
                using var response = await http.GetAsync("api/overview", ct);
                return response.IsSuccessStatusCode
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"management API answered {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }

    /// <summary>
    /// An epmd still on this run's port is a leftover of an earlier run (an <c>epmd -daemon</c> that outlived its broker was
    /// seen after runs stopped on a loaded machine): the run's own epmd could not listen, and the broker, which waits for it,
    /// never started. <c>epmd -kill</c> asks it to stop; it only does when no node is registered, so a live broker's is safe.
    /// </summary>
    private static void StopStrayEpmd(int port)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("/usr/bin/epmd", ["-port", port.ToString(), "-kill"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (kill is not null && !kill.WaitForExit(TimeSpan.FromSeconds(5))) kill.Kill();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No epmd binary: the broker's own start reports that.
        }
    }

    /// <summary>Asks epmd for its registered names (NAMES_REQ): an answer in epmd's protocol, not just an open port.</summary>
    private sealed class EpmdCheck(int port) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                using var client = new TcpClient();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await client.ConnectAsync("127.0.0.1", port, timeout.Token);
                var stream = client.GetStream();
                await stream.WriteAsync(new byte[] { 0, 1, 110 }, timeout.Token);
                var reply = new byte[4];
                await stream.ReadExactlyAsync(reply, timeout.Token);
                var answeredPort = (reply[0] << 24) | (reply[1] << 16) | (reply[2] << 8) | reply[3];
                return answeredPort == port
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"epmd answered port {answeredPort}");
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }
}
