using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Members;
using Party.Honors.Data;
using Party.Honors.Domain.Subjects;
using Party.Messaging.Inbox;

namespace Party.Honors.Consumers;

/// <summary>Stage of a member (发展阶段); an older event arriving late does not roll the stage back.</summary>
public sealed class MemberStageChangedConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<MemberStageChanged, HonorsDbContext>(db, clock)
{
    protected override async Task HandleAsync(MemberStageChanged m, ConsumeContext<MemberStageChanged> context)
    {
        var fact = await Db.UpsertMemberAsync(m.MemberId, m.BranchId, m.MemberName, Clock.GetUtcNow(), context.CancellationToken);
        if (fact.StageChangedOn is null || m.ChangedOn >= fact.StageChangedOn)
        {
            fact.Stage = m.ToStage;
            fact.StageChangedOn = m.ChangedOn;
        }
    }
}

/// <summary>
/// Year-end grades (年度积分评定) of a branch's members, one row per member and year, so "the last grade" never depends on
/// arrival order. The branch's members are written by two statements, not one round trip each: a branch can have hundreds.
/// </summary>
public sealed class BranchAnnualAssessmentsPublishedConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<BranchAnnualAssessmentsPublished, HonorsDbContext>(db, clock)
{
    protected override async Task HandleAsync(BranchAnnualAssessmentsPublished m, ConsumeContext<BranchAnnualAssessmentsPublished> context)
    {
        // In member order, so two deliveries that share members (a close and a re-assessment) lock their rows in the same order.
        var rows = m.Assessments.DistinctBy(a => a.MemberId).OrderBy(a => a.MemberId).ToArray();
        var ids = rows.Select(a => a.MemberId).ToArray();
        var ct = context.CancellationToken;
        // The assessment carries the stage too, which only fills a gap (the stage events stay authoritative).
        await Db.UpsertMembersAsync(m.BranchId, ids, rows.Select(a => a.MemberName).ToArray(), rows.Select(a => a.Stage).ToArray(),
            Clock.GetUtcNow(), ct);
        await Db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO member_grades (member_id, year, grade, score, vetoed)
            SELECT a.id, {m.Year}, a.grade, a.score, a.vetoed
            FROM unnest({ids}, {rows.Select(a => a.Grade).ToArray()}, {rows.Select(a => a.Score).ToArray()},
                {rows.Select(a => a.Vetoed).ToArray()}) AS a(id, grade, score, vetoed)
            ON CONFLICT (member_id, year) DO UPDATE SET grade = excluded.grade, score = excluded.score, vetoed = excluded.vetoed
            """, ct);
    }
}

/// <summary>
/// A member created or imported in the members service, with the stage and status entered (enter once). Stage and status are
/// taken unless a later stage change or status change has already arrived (events are unordered).
/// </summary>
public sealed class MemberRegisteredConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<MemberRegistered, HonorsDbContext>(db, clock)
{
    protected override async Task HandleAsync(MemberRegistered m, ConsumeContext<MemberRegistered> context)
    {
        var fact = await Db.UpsertMemberAsync(m.MemberId, m.BranchId, m.MemberName, Clock.GetUtcNow(), context.CancellationToken);
        if (fact.StageChangedOn is null || m.StageSince > fact.StageChangedOn)
        {
            fact.Stage = m.Stage;
            fact.StageChangedOn = m.StageSince;
        }
        fact.ApplyStatus(m.Status, m.OccurredAt);
    }
}

/// <summary>A member moved to another branch: the branch decides whose scope the member's nominations fall in.</summary>
public sealed class MemberTransferredConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<MemberTransferred, HonorsDbContext>(db, clock)
{
    protected override async Task HandleAsync(MemberTransferred m, ConsumeContext<MemberTransferred> context)
    {
        var fact = await Db.UpsertMemberAsync(m.MemberId, m.ToBranchId, m.MemberName, Clock.GetUtcNow(), context.CancellationToken);
        fact.ApplyStatus(m.Status, m.OccurredAt);
    }
}

public static class MemberFactUpserts
{
    /// <summary>A member an event names, created or updated, and locked for the rest of the consumer's transaction.</summary>
    public static async Task<MemberFact> UpsertMemberAsync(this HonorsDbContext db, Guid memberId, Guid branchId, string? name,
        DateTimeOffset now, CancellationToken ct)
    {
        await db.UpsertMembersAsync(branchId, [memberId], [name], [null], now, ct);
        return await db.MemberFacts.FromSql($"SELECT * FROM member_facts WHERE member_id = {memberId} FOR UPDATE").SingleAsync(ct);
    }

    /// <summary>
    /// Members of a branch as events name them: created if new, otherwise moved to the branch, renamed unless the event has no
    /// name, and given a stage only if they had none. Several event types about a new member arrive at once on different queues;
    /// one statement per call cannot collide with another, and it locks the rows it touches until the consumer commits.
    /// </summary>
    public static Task<int> UpsertMembersAsync(this HonorsDbContext db, Guid branchId, Guid[] memberIds, string?[] names,
        string?[] stages, DateTimeOffset now, CancellationToken ct)
    {
        var given = names.Select(n => string.IsNullOrWhiteSpace(n) ? "" : n).ToArray();
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO member_facts AS f (member_id, branch_id, name, stage, status, updated_at)
            SELECT a.id, {branchId}, a.name, a.stage, {Eligibility.UnknownStatus}, {now}
            FROM unnest({memberIds}, {given}, {stages}) AS a(id, name, stage)
            ON CONFLICT (member_id) DO UPDATE SET branch_id = excluded.branch_id,
                name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE f.name END,
                stage = coalesce(f.stage, excluded.stage), updated_at = excluded.updated_at
            """, ct);
    }

    /// <summary>Takes the status an event states, unless a newer statement of it has already arrived.</summary>
    public static void ApplyStatus(this MemberFact fact, string status, DateTimeOffset statedAt)
    {
        if (fact.StatusChangedAt is not null && statedAt < fact.StatusChangedAt) return;
        fact.Status = status;
        fact.StatusChangedAt = statedAt;
    }
}
