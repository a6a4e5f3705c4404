using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Data;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Village;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record ObservationEntry(Guid? BranchId, decimal? Organization, decimal? Team, decimal? System, decimal? Activities, decimal? Premises, decimal? Guarantees);
public sealed record RecordObservationRequest(Guid? TownshipId, int? Year, int? Month, List<ObservationEntry>? Scores);
public sealed record ObservationRankRow(Guid BranchId, string BranchName, decimal Total, int Rank, int Class);
public sealed record ObservationResponse(Guid TownshipId, int Year, int Month, IReadOnlyList<ObservationRankRow> Ranking);
public sealed record DesignateSiteRequest(Guid? BranchId, int? Year, [FreeText] string? Reason);
public sealed record SiteResponse(Guid Id, Guid BranchId, int Year, OrgDomain Domain, string Reason);
public sealed record SiteQuotaRow(SiteGroup Group, int Sites, int CountyMinimum, bool Met);
public sealed record CreatePairingRequest(Guid? BranchId, Guid? PartnerBranchId, DateOnly? StartedOn, [FreeText] string? Purpose);
public sealed record PairingActivityRequest(DateOnly? HeldOn, [FreeText] string? Summary);
public sealed record PairingResponse(Guid Id, Guid BranchId, Guid PartnerBranchId, DateOnly StartedOn, string Purpose, IReadOnlyList<PairingActivityResponse> Activities);
public sealed record PairingActivityResponse(Guid Id, DateOnly HeldOn, string Summary);
public sealed record CollectiveIncomeRequest(decimal? Amount);
public sealed record CollectiveIncomeRow(Guid BranchId, string BranchName, int Year, decimal Amount);

/// <summary>The rest of §4.8: monthly observation with ranking, demonstration sites with quotas, pairing log, collective income.</summary>
public static class VillageWorkApi
{
    public static IEndpointRouteBuilder MapVillageWorkApi(this IEndpointRouteBuilder app)
    {
        var obs = app.MapGroup("/api/branches/observations").WithTags("Observations");
        obs.MapPost("/", RecordObservation).RequireRole(PartyRoles.County).WithName("RecordObservation")
            .WithSummary("逐村观摩：县委组织部录入当月观摩乡镇各村六项基本建设得分（每项 0–10 分）。");
        obs.MapGet("/{year:int}/{month:int}", Ranking).WithName("ObservationRanking").WithSummary("某月观摩排名与分类（一类/二类/三类各三分之一）。");

        var sites = app.MapGroup("/api/branches/demonstration-sites").WithTags("DemonstrationSites");
        sites.MapPost("/", DesignateSite).RequireRole(PartyRoles.County).WithName("DesignateDemonstrationSite")
            .WithSummary("确定示范点（农村每乡镇至多 2 个）。");
        sites.MapGet("/", ListSites).WithName("ListDemonstrationSites").WithSummary("分页列出示范点。");
        sites.MapGet("/quota", SiteQuota).RequireRole(PartyRoles.County).WithName("DemonstrationSiteQuota")
            .WithSummary("全县各领域示范点数量与最低要求（社区≥4、国企≥2、两新≥5、机关≥8、学校≥2）。");

        var pairs = app.MapGroup("/api/branches/pairings").WithTags("Pairings");
        pairs.MapPost("/", CreatePairing).RequireRole(PartyRoles.Township, PartyRoles.County).WithName("CreatePairing").WithSummary("建立结对共建关系。");
        pairs.MapPost("/{id:guid}/activities", LogActivity).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithName("LogPairingActivity").WithSummary("登记一次共建活动。");
        pairs.MapGet("/{id:guid}", GetPairing).WithName("GetPairing").WithSummary("查看结对及活动记录。");
        pairs.MapGet("/", ListPairings).WithName("ListPairings").WithSummary("分页列出管辖范围内的结对。");

        app.MapPut("/api/branches/collective-income/{branchId:guid}/{year:int}", SetCollectiveIncome).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithTags("CollectiveIncome").WithName("SetCollectiveIncome").WithSummary("录入村集体经济年收入（更正保留记录）。");
        app.MapGet("/api/branches/collective-income", ListCollectiveIncome).WithTags("CollectiveIncome")
            .WithName("ListCollectiveIncome").WithSummary("分页列出某年度村集体经济收入。");
        return app;
    }

