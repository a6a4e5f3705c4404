using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Party.Common;
using Party.Contracts.Members;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Persistence.Jobs;
using Party.ServiceDefaults.Idempotency;

namespace Party.Members.Jobs;

/// <summary>
/// Daily lost-contact check (失联, §3.1): members with no organization life and no dues for ≥ N months
/// (default 6) become lostContact. Inputs: <see cref="Member.LastOrganizationLifeOn"/> (meeting attendance,
/// kept by the meeting consumer) and <see cref="Member.LastDuesPaidOn"/> (dues payments recorded here).
/// Checked periodically so a replica that was down catches up; an advisory lock and the day's run row
/// make it happen once per day.
/// </summary>
public sealed class LostContactJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<LostContactJob> log)
    : PeriodicJob(scopes, clock, config, log)
{
    protected override string Name => "Lost-contact check";
    protected override string IntervalSecondsKey => "Party:Members:LostContactCheckSeconds";
    protected override TimeSpan DefaultInterval => TimeSpan.FromSeconds(900);

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var db = scoped.GetRequiredService<MembersDbContext>();
        var today = Clock.Today();
        if (await LostContactCheck.RunAsync(db, today, Clock.GetUtcNow(), ct) is { } marked)
            Log.LogInformation("Lost-contact check for {Day}: {Marked} members marked", today, marked);
    }
}

public static class LostContactCheck
{
    private const long LockKey = 0x4D45_4C4F_5354; // "MELOST": this job's advisory-lock id.

    /// <summary>Runs the day's check unless it already ran; returns how many members it marked, or null when it did not run.</summary>
    public static async Task<int?> RunAsync(MembersDbContext db, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var settings = await CountySettings.MemberRulesOnAsync(db, today, ct);
        var cutoff = LostContactRule.Cutoff(today, settings.LostContactMonths);
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(ct);
        if (!locked) return null;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO lost_contact_runs (day, marked, ran_at) VALUES ({today}, 0, {now}) ON CONFLICT DO NOTHING", ct);
        if (inserted == 0) return null;
        // LostContactRule.IsLost, set-based: the status change, its audit entry and its event in one statement.
        var marked = await db.Database.ExecuteSqlRawAsync(MarkSql,
            new NpgsqlParameter("cutoff", NpgsqlDbType.Date) { Value = cutoff },
            new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now },
            new NpgsqlParameter("reason", NpgsqlDbType.Text)
            {
                Value = $"连续 {settings.LostContactMonths} 个月以上未参加组织生活且未缴纳党费（截至 {cutoff:yyyy-MM-dd}）",
            });
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE lost_contact_runs SET marked = {marked} WHERE day = {today}", ct);
        await tx.CommitAsync(ct);
        return marked;
    }

    private static readonly string MarkSql = $"""
            WITH candidates AS (
                SELECT id, status AS from_status FROM members
                WHERE stage IN ('Probationary', 'Full') AND status IN ('Active', 'Mobile')
                  AND COALESCE(last_organization_life_on, (created_at AT TIME ZONE 'Asia/Shanghai')::date) <= @cutoff
                  AND COALESCE(last_dues_paid_on, (created_at AT TIME ZONE 'Asia/Shanghai')::date) <= @cutoff
                FOR UPDATE),
            changed AS (
                UPDATE members m SET status = 'LostContact', updated_at = @now
                FROM candidates c WHERE m.id = c.id
                RETURNING m.id, m.branch_id, m.org_path, c.from_status),
            audited AS (
                INSERT INTO audit_entries (at, actor, actor_name, entity, entity_id, action, "from", "to", reason, org_path)
                SELECT @now, 'system', 'system', '{AuditEntities.Member}', id::text, 'status_changed', from_status, 'LostContact', @reason,
                    org_path FROM changed)
            INSERT INTO outbox_messages (message_id, type, body, created_at, attempts)
            SELECT gen_random_uuid(), '{typeof(MemberStatusChanged).FullName}',
                   json_build_object('memberId', id, 'branchId', branch_id,
                       'fromStatus', lower(left(from_status, 1)) || substr(from_status, 2), 'toStatus', 'lostContact',
                       'reason', @reason, 'occurredAt', @now),
                   @now, 0
            FROM changed
            """;
}
