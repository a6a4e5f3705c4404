using System.Security.Claims;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Honors;
using Party.Contracts.Members;
using Party.Honors.Apis;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Honors.Domain.Subjects;
using Party.Messaging;
using Party.Messaging.Inbox;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;

namespace Party.Honors.Consumers;

/// <summary>
/// A member event that may take honors away (自动撤销). The effects and the inbox record commit
/// together (a redelivered event revokes nothing more); the honor roll is invalidated after the
/// commit, never before, so no reader can cache the revoked honor again.
/// </summary>
public abstract class RevokingConsumer<TMessage>(HonorsDbContext db, TimeProvider clock, HonorRollCache cache)
    : IConsumer<TMessage> where TMessage : class
{
    protected HonorsDbContext Db => db;
    protected TimeProvider Clock => clock;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var revoked = 0;
        var handled = await Inbox.HandleOnceAsync(db, context, GetType().Name, clock,
            async ct => revoked = await HandleAsync(context.Message, ct));
        if (handled && revoked > 0) await cache.InvalidateAsync();
    }

    /// <summary>Returns how many awards were revoked.</summary>
    protected abstract Task<int> HandleAsync(TMessage message, CancellationToken ct);
}

public static class Revocations
{
    private static readonly ClaimsPrincipal System = new(new ClaimsIdentity(
        [new Claim(PartyClaims.Subject, "system:members-events"), new Claim(PartyClaims.Name, "成员服务事件")]));

    /// <summary>Revokes every current honor whose subject is this member, with an event and an audit entry each.</summary>
    public static async Task<int> RevokeMemberHonorsAsync(this HonorsDbContext db, Guid memberId, string reason, DateTimeOffset now,
        CancellationToken ct)
    {
        var awards = await db.Awards
            .Where(a => a.SubjectId == memberId && AutomaticRevocation.MemberSubjects.Contains(a.SubjectKind)
                && a.Status != AwardStatus.Revoked)
            .ToListAsync(ct);
        foreach (var award in awards) db.Revoke(award, reason, now, System);
        return awards.Count;
    }

    public static void Revoke(this HonorsDbContext db, Award award, string reason, DateTimeOffset now, ClaimsPrincipal actor)
    {
        var from = award.Status;
        award.Status = AwardStatus.Revoked;
        award.RevokedAt = now;
        award.RevocationReason = reason;
        award.RectificationDeadline = null;
        // External honors are published when recorded, so their revocation is published too (the points they earned are reversed).
        db.AddEvent(new HonorRevoked
        {
            AwardId = award.Id, HonorTypeCode = award.HonorTypeCode ?? ExternalHonors.TypeCode, Level = award.Level.Wire(),
            SubjectKind = award.SubjectKind.Wire(),
            SubjectId = award.SubjectId, OrgUnitId = award.OrgUnitId, Year = award.Year, Reason = reason, OccurredAt = now,
        }, now);
        db.Audit(actor, now, "award", award.Id, award.OrgPath, "revoked", from.Wire(), AwardStatus.Revoked.Wire(), reason);
    }
}

/// <summary>一票否决: recorded for eligibility and revokes the member's honors.</summary>
public sealed class MemberVetoedConsumer(HonorsDbContext db, TimeProvider clock, HonorRollCache cache)
    : RevokingConsumer<MemberVetoed>(db, clock, cache)
{
    protected override Task<int> HandleAsync(MemberVetoed m, CancellationToken ct)
    {
        Db.MemberMarks.Add(new MemberMark
        {
            Id = Guid.CreateVersion7(), MemberId = m.MemberId, Kind = MemberMarkKind.Veto, Year = m.Year, Detail = m.Reason,
            OccurredAt = m.OccurredAt,
        });
        return Db.RevokeMemberHonorsAsync(m.MemberId, $"一票否决（{m.Year} 年）：{m.Reason}", Clock.GetUtcNow(), ct);
    }
}

/// <summary>Status changes feed eligibility ("status active"); expulsion (开除党籍) revokes.</summary>
public sealed class MemberStatusChangedConsumer(HonorsDbContext db, TimeProvider clock, HonorRollCache cache)
    : RevokingConsumer<MemberStatusChanged>(db, clock, cache)
{
    protected override async Task<int> HandleAsync(MemberStatusChanged m, CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var fact = await Db.UpsertMemberAsync(m.MemberId, m.BranchId, null, now, ct);
        fact.ApplyStatus(m.ToStatus, m.OccurredAt);
        if (!AutomaticRevocation.ByStatus(m.ToStatus)) return 0;
        Db.MemberMarks.Add(new MemberMark
        {
            Id = Guid.CreateVersion7(), MemberId = m.MemberId, Kind = MemberMarkKind.Expulsion, Year = BusinessDate.Of(m.OccurredAt).Year,
            Detail = m.Reason, OccurredAt = m.OccurredAt,
        });
        return await Db.RevokeMemberHonorsAsync(m.MemberId, $"开除党籍：{m.Reason}", now, ct);
    }
}

/// <summary>A discipline sanction reported by the discipline commission (党纪处分).</summary>
public sealed class DisciplineSanctionReportedConsumer(HonorsDbContext db, TimeProvider clock, HonorRollCache cache)
    : RevokingConsumer<DisciplineSanctionReported>(db, clock, cache)
{
    protected override async Task<int> HandleAsync(DisciplineSanctionReported m, CancellationToken ct)
    {
        // The same sanction re-sent under a new message id is still one sanction.
        if (await Db.MemberMarks.AnyAsync(x => x.Id == m.SanctionId, ct)) return 0;
        Db.MemberMarks.Add(new MemberMark
        {
            Id = m.SanctionId, MemberId = m.MemberId, Kind = MemberMarkKind.Sanction, Year = m.DecidedOn.Year,
            Detail = $"{m.Kind}: {m.Reason}",
            OccurredAt = m.OccurredAt,
        });
        var now = Clock.GetUtcNow();
        var settings = await Db.SettingsAsync(BusinessDate.Of(now), ct);
        await Db.AddForSanctionAsync(m.MemberId, m.SanctionId, m.DecidedOn.Year, settings.CleanRecordYearsBack, now, ct);
        if (!AutomaticRevocation.BySanction(m.Kind)) return 0;
        return await Db.RevokeMemberHonorsAsync(m.MemberId, $"党纪处分（{SanctionName(m.Kind)}，{m.DecidedOn:yyyy-MM-dd}）：{m.Reason}", now, ct);
    }

    private static string SanctionName(string kind) => kind switch
    {
        "warning" => "警告",
        "seriousWarning" => "严重警告",
        "removalFromPost" => "撤销党内职务",
        "probationWithinParty" => "留党察看",
        "expulsion" => "开除党籍",
        _ => kind,
    };
}
