using Microsoft.Extensions.Caching.Memory;
using Party.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Party.Honors.Data;

/// <summary>Where a roll page read from the database is to be kept: a Redis key, or this process's memory.</summary>
public sealed record RollCacheSlot(string Key, bool Local);

/// <summary>
/// Cache of honor-roll pages. Keys carry a generation number; an award or revocation bumps
/// the generation after its commit, so every cached page is dropped at once and a reader that
/// started before the commit can only fill a key of the old generation. Redis is reached through
/// <see cref="RedisGate"/>: when it is down, stalled or slow, a read gives up within a short timeout (or at
/// once while Redis is being skipped) and the roll is answered from the database — and kept in this process's
/// memory for <see cref="LocalLifetime"/>, so that a Redis outage does not turn every read of the public roll
/// into database queries (the roll stays within twice its normal latency). A page kept locally can lag an award
/// made through another replica by at most that lifetime; one made through this replica drops it at once.
/// </summary>
public sealed class HonorRollCache(RedisGate redis, ILogger<HonorRollCache> log) : IDisposable
{
    private const string GenerationKey = "honors:roll:gen";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan LocalLifetime = TimeSpan.FromSeconds(10);
    private readonly MemoryCache _local = new(new MemoryCacheOptions { SizeLimit = 2000 });
    private long _localGeneration;
    // Invalidations asked for, and how many of them a bump that reached Redis covers.
    private long _requested;
    private long _settled;
    private int _retrying;
    private readonly CancellationTokenSource _stopping = new();

    public async Task<(string? Json, RollCacheSlot Slot)> GetAsync(string suffix)
    {
        // Until a missed invalidation reaches Redis, its pages may predate an award: this process answers from its own.
        if (InvalidationOwed) return LocalGet(suffix);
        var (ok, found) = await redis.TryAsync("honor roll read", async db =>
        {
            var generation = (long?)await db.StringGetAsync(GenerationKey) ?? 0;
            var key = $"honors:roll:{generation}:{suffix}";
            var json = await db.StringGetAsync(key);
            return (Json: json.HasValue ? json.ToString() : null, Key: key);
        });
        return ok ? (found.Json, new RollCacheSlot(found.Key, Local: false)) : LocalGet(suffix);
    }

    private (string? Json, RollCacheSlot Slot) LocalGet(string suffix)
    {
        var local = $"{Interlocked.Read(ref _localGeneration)}:{suffix}";
        return (_local.TryGetValue(local, out string? page) ? page : null, new RollCacheSlot(local, Local: true));
    }

    public async Task SetAsync(RollCacheSlot slot, string json)
    {
        if (slot.Local)
        {
            _local.Set(slot.Key, json, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = LocalLifetime, Size = 1 });
            return;
        }
        await redis.TryAsync("honor roll fill", db => db.StringSetAsync(slot.Key, json, Lifetime));
    }

    /// <summary>
    /// Call only after the award or revocation committed. When Redis does not take the new generation (slow, down, or
    /// being skipped after a blip), the bump is owed and retried every <see cref="RedisGate.BreakDuration"/> until it
    /// lands: a page cached before the award must not be served for the rest of its 10-minute lifetime.
    /// </summary>
    public async Task InvalidateAsync()
    {
        Interlocked.Increment(ref _localGeneration);
        if (!redis.Configured) return;
        Interlocked.Increment(ref _requested);
        if (await TryBumpAsync()) return;
        StartRetrying();
    }

    private void StartRetrying()
    {
        if (_stopping.IsCancellationRequested || Interlocked.Exchange(ref _retrying, 1) != 0) return;
        log.LogWarning("Honor-roll cache generation not bumped in Redis; retrying every {Seconds} s "
            + "(this process answers from its own cache meanwhile)",
            redis.BreakDuration.TotalSeconds);
        _ = Task.Run(async () =>
        {
            try
            {
                do await Task.Delay(redis.BreakDuration, _stopping.Token);
                while (!await TryBumpAsync());
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Volatile.Write(ref _retrying, 0);
            }
            // An invalidation that failed while this loop was ending found it still running and left the debt to it.
            if (InvalidationOwed) StartRetrying();
        });
    }

    private bool InvalidationOwed => Interlocked.Read(ref _settled) < Interlocked.Read(ref _requested);

    /// <summary>Bumps the generation in Redis; true once every invalidation requested so far has reached it.</summary>
    private async Task<bool> TryBumpAsync()
    {
        var covering = Interlocked.Read(ref _requested);
        var (ok, _) = await redis.TryAsync("honor roll invalidation", db => db.StringIncrementAsync(GenerationKey));
        if (!ok) return false;
        long settled;
        while ((settled = Interlocked.Read(ref _settled)) < covering
            && Interlocked.CompareExchange(ref _settled, covering, settled) != settled)
        {
        }
        return !InvalidationOwed;
    }

    public void Dispose()
    {
        // Not disposed: a retry loop may still be reading its token as it ends.
        _stopping.Cancel();
        _local.Dispose();
    }
}