    private static async Task<Ok<ObservationResponse>> RecordObservation(RecordObservationRequest r, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        static bool Points(decimal? p) => p is >= 0 and <= ObservationScore.MaxPerConstruction;
        var v = new Validator()
            .Check(r.TownshipId is not null, "townshipId", "请指定观摩乡镇。")
            .Check(r.Year is >= 2000 && r.Year <= today.Year, "year", "观摩年度必填，且不能晚于今年。")
            .Check(r.Month is >= 1 and <= 12 && (r.Year is not { } y || y < 2000 || y > today.Year || new DateOnly(y, r.Month.Value, 1) <= today),
                "month", "观摩月份必填（1–12），观摩年月须为本月或以前。")
            .Check(r.Scores is { Count: > 0 and <= 500 }, "scores", "请录入各村得分（最多 500 个村）。");
        for (var i = 0; i < (r.Scores?.Count ?? 0); i++)
        {
            var s = r.Scores![i];
            v.Check(s.BranchId is not null, $"scores[{i}].branchId", "请指定村。")
             .Check(new[] { s.Organization, s.Team, s.System, s.Activities, s.Premises, s.Guarantees }.All(Points), $"scores[{i}]", "六项基本建设每项须在 0–10 分之间。");
        }
        v.Check(r.Scores is null || r.Scores.Select(s => s.BranchId).Distinct().Count() == r.Scores.Count, "scores", "同一个村不能重复打分。");
        v.ThrowIfInvalid();
        var county = await ApiSupport.CallerCountyAsync(db, scope, ct);
        var township = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == r.TownshipId && u.Path.StartsWith(county.Path) && u.Kind == OrgUnitKind.TownshipCommittee, ct)
            ?? throw DomainException.NotFound("observations.township");
        var ids = r.Scores!.Select(s => s.BranchId!.Value).ToList();
        var villages = await db.OrgUnits.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Path.StartsWith(township.Path) && u.Kind == OrgUnitKind.Branch && !u.Dissolved)
            .ToDictionaryAsync(u => u.Id, ct);
        if (villages.Count != ids.Count) throw DomainException.NotFound("observations.branch");
        var month = await db.ObservationMonths.FirstOrDefaultAsync(m => m.CountyId == county.Id && m.Year == r.Year && m.Month == r.Month, ct);
        if (month is not null && month.TownshipId != township.Id)
            throw DomainException.Conflict("observations.month_taken", "本月已安排其他乡镇观摩（每月观摩一个乡镇）。");
        if (await db.ObservationScores.AnyAsync(o => o.Year == r.Year && o.Month == r.Month && ids.Contains(o.BranchId), ct))
            throw DomainException.Conflict("observations.already_scored", "有村本月已录入观摩得分。");
        var now = clock.GetUtcNow();
        if (month is null) db.ObservationMonths.Add(new ObservationMonth { CountyId = county.Id, Year = r.Year!.Value, Month = r.Month!.Value, TownshipId = township.Id });
        foreach (var s in r.Scores!)
        {
            var score = new ObservationScore
            {
                Id = Guid.CreateVersion7(), TownshipId = township.Id, BranchId = s.BranchId!.Value, OrgPath = villages[s.BranchId.Value].Path, Year = r.Year!.Value, Month = r.Month!.Value,
                Organization = s.Organization!.Value, Team = s.Team!.Value, System = s.System!.Value, Activities = s.Activities!.Value, Premises = s.Premises!.Value,
                Guarantees = s.Guarantees!.Value, RecordedAt = now,
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
        return await Ranking(r.Year!.Value, r.Month!.Value, db, scope, ct);
    }

    private static async Task<Ok<ObservationResponse>> Ranking(int year, int month, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var like = ApiSupport.Like(prefix);
        var rows = await db.QueryAsync($"""
            SELECT o.township_id, o.branch_id, u.name, o.total,
                   rank() OVER (PARTITION BY o.township_id ORDER BY o.total DESC)::int AS rank,
                   ntile(3) OVER (PARTITION BY o.township_id ORDER BY o.total DESC)::int AS class
            FROM observation_scores o JOIN org_units u ON u.id = o.branch_id
            WHERE o.year = {year} AND o.month = {month} AND o.org_path LIKE {like}
            ORDER BY rank, u.path
            """, r => (Township: r.GetGuid(0), Row: new ObservationRankRow(r.GetGuid(1), r.GetString(2), r.GetDecimal(3), r.GetInt32(4), r.GetInt32(5))), ct);
        if (rows.Count == 0) throw DomainException.NotFound("observations");
        return TypedResults.Ok(new ObservationResponse(rows[0].Township, year, month, rows.Select(x => x.Row).ToList()));
    }

    private static async Task<Created<SiteResponse>> DesignateSite(DesignateSiteRequest r, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.BranchId is not null, "branchId", "请指定党组织。")
            .Check(r.Year is >= 2000 and <= 2100, "year", "请指定年度。")
            .Check(!string.IsNullOrWhiteSpace(r.Reason) && r.Reason.Length <= 2000, "reason", "请写明推荐理由（最多 2000 字）。")
            .ThrowIfInvalid();
        var branch = await ApiSupport.BranchInScopeAsync(db, scope, r.BranchId, "demonstration_sites.branch", ct);
        if (DemonstrationQuotas.GroupOf(branch.Domain) == SiteGroup.Rural && branch.ParentId is { } parent)
        {
            var township = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == parent, ct);
            var rural = await db.DemonstrationSites.CountAsync(s => s.Year == r.Year && s.Domain == OrgDomain.RuralVillage && s.OrgPath.StartsWith(township.Path), ct);
            if (DemonstrationQuotas.RuralCapReached(rural))
                throw DomainException.Conflict("demonstration_sites.rural_quota_full", $"该乡镇 {r.Year} 年已有 {DemonstrationQuotas.RuralPerTownship} 个农村示范点，已达上限。");
        }
        var now = clock.GetUtcNow();
        var site = new DemonstrationSite { Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = r.Year!.Value, Domain = branch.Domain, Reason = r.Reason!.Trim(), DesignatedAt = now };
        db.DemonstrationSites.Add(site);
        db.Audit(http.User, now, "demonstration_site", site.Id, site.OrgPath, "designated", to: $"{site.Year} {site.Domain}", reason: site.Reason);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw DomainException.Conflict("demonstration_sites.exists", "该党组织本年度已是示范点。");
        }
        return TypedResults.Created($"/api/branches/demonstration-sites?year={site.Year}", new SiteResponse(site.Id, site.BranchId, site.Year, site.Domain, site.Reason));
    }

    private static async Task<Ok<Page<SiteResponse>>> ListSites(int? year, int? page, int? pageSize, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.DemonstrationSites.AsNoTracking().Where(s => s.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(s => s.Year == year);
        return TypedResults.Ok(await query.OrderBy(s => s.Year).ThenBy(s => s.OrgPath)
            .Select(s => new SiteResponse(s.Id, s.BranchId, s.Year, s.Domain, s.Reason)).ToPageAsync(paging, ct));
    }

    private static async Task<Ok<List<SiteQuotaRow>>> SiteQuota(int? year, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        new Validator().Check(year is >= 2000 and <= 2100, "year", "请指定年度。").ThrowIfInvalid();
        var county = await ApiSupport.CallerCountyAsync(db, scope, ct);
        var counts = await db.DemonstrationSites.AsNoTracking().Where(s => s.Year == year && s.OrgPath.StartsWith(county.Path))
            .GroupBy(s => s.Domain).Select(g => new { Domain = g.Key, Count = g.Count() }).ToListAsync(ct);
        var byGroup = counts.GroupBy(c => DemonstrationQuotas.GroupOf(c.Domain)).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var rows = Enum.GetValues<SiteGroup>().Where(g => g is not SiteGroup.Other)
            .Select(g => new SiteQuotaRow(g, byGroup.GetValueOrDefault(g), DemonstrationQuotas.CountyMinimum(g), byGroup.GetValueOrDefault(g) >= DemonstrationQuotas.CountyMinimum(g)))
            .ToList();
        return TypedResults.Ok(rows);
    }

    private static async Task<Created<PairingResponse>> CreatePairing(CreatePairingRequest r, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.BranchId is not null, "branchId", "请指定党支部。")
            .Check(r.PartnerBranchId is not null && r.PartnerBranchId != r.BranchId, "partnerBranchId", "请指定另一个结对党组织。")
            .Check(r.StartedOn is not null && r.StartedOn <= clock.Today(), "startedOn", "请填写结对日期，且不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Purpose) && r.Purpose.Length <= 2000, "purpose", "请写明共建内容（最多 2000 字）。")
            .ThrowIfInvalid();
        var branch = await ApiSupport.BranchInScopeAsync(db, scope, r.BranchId, "pairings.branch", ct);
        // The partner is often an organ or enterprise branch outside the township, so it is looked up in the whole county.
        var partner = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == r.PartnerBranchId && !u.Dissolved
            && u.Path.StartsWith("/" + branch.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0] + "/"), ct) ?? throw DomainException.NotFound("pairings.partner");
        var now = clock.GetUtcNow();
        var pairing = new Pairing { Id = Guid.CreateVersion7(), BranchId = branch.Id, PartnerBranchId = partner.Id, OrgPath = branch.Path, PartnerOrgPath = partner.Path,
            StartedOn = r.StartedOn!.Value, Purpose = r.Purpose!.Trim() };
        db.Pairings.Add(pairing);
        db.Audit(http.User, now, "pairing", pairing.Id, pairing.OrgPath, "paired", to: partner.Name, reason: pairing.Purpose);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw DomainException.Conflict("pairings.exists", "这两个党组织已经结对。");
        }
        return TypedResults.Created($"/api/branches/pairings/{pairing.Id}", new PairingResponse(pairing.Id, pairing.BranchId, pairing.PartnerBranchId, pairing.StartedOn, pairing.Purpose, []));
    }

    private static async Task<Pairing> FindPairingAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Pairings.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && (p.OrgPath.StartsWith(prefix) || p.PartnerOrgPath.StartsWith(prefix)), ct)
            ?? throw DomainException.NotFound("pairings");
    }

    private static async Task<Ok<PairingResponse>> LogActivity(Guid id, PairingActivityRequest r, BranchesDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(r.HeldOn is not null && r.HeldOn <= clock.Today(), "heldOn", "请填写活动日期，且不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Summary) && r.Summary.Length <= 5000, "summary", "请填写活动内容（最多 5000 字）。")
            .ThrowIfInvalid();
        var pairing = await FindPairingAsync(db, scope, id, ct);
        if (r.HeldOn < pairing.StartedOn) throw new DomainException("pairings.before_start", "活动日期不能早于结对日期。");
        var now = clock.GetUtcNow();
        var activity = new PairingActivity { Id = Guid.CreateVersion7(), PairingId = pairing.Id, HeldOn = r.HeldOn!.Value, Summary = r.Summary!.Trim(), RecordedAt = now };
        db.PairingActivities.Add(activity);
        db.Audit(http.User, now, "pairing", pairing.Id, pairing.OrgPath, "activity_logged", to: activity.HeldOn.ToString("yyyy-MM-dd"));
        await db.SaveChangesAsync(ct);
        return await GetPairing(id, db, scope, ct);
    }

    private static async Task<Ok<PairingResponse>> GetPairing(Guid id, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var p = await FindPairingAsync(db, scope, id, ct);
        var activities = await db.PairingActivities.AsNoTracking().Where(a => a.PairingId == id).OrderBy(a => a.HeldOn)
            .Select(a => new PairingActivityResponse(a.Id, a.HeldOn, a.Summary)).ToListAsync(ct);
        return TypedResults.Ok(new PairingResponse(p.Id, p.BranchId, p.PartnerBranchId, p.StartedOn, p.Purpose, activities));
    }

    private static async Task<Ok<Page<PairingResponse>>> ListPairings(int? page, int? pageSize, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Pairings.AsNoTracking().Where(p => p.OrgPath.StartsWith(prefix) || p.PartnerOrgPath.StartsWith(prefix));
        return TypedResults.Ok(await query.OrderBy(p => p.OrgPath)
            .ToPageAsync(paging, p => new PairingResponse(p.Id, p.BranchId, p.PartnerBranchId, p.StartedOn, p.Purpose, []), ct));
    }

    private static async Task<Ok<CollectiveIncomeRow>> SetCollectiveIncome(Guid branchId, int year, CollectiveIncomeRequest r, BranchesDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(year >= 2000 && year <= clock.Today().Year, "year", "只能录入今年或以前年度。")
            .Check(r.Amount is >= 0 and < 100_000_000_000m, "amount", "请填写收入金额（元，不能为负）。")
            .ThrowIfInvalid();
        var branch = await ApiSupport.BranchInScopeAsync(db, scope, branchId, "collective_income.branch", ct);
        if (branch.Domain != OrgDomain.RuralVillage) throw new DomainException("collective_income.not_a_village", "只有村党支部登记村集体经济收入。");
        var amount = Domain.Ratings.Money.Round(r.Amount!.Value);
        var now = clock.GetUtcNow();
        var row = await db.CollectiveIncomes.FirstOrDefaultAsync(c => c.BranchId == branchId && c.Year == year, ct);
        var from = row?.Amount.ToString("0.00");
        if (row is null) db.CollectiveIncomes.Add(row = new CollectiveIncome { BranchId = branchId, Year = year, OrgPath = branch.Path });
        row.Amount = amount;
        row.EnteredAt = now;
        db.Audit(http.User, now, "collective_income", $"{branchId}-{year}", branch.Path, from is null ? "entered" : "corrected", from, amount.ToString("0.00"));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CollectiveIncomeRow(branchId, branch.Name, year, amount));
    }

    private static async Task<Ok<Page<CollectiveIncomeRow>>> ListCollectiveIncome(int? year, int? page, int? pageSize, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        new Validator().Check(year is not null, "year", "请指定年度。").ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.CollectiveIncomes.AsNoTracking().Where(c => c.Year == year && c.OrgPath.StartsWith(prefix))
            .Join(db.OrgUnits, c => c.BranchId, u => u.Id, (c, u) => new { c, u });
        return TypedResults.Ok(await query.OrderByDescending(x => x.c.Amount).ThenBy(x => x.u.Path)
            .Select(x => new CollectiveIncomeRow(x.c.BranchId, x.u.Name, x.c.Year, x.c.Amount)).ToPageAsync(paging, ct));
    }
}
