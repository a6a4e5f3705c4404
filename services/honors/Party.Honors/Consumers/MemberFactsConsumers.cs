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

/// <summary>Year-end grade (年度积分评定), one row per member and year, so "the last grade" never depends on arrival order.</summary>
public sealed class AnnualAssessmentPublishedConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<AnnualAssessmentPublished, HonorsDbContext>(db, clock)
{
    protected override async Task HandleAsync(AnnualAssessmentPublished m, ConsumeContext<AnnualAssessmentPublished> context)
    {
        var ct = context.CancellationToken;
        var fact = await Db.UpsertMemberAsync(m.MemberId, m.BranchId, m.MemberName, Clock.GetUtcNow(), ct);
        // The assessment carries the stage too; it only fills a gap, the stage events stay authoritative.
        fact.Stage ??= m.Stage;
        var grade = await Db.MemberGrades.FirstOrDefaultAsync(g => g.MemberId == m.MemberId && g.Year == m.Year, ct);
        if (grade is null) Db.MemberGrades.Add(grade = new MemberGrade { MemberId = m.MemberId, Year = m.Year, Grade = m.Grade });
        grade.Grade = m.Grade;
        grade.Score = m.Score;
        grade.Vetoed = m.Vetoed;
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
    public static async Task<MemberFact> UpsertMemberAsync(this HonorsDbContext db, Guid memberId, Guid branchId, string? name,
        DateTimeOffset now, CancellationToken ct)
    {
        // Several event types about a new member arrive at once on different queues; the row is created
        // by one statement that cannot collide, then updated under its row lock.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO member_facts (member_id, branch_id, name, status, updated_at)
            VALUES ({memberId}, {branchId}, {name ?? ""}, {Eligibility.UnknownStatus}, {now})
            ON CONFLICT (member_id) DO NOTHING
            """, ct);
        var fact = await db.MemberFacts.FromSql($"SELECT * FROM member_facts WHERE member_id = {memberId} FOR UPDATE").SingleAsync(ct);
        fact.BranchId = branchId;
        if (!string.IsNullOrWhiteSpace(name)) fact.Name = name;
        fact.UpdatedAt = now;
        return fact;
    }

    /// <summary>Takes the status an event states, unless a newer statement of it has already arrived.</summary>
    public static void ApplyStatus(this MemberFact fact, string status, DateTimeOffset statedAt)
    {
        if (fact.StatusChangedAt is not null && statedAt < fact.StatusChangedAt) return;
        fact.Status = status;
        fact.StatusChangedAt = statedAt;
    }
}
