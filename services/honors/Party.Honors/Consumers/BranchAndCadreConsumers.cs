using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Branches;
using Party.Contracts.ResidentCadres;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Nominations;
using Party.Honors.Domain.Subjects;
using Party.Messaging;
using Party.Messaging.Inbox;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using System.Security.Claims;

namespace Party.Honors.Consumers;

/// <summary>Star ratings (分类评星) with the secretary they name.</summary>
public sealed class BranchRatingPublishedConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<BranchRatingPublished, HonorsDbContext>(db, clock)
{
    protected override async Task HandleAsync(BranchRatingPublished m, ConsumeContext<BranchRatingPublished> context)
    {
        var rating = await Db.BranchRatings
            .FirstOrDefaultAsync(r => r.BranchId == m.BranchId && r.Year == m.Year, context.CancellationToken);
        if (rating is null) Db.BranchRatings.Add(rating = new BranchRating { BranchId = m.BranchId, Year = m.Year });
        rating.Stars = m.Stars;
        rating.Score = m.Score;
        rating.SecretaryMemberId = m.SecretaryMemberId;
    }
}

/// <summary>A township's monthly close; a re-close of the same month by the same township replaces its lines.</summary>
public sealed class MonthlyAttendanceClosedConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<MonthlyAttendanceClosed, HonorsDbContext>(db, clock)
{
    protected override async Task HandleAsync(MonthlyAttendanceClosed m, ConsumeContext<MonthlyAttendanceClosed> context)
    {
        var ids = m.Cadres.Select(c => c.CadreId).ToList();
        var existing = await Db.CadreMonths
            .Where(c => ids.Contains(c.CadreId) && c.Year == m.Year && c.Month == m.Month && c.TownshipId == m.TownshipId)
            .ToDictionaryAsync(c => c.CadreId, context.CancellationToken);
        foreach (var line in m.Cadres)
        {
            if (!existing.TryGetValue(line.CadreId, out var row))
                Db.CadreMonths.Add(row = new CadreMonth
                {
                    CadreId = line.CadreId, Year = m.Year, Month = m.Month, TownshipId = m.TownshipId, CadreName = line.CadreName,
                });
            row.CadreName = line.CadreName;
            row.VillageId = line.VillageId;
            row.InVillageDays = line.InVillageDays;
            row.RequiredDays = line.RequiredDays;
            row.Compliant = line.Compliant;
            row.Violations = line.Violations;
        }
    }
}

public sealed class CadreViolationRecordedConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<CadreViolationRecorded, HonorsDbContext>(db, clock)
{
    protected override async Task HandleAsync(CadreViolationRecorded m, ConsumeContext<CadreViolationRecorded> context)
    {
        if (await Db.CadreViolations.AnyAsync(v => v.ViolationId == m.ViolationId, context.CancellationToken)) return;
        Db.CadreViolations.Add(new CadreViolation { ViolationId = m.ViolationId, CadreId = m.CadreId, Day = m.Day, Kind = m.Kind });
    }
}

/// <summary>
/// A township's star-of-the-month nomination (驻村工作月标兵) enters the joint review like any other;
/// one the facts do not support is kept as rejected with every reason, so the township sees why.
/// </summary>
public sealed class StarOfMonthNominatedConsumer(HonorsDbContext db, TimeProvider clock)
    : InboxConsumer<StarOfMonthNominated, HonorsDbContext>(db, clock)
{
    public const string TypeCode = "star-of-month";
    private static readonly ClaimsPrincipal System = new(new ClaimsIdentity(
        [new Claim(PartyClaims.Subject, "system:resident-cadres-events"), new Claim(PartyClaims.Name, "驻村服务事件")]));

    protected override async Task HandleAsync(StarOfMonthNominated m, ConsumeContext<StarOfMonthNominated> context)
    {
        var ct = context.CancellationToken;
        if (await Db.Nominations.AnyAsync(n => n.Id == m.NominationId, ct)) return;
        var village = await Db.OrgUnits.Where(u => u.Id == m.VillageId).Select(u => new { u.Path, u.Version }).FirstOrDefaultAsync(ct)
            // Retried by the bus until the org-unit replica has the village.
            ?? throw new InvalidOperationException($"Village {m.VillageId} is not in the org-unit replica yet.");
        var path = village.Path;
        var type = await Db.HonorTypes.AsNoTracking().FirstAsync(t => t.Code == TypeCode, ct);
        var now = Clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var settings = await Db.SettingsAsync(today, ct);
        var check = await Db.CheckAsync(type, m.CadreId, m.Year, m.Month, null, null, today, settings, ct);
        var nomination = new Nomination
        {
            Id = m.NominationId, HonorTypeCode = type.Code, Level = type.Level, Year = m.Year, Month = m.Month,
            SubjectKind = SubjectKind.Cadre, SubjectId = m.CadreId, SubjectName = m.CadreName, OrgUnitId = m.VillageId, OrgPath = path,
            OrgVersion = village.Version, Deeds = $"{m.Year} 年 {m.Month} 月驻村工作月标兵（乡镇推荐）",
            Status = check.Reasons.Count == 0 ? NominationStatus.UnderReview : NominationStatus.Rejected,
            RejectionReason = check.Reasons.Count == 0 ? null : string.Join("；", check.Reasons.Select(r => r.Detail)),
            NominatedBy = $"township:{m.TownshipId}", NominatedAt = now,
        };
        Db.Nominations.Add(nomination);
        Db.Audit(System, now, "nomination", nomination.Id, path, "nominated", null, nomination.Status.Wire(), nomination.RejectionReason);
    }
}
