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

    public async Task<(string? Json, RollCacheSlot Slot)> GetAsync(string suffix)
    {
        var (ok, found) = await redis.TryAsync("honor roll read", async db =>
        {
            var generation = (long?)await db.StringGetAsync(GenerationKey) ?? 0;
            var key = $"honors:roll:{generation}:{suffix}";
            var json = await db.StringGetAsync(key);
            return (Json: json.HasValue ? json.ToString() : null, Key: key);
        });
        if (ok) return (found.Json, new RollCacheSlot(found.Key, Local: false));
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

    /// <summary>Call only after the award or revocation committed.</summary>
    public async Task InvalidateAsync()
    {
        Interlocked.Increment(ref _localGeneration);
        var (ok, _) = await redis.TryAsync("honor roll invalidation", db => db.StringIncrementAsync(GenerationKey));
        // Entries expire on their own; the lifetime bounds how long a stale page can live if Redis comes back.
        if (!ok && redis.Configured) log.LogError("Honor-roll cache could not be invalidated: stale pages may be served for up to {Minutes} min", Lifetime.TotalMinutes);
    }

    public void Dispose() => _local.Dispose();
}
