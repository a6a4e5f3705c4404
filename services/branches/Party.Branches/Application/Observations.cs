using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Village;
using Party.Common;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>Monthly observation (逐村观摩): one township a month, six constructions scored per village, ranked in thirds.</summary>
public static class Observations
{
    public static async Task<ObservationResponse> RecordAsync(BranchesServices services, RecordObservationRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var today = clock.Today();
        static bool Points(decimal? p) => p is >= 0 and <= ObservationScore.MaxPerConstruction;
        var v = new Validator()
            .Check(r.TownshipId is not null, "townshipId", "请指定观摩乡镇。")
            .Check(r.Year is >= 2000 && r.Year <= today.Year, "year", "观摩年度必填，且不能晚于今年。")
            .Check(r.Month is >= 1 and <= 12
                    && (r.Year is not { } y || y < 2000 || y > today.Year || new DateOnly(y, r.Month.Value, 1) <= today),
                "month", "观摩月份必填（1–12），观摩年月须为本月或以前。")
            .Check(r.Scores is { Count: > 0 and <= 500 }, "scores", "请录入各村得分（最多 500 个村）。");
        for (var i = 0; i < (r.Scores?.Count ?? 0); i++)
        {
            var s = r.Scores![i];
            var points = new[] { s.Organization, s.Team, s.System, s.Activities, s.Premises, s.Guarantees };
            v.Check(s.BranchId is not null, $"scores[{i}].branchId", "请指定村。")
             .Check(points.All(Points), $"scores[{i}]", "六项基本建设每项须在 0–10 分之间。");
        }
        v.Check(r.Scores is null || r.Scores.Select(s => s.BranchId).Distinct().Count() == r.Scores.Count, "scores", "同一个村不能重复打分。");
        v.ThrowIfInvalid();
        var county = await Lookups.CallerCountyAsync(db, scope, ct);
        var township = await db.OrgUnits.AsNoTracking()
            .FirstOrDefaultAsync(u => u.Id == r.TownshipId && u.Path.StartsWith(county.Path) && u.Kind == OrgUnitKind.TownshipCommittee, ct)
            ?? throw DomainException.NotFound("observations.township");
        var ids = r.Scores!.Select(s => s.BranchId!.Value).ToList();
        var villages = await db.OrgUnits.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.Path.StartsWith(township.Path) && u.Kind == OrgUnitKind.Branch && !u.Dissolved)
            .ToDictionaryAsync(u => u.Id, ct);
        if (villages.Count != ids.Count) throw DomainException.NotFound("observations.branch");
        var month = await db.ObservationMonths
            .FirstOrDefaultAsync(m => m.CountyId == county.Id && m.Year == r.Year && m.Month == r.Month, ct);
        if (month is not null && month.TownshipId != township.Id)
            throw DomainException.Conflict("observations.month_taken", "本月已安排其他乡镇观摩（每月观摩一个乡镇）。");
        if (await db.ObservationScores.AnyAsync(o => o.Year == r.Year && o.Month == r.Month && ids.Contains(o.BranchId), ct))
            throw DomainException.Conflict("observations.already_scored", "有村本月已录入观摩得分。");
        var now = clock.GetUtcNow();
        if (month is null)
            db.ObservationMonths.Add(new ObservationMonth
            {
                CountyId = county.Id, Year = r.Year!.Value, Month = r.Month!.Value, TownshipId = township.Id,
            });
        foreach (var s in r.Scores!)
        {
            var score = new ObservationScore
            {
                Id = Guid.CreateVersion7(), TownshipId = township.Id, BranchId = s.BranchId!.Value,
                OrgPath = villages[s.BranchId.Value].Path,
                Year = r.Year!.Value, Month = r.Month!.Value, Organization = s.Organization!.Value, Team = s.Team!.Value,
                System = s.System!.Value, Activities = s.Activities!.Value, Premises = s.Premises!.Value, Guarantees = s.Guarantees!.Value,
                RecordedAt = now,
            };
            score.Total = score.Organization + score.Team + score.System + score.Activities + score.Premises + score.Guarantees;
            db.ObservationScores.Add(score);
            db.Audit(http.User, now, "observation", score.Id, score.OrgPath, "scored", to: $"{score.Year}-{score.Month:00} {score.Total}");
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw DomainException.Conflict("observations.already_scored", "有村本月已录入观摩得分，或本月已安排其他乡镇。");
        }
        return await RankingAsync(services, r.Year!.Value, r.Month!.Value, ct);
    }

    public static async Task<ObservationResponse> RankingAsync(BranchesServices services, int year, int month, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var like = Sql.Like(prefix);
        var rows = await services.Db.QueryAsync($"""
            SELECT o.township_id, o.branch_id, u.name, o.total,
                   rank() OVER (PARTITION BY o.township_id ORDER BY o.total DESC)::int AS rank,
                   ntile(3) OVER (PARTITION BY o.township_id ORDER BY o.total DESC)::int AS class
            FROM observation_scores o JOIN org_units u ON u.id = o.branch_id
            WHERE o.year = {year} AND o.month = {month} AND o.org_path LIKE {like}
            ORDER BY rank, u.path
            """, r => (Township: r.GetGuid(0),
                Row: new ObservationRankRow(r.GetGuid(1), r.GetString(2), r.GetDecimal(3), r.GetInt32(4), r.GetInt32(5))), ct);
        if (rows.Count == 0) throw DomainException.NotFound("observations");
        return new ObservationResponse(rows[0].Township, year, month, rows.Select(x => x.Row).ToList());
    }
}
