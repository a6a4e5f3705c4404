using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Apis;
using Party.Branches.Data;
using Party.Branches.Domain.Village;
using Party.Common;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Application;

/// <summary>Pairing (结对共建): a branch and a partner anywhere in its county, and the log of their joint activities.</summary>
public static class Pairings
{
    public static async Task<PairingResponse> CreateAsync(BranchesServices services, CreatePairingRequest r, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(r.BranchId is not null, "branchId", "请指定党支部。")
            .Check(r.PartnerBranchId is not null && r.PartnerBranchId != r.BranchId, "partnerBranchId", "请指定另一个结对党组织。")
            .Check(r.StartedOn is not null && r.StartedOn <= clock.Today(), "startedOn", "请填写结对日期，且不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Purpose) && r.Purpose.Length <= 2000, "purpose", "请写明共建内容（最多 2000 字）。")
            .ThrowIfInvalid();
        var branch = await Lookups.BranchInScopeAsync(db, scope, r.BranchId, "pairings.branch", ct);
        // The partner is often an organ or enterprise branch outside the township, so it is looked up in the whole county.
        var countyPath = "/" + branch.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0] + "/";
        var partner = await db.OrgUnits.AsNoTracking()
            .FirstOrDefaultAsync(u => u.Id == r.PartnerBranchId && !u.Dissolved && u.Path.StartsWith(countyPath), ct)
            ?? throw DomainException.NotFound("pairings.partner");
        var now = clock.GetUtcNow();
        var pairing = new Pairing
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, PartnerBranchId = partner.Id, OrgPath = branch.Path,
            PartnerOrgPath = partner.Path,
            StartedOn = r.StartedOn!.Value, Purpose = r.Purpose!.Trim(),
        };
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
        return new PairingResponse(pairing.Id, pairing.BranchId, pairing.PartnerBranchId, pairing.StartedOn, pairing.Purpose, []);
    }

    public static async Task<PairingResponse> LogActivityAsync(BranchesServices services, Guid id, PairingActivityRequest r,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(r.HeldOn is not null && r.HeldOn <= clock.Today(), "heldOn", "请填写活动日期，且不能晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Summary) && r.Summary.Length <= 5000, "summary", "请填写活动内容（最多 5000 字）。")
            .ThrowIfInvalid();
        var pairing = await FindAsync(db, scope, id, ct);
        if (r.HeldOn < pairing.StartedOn) throw new DomainException("pairings.before_start", "活动日期不能早于结对日期。");
        var now = clock.GetUtcNow();
        var activity = new PairingActivity
        {
            Id = Guid.CreateVersion7(), PairingId = pairing.Id, HeldOn = r.HeldOn!.Value, Summary = r.Summary!.Trim(), RecordedAt = now,
        };
        db.PairingActivities.Add(activity);
        db.Audit(http.User, now, "pairing", pairing.Id, pairing.OrgPath, "activity_logged", to: activity.HeldOn.ToString("yyyy-MM-dd"));
        await db.SaveChangesAsync(ct);
        return await GetAsync(services, id, ct);
    }

    public static async Task<PairingResponse> GetAsync(BranchesServices services, Guid id, CancellationToken ct)
    {
        var p = await FindAsync(services.Db, services.Scope, id, ct);
        var activities = await services.Db.PairingActivities.AsNoTracking().Where(a => a.PairingId == id).OrderBy(a => a.HeldOn)
            .Select(a => new PairingActivityResponse(a.Id, a.HeldOn, a.Summary)).ToListAsync(ct);
        return new PairingResponse(p.Id, p.BranchId, p.PartnerBranchId, p.StartedOn, p.Purpose, activities);
    }

    public static async Task<Page<PairingResponse>> ListAsync(BranchesServices services, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.Pairings.AsNoTracking().Where(p => p.OrgPath.StartsWith(prefix) || p.PartnerOrgPath.StartsWith(prefix));
        return await query.OrderBy(p => p.OrgPath)
            .ToPageAsync(paging, p => new PairingResponse(p.Id, p.BranchId, p.PartnerBranchId, p.StartedOn, p.Purpose, []), ct);
    }

    /// <summary>A pairing either side of which is in the caller's subtree.</summary>
    private static async Task<Pairing> FindAsync(BranchesDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Pairings.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id && (p.OrgPath.StartsWith(prefix) || p.PartnerOrgPath.StartsWith(prefix)), ct)
            ?? throw DomainException.NotFound("pairings");
    }
}
