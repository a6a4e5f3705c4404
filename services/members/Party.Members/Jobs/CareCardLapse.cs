using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Party.Common;
using Party.Members.Data;
using Party.Persistence.Jobs;

namespace Party.Members.Jobs;

public sealed record LapseSummary(int Year, int Cards, long PointsLapsed);

/// <summary>Year-end lapse (年末清零) of care-card points: one set-based statement, idempotent (a lapsed card is not touched again).</summary>
public static class CareCardLapse
{
    public static async Task<LapseSummary> LapseAsync(MembersDbContext db, int year, string orgPrefix, string actor, DateTimeOffset now,
        CancellationToken ct)
    {
        // Joins the caller's transaction when there is one (the job holds its advisory lock in it).
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var cmd = new NpgsqlCommand("""
            WITH lapsed AS (
                UPDATE care_cards SET points_lapsed = balance, balance = 0, status = 'Lapsed', lapsed_at = @now
                WHERE year = @year AND status = 'Active' AND org_path LIKE @prefix || '%'
                RETURNING id, org_path, points_lapsed),
            audited AS (
                INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
                SELECT @now, @actor, @actor, 'care_card', id::text, 'lapsed', 'Active', 'Lapsed', points_lapsed::text || ' 积分作废',
                    org_path FROM lapsed
                RETURNING 1)
            SELECT COUNT(*), COALESCE(SUM(points_lapsed), 0)::bigint FROM lapsed
            """, conn, (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("year", year);
        cmd.Parameters.AddWithValue("prefix", orgPrefix);
        cmd.Parameters.AddWithValue("actor", actor);
        LapseSummary result;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            result = new LapseSummary(year, (int)r.GetInt64(0), r.GetInt64(1));
        }
        if (own is not null)
        {
            await own.CommitAsync(ct);
            await own.DisposeAsync();
        }
        return result;
    }
}

/// <summary>Lapses last year's cards once the year is over; runs hourly, once across replicas (advisory lock), idempotent.</summary>
public sealed class CareCardLapseJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<CareCardLapseJob> log)
    : PeriodicJob(scopes, clock, config, log)
{
    private const long LockKey = 0x4341524443415244; // "CARDCARD"

    protected override string Name => "Care-card lapse";
    protected override TimeSpan DefaultInterval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var db = scoped.GetRequiredService<MembersDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(ct);
        if (locked)
        {
            var lastYear = Clock.Today().Year - 1;
            var result = await CareCardLapse.LapseAsync(db, lastYear, "/", "system", Clock.GetUtcNow(), ct);
            if (result.Cards > 0)
                Log.LogInformation("Lapsed {Cards} care cards of {Year} ({Points} points)", result.Cards, result.Year, result.PointsLapsed);
        }
        await tx.CommitAsync(ct);
    }
}
