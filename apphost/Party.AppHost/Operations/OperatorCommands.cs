using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Party.AppHost.Servers;

namespace Party.AppHost.Operations;

/// <summary>The operators' hand tasks as dashboard commands (also callable with <c>aspire resource NAME COMMAND</c>).</summary>
public static class OperatorCommands
{
    public const string RequeueErrors = "requeue-errors";
    public const string ResetData = "reset-data";

    public static void AddOperatorCommands(this IDistributedApplicationBuilder builder, RabbitMqManagement management,
        IResourceBuilder<IResourceWithConnectionString> redis, IResourceBuilder<PostgresDatabaseResource>[] databases,
        IResourceBuilder<ProjectResource>[] services)
    {
        foreach (var service in services)
        {
            var name = service.Resource.Name;
            service.WithCommand(RequeueErrors, "错误消息移回原队列",
                async _ =>
                {
                    var (moved, queues) = await MoveErrorMessagesBackAsync(management, name);
                    return queues == 0
                        ? CommandResults.Failure($"{name} 的 _error 队列里没有消息。")
                        : CommandResults.Success();
                },
                new CommandOptions
                {
                    Description = $"修复之后，把 {name} 各 _error 队列中的消息移回原来的队列重新处理（RabbitMQ shovel，消息头保留）。",
                    IconName = "ArrowReply",
                    ConfirmationMessage = $"把 {name} 的错误消息移回原队列，重新投递给消费者？",
                });
        }

        if (!builder.Environment.IsDevelopment()) return;
        var first = databases[0];
        first.WithCommand(ResetData, "清空全部数据并重新开始",
            async context =>
            {
                var commands = context.Services.GetRequiredService<ResourceCommandService>();
                foreach (var service in services)
                    await commands.ExecuteCommandAsync(service.Resource, KnownResourceCommands.StopCommand, context.CancellationToken);
                foreach (var database in databases)
                    await RecreateDatabaseAsync(
                        await ((IResourceWithConnectionString)database.Resource).GetConnectionStringAsync(context.CancellationToken),
                        context.CancellationToken);
                await PurgeBrokerAsync(management);
                await RedisServerExtensions.CommandAsync(
                    (await redis.Resource.GetConnectionStringAsync(context.CancellationToken))!, "FLUSHALL", 5, context.CancellationToken);
                foreach (var service in services)
                    await commands.ExecuteCommandAsync(service.Resource, KnownResourceCommands.StartCommand, context.CancellationToken);
                return CommandResults.Success();
            },
            new CommandOptions
            {
                Description = "仅限开发环境：停止各服务，删除并重建四个数据库，清空 RabbitMQ 队列和 Redis，再启动各服务（迁移重新执行）。",
                IconName = "DeleteDismiss",
                ConfirmationMessage = "删除所有数据（党员、组织、驻村干部、表彰）并重新开始？此操作不可撤销。",
            });
    }

    /// <summary>
    /// Moves every message of the service's <c>&lt;queue&gt;_error</c> queues back to <c>&lt;queue&gt;</c> with a dynamic
    /// shovel that deletes itself once it has moved the queue's length — the broker's own way, headers kept.
    /// </summary>
    public static async Task<(long Moved, int Queues)> MoveErrorMessagesBackAsync(RabbitMqManagement management, string service)
    {
        using var http = management.Client();
        var queues = await http.GetFromJsonAsync<JsonArray>("api/queues/%2F?columns=name,messages") ?? [];
        long moved = 0;
        var count = 0;
        foreach (var queue in queues)
        {
            var name = queue!["name"]!.GetValue<string>();
            var messages = queue["messages"]?.GetValue<long>() ?? 0;
            if (!name.StartsWith(service + "-", StringComparison.Ordinal) || !name.EndsWith("_error", StringComparison.Ordinal)
                || messages == 0)
                continue;
            var target = name[..^"_error".Length];
            var shovel = new
            {
                value = new Dictionary<string, object>
                {
                    ["src-protocol"] = "amqp091", ["src-uri"] = "amqp://", ["src-queue"] = name,
                    ["src-delete-after"] = "queue-length",
                    ["dest-protocol"] = "amqp091", ["dest-uri"] = "amqp://", ["dest-queue"] = target,
                },
            };
            using var response = await http.PutAsJsonAsync($"api/parameters/shovel/%2F/requeue-{name}", shovel);
            response.EnsureSuccessStatusCode();
            moved += messages;
            count++;
        }
        return (moved, count);
    }

    private static async Task RecreateDatabaseAsync(string? connectionString, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn))
            await drop.ExecuteNonQueryAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await create.ExecuteNonQueryAsync(ct);
    }

    private static async Task PurgeBrokerAsync(RabbitMqManagement management)
    {
        using var http = management.Client();
        var queues = await http.GetFromJsonAsync<JsonArray>("api/queues/%2F?columns=name") ?? [];
        foreach (var queue in queues)
            (await http.DeleteAsync($"api/queues/%2F/{Uri.EscapeDataString(queue!["name"]!.GetValue<string>())}"))
                .EnsureSuccessStatusCode();
    }
}
