using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Party.AppHost.Servers;

namespace Party.AppHost.Operations;

/// <summary>
/// Servers-only mode (<c>./party test</c>): once every server is healthy, writes the lines
/// <c>ConnectionStrings__postgres|rabbitmq|rabbitmq-management|redis=…</c> to a file, which the test
/// projects get as their environment. The file appears whole (written aside, then moved) and only when all are ready.
/// </summary>
public static class ConnectionStringsFile
{
    public static void WriteConnectionStringsWhenHealthy(this IDistributedApplicationBuilder builder, PartySettings party,
        RabbitMqManagement management, params IResourceBuilder<IResourceWithConnectionString>[] servers)
    {
        var path = party.EnvFile ?? throw new InvalidOperationException("servers mode needs --env-file PATH.");
        builder.Services.AddHostedService(sp => new Writer(sp.GetRequiredService<ResourceNotificationService>(), path, management,
            servers.Select(s => s.Resource).ToArray()));
    }

    private sealed class Writer(ResourceNotificationService notifications, string path, RabbitMqManagement management,
        IResourceWithConnectionString[] servers) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken ct)
        {
            await Task.WhenAll(servers.Select(s => notifications.WaitForResourceHealthyAsync(s.Name, ct)));
            var lines = new List<string>();
            foreach (var server in servers)
                lines.Add($"ConnectionStrings__{server.Name}={await server.GetConnectionStringAsync(ct)}");
            var mgmt = new UriBuilder(management.BaseAddress) { UserName = management.User, Password = management.Password };
            lines.Add($"ConnectionStrings__rabbitmq-management={mgmt.Uri.ToString().TrimEnd('/')}");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllLinesAsync(path + ".tmp", lines, ct);
            File.Move(path + ".tmp", path, overwrite: true);
            Console.WriteLine($"[party] servers ready: {path}");
        }
    }
}
