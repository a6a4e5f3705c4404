using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace Party.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so with
/// several replicas each row goes out through one of them; a row is marked sent only after the
/// broker confirmed it, so a crash in between re-publishes it with the same message id and the
/// consumers' inbox drops the copy. The rows of a claim are published together and their confirms awaited together; one the
/// broker refused stays for the retry while the confirmed ones are marked; a second loop claims the rows committed meanwhile.
/// Each row is published under the trace of the request that wrote it; the polling itself is kept out of the traces (an idle
/// service would otherwise add a trace a second).
/// </summary>
public sealed class OutboxDispatcher<TDb>(IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider clock,
    ILogger<OutboxDispatcher<TDb>> log) : BackgroundService where TDb : DbContext, IMessagingDbContext
{
    private const int BatchSize = 200;

    // Two claim loops, so that rows committed while one batch waits for the broker's confirms go out at once in a second
    // batch instead of after it. The wait, not the CPU, was a single loop's cycle: ./party bench events, same session,
    // one loop against two: commit → sent p50 132 → 77 ms at 50 events/s and 1,103 → 311 ms at 150/s, with the same CPU
    // per event and 6–11 % more transactions in branches. Four loops went further at 150/s (160 ms) for 10–23 % more
    // transactions than one. SKIP LOCKED keeps the loops' claims apart as it does the replicas'; only the first polls, so an
    // idle service asks its database no more often than with one loop.
    private const int Loops = 2;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly Meter Meter = new("Party.Messaging");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("party.outbox.published", "{message}",
        "Integration events published from the outbox");
    private static readonly ActivitySource Source = new("Party.Messaging");
    private static readonly Dictionary<string, Type?> Types = new();
    private static readonly TimeSpan BacklogInterval = TimeSpan.FromSeconds(10);

    // Read every 10 s by one query on the partial index of unsent rows; a pending row older than a few seconds means
    // the broker or this dispatcher is stuck.
    private long _pending;
    private double _oldestSeconds;
    private long _backlogReadAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge("party.outbox.pending", () => Interlocked.Read(ref _pending), "{message}",
            "Outbox rows committed but not yet published");
        Meter.CreateObservableGauge("party.outbox.oldest_pending_age", () => Volatile.Read(ref _oldestSeconds), "s",
            "Age of the oldest unpublished outbox row");
        await Task.WhenAll(Enumerable.Range(0, Loops).Select(i => DispatchLoopAsync(polls: i == 0, stoppingToken)));
    }

    /// <summary>Claims and publishes batches whenever a commit signals; the loop that <paramref name="polls"/> also looks every
    /// second (rows a commit elsewhere wrote, a retry after a refusal) and reads the backlog gauges.</summary>
    private async Task DispatchLoopAsync(bool polls, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (backoff > TimeSpan.Zero) await Task.Delay(backoff, clock, stoppingToken);
                else await signal.WaitAsync(polls ? PollInterval : Timeout.InfiniteTimeSpan, stoppingToken);

                if (polls) await ReadBacklogAsync(stoppingToken);
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
                backoff = FailureBackoff.After(backoff);
                log.LogWarning(e, "Outbox dispatch failed; retrying in {Backoff}", backoff);
            }
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var publisher = scope.ServiceProvider.GetRequiredService<IOutboxPublisher>();
        var untraced = SuppressInstrumentationScope.Begin();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.OutboxMessages
            .FromSqlRaw($"SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .AsTracking()
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            // Rolled back, not committed: a commit wakes this dispatcher (OutboxSignalInterceptor), so committing an empty
            // claim made an idle service poll its database ~160 times a second instead of once.
            await tx.RollbackAsync(CancellationToken.None);
            untraced.Dispose();
            return 0;
        }
        untraced.Dispose();

        // All rows of the claim go to the broker at once and their confirms are awaited together: one at a time, each
        // waited for its confirm (a quorum-queue write on every queue bound to the event), which held a service to ~50
        // events a second. Consumers never rely on the order of events (ARCHITECTURE §5: version- or date-guarded
        // upserts, insert-once facts), and concurrent consumers and retries never kept it anyway.
        var publishing = new List<(OutboxMessage Row, Task Publish)>(rows.Count);
        foreach (var row in rows)
        {
            var type = ResolveType(row.Type);
            if (type is null)
            {
                row.Attempts++;
                row.LastError = $"unknown contract type {row.Type}";
                continue;
            }
            publishing.Add((row, PublishAsync(publisher, row, type, ct)));
        }
        try
        {
            await Task.WhenAll(publishing.Select(p => p.Publish));
        }
        catch
        {
            // Each row's own outcome is read below: a refused row stays for the retry, the confirmed ones are marked.
        }

        var sent = 0;
        Exception? failure = null;
        var now = clock.GetUtcNow();
        foreach (var (row, publish) in publishing)
        {
            if (publish.IsCompletedSuccessfully)
            {
                row.SentAt = now;
                sent++;
                continue;
            }
            var e = publish.Exception?.InnerException ?? new OperationCanceledException("publishing was cancelled");
            row.Attempts++;
            row.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            failure ??= e;
        }
        using (SuppressInstrumentationScope.Begin())
        {
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        Published.Add(sent);
        if (failure is not null) throw new InvalidOperationException("publishing to the broker failed", failure);
        return rows.Count;
    }

    /// <summary>
    /// One row's publish, under the trace of the request that wrote it; completes when the broker confirmed it. The stored
    /// context is read as a remote parent: for a request the sampler left out, OpenTelemetry then still creates the publish
    /// activity (unrecorded) and the message carries the "not sampled" decision on (<see cref="BusOutboxPublisher"/>). Read
    /// as a local parent it created none, so the broker client started a trace of its own at the ratio, and the five consumers
    /// recorded fragments without their request: half of all the spans the dashboard took in while org units were created.
    /// </summary>
    private static async Task PublishAsync(IOutboxPublisher publisher, OutboxMessage row, Type type, CancellationToken ct)
    {
        ActivityContext.TryParse(row.TraceParent, null, isRemote: true, out var parent);
        using var activity = Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId);
        try
        {
            var message = JsonSerializer.Deserialize(row.Body, type, MessagingModel.Json)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await publisher.PublishAsync(row, message, type, timeout.Token);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private async Task ReadBacklogAsync(CancellationToken ct)
    {
        var now = clock.GetTimestamp();
        if (_backlogReadAt != 0 && clock.GetElapsedTime(_backlogReadAt, now) < BacklogInterval) return;
        _backlogReadAt = now;
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var backlog = await db.OutboxMessages.Where(m => m.SentAt == null)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), Oldest = g.Min(m => m.CreatedAt) })
            .FirstOrDefaultAsync(ct);
        Interlocked.Exchange(ref _pending, backlog?.Count ?? 0);
        Volatile.Write(ref _oldestSeconds, backlog is null ? 0 : Math.Max(0, (clock.GetUtcNow() - backlog.Oldest).TotalSeconds));
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
