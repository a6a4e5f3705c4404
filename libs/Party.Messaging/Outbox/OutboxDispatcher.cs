using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Party.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so with
/// several replicas each row goes out through one of them; a row is marked sent only after the
/// broker confirmed it, so a crash in between re-publishes it with the same message id and the
/// consumers' inbox drops the copy.
/// </summary>
public sealed class OutboxDispatcher<TDb>(IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider clock,
    ILogger<OutboxDispatcher<TDb>> log) : BackgroundService where TDb : DbContext, IMessagingDbContext
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly Meter Meter = new("Party.Messaging");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("party.outbox.published");
    private static readonly Dictionary<string, Type?> Types = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (backoff > TimeSpan.Zero) await Task.Delay(backoff, clock, stoppingToken);
                else await signal.WaitAsync(PollInterval, stoppingToken);

                int sent;
                do { sent = await DispatchBatchAsync(stoppingToken); } while (sent == BatchSize);
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
                log.LogWarning(e, "Outbox dispatch failed; retrying in {Backoff}", backoff);
            }
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.OutboxMessages
            .FromSqlRaw($"SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .AsTracking()
            .ToListAsync(ct);
        if (rows.Count == 0) return 0;

        var sent = 0;
        Exception? failure = null;
        foreach (var row in rows)
        {
            var type = ResolveType(row.Type);
            if (type is null)
            {
                row.Attempts++;
                row.LastError = $"unknown contract type {row.Type}";
                continue;
            }
            try
            {
                var message = JsonSerializer.Deserialize(row.Body, type, MessagingModel.Json)!;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await publisher.Publish(message, type, ctx => ctx.MessageId = row.MessageId, timeout.Token);
                row.SentAt = clock.GetUtcNow();
                sent++;
            }
            catch (Exception e)
            {
                row.Attempts++;
                row.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                failure = e;
                break;
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        Published.Add(sent);
        if (failure is not null) throw new InvalidOperationException("publishing to the broker failed", failure);
        return rows.Count;
    }

    private static Type? ResolveType(string name)
    {
        lock (Types)
        {
            if (!Types.TryGetValue(name, out var type))
            {
                type = typeof(Party.Contracts.Branches.OrgUnitRegistered).Assembly.GetType(name);
                Types[name] = type;
            }
            return type;
        }
    }
}
