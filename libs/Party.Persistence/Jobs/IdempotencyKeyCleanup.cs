using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Party.ServiceDefaults.Idempotency;

namespace Party.Persistence.Jobs;

/// <summary>
/// Removes <c>Idempotency-Key</c> rows past their retention (<see cref="IdempotencyMiddleware.Retention"/>), set-based,
/// once an hour (any replica may; the delete is idempotent). The middleware already treats such a key as unknown; this
/// only keeps the table small.
/// </summary>
internal sealed class IdempotencyKeyCleanup(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config,
    ILogger<IdempotencyKeyCleanup> log) : PeriodicJob(scopes, clock, config, log)
{
    protected override string Name => "Removal of idempotency keys past retention";
    protected override TimeSpan DefaultInterval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var db = scoped.GetRequiredService<IdempotencyDb>().Db;
        var cutoff = Clock.GetUtcNow() - IdempotencyMiddleware.Retention;
        var removed = await db.Set<IdempotencyKey>().Where(k => k.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        if (removed > 0) Log.LogInformation("Removed {Count} idempotency keys past retention", removed);
    }
}
