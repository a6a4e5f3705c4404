using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Apis;
using Party.Branches.Domain.Weak;
using Party.Common;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>Designating a branch weak and lax and lifting it; both are published as <see cref="BranchDesignatedWeak"/>.</summary>
public static class WeakDesignationSteps
{
    public static async Task<WeakDesignationResponse> DesignateAsync(BranchesServices services, DesignateWeakRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var today = clock.Today();
        new Validator()
            .Check(request.BranchId is not null, "branchId", "请指定党支部。")
            .Check(request.Year is >= 2000 && request.Year <= today.Year + 1, "year", "认定年度不合理。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 2000, "reason", "请写明认定理由（最多 2000 字）。")
            .ThrowIfInvalid();
        var branch = await Lookups.BranchInScopeAsync(db, scope, request.BranchId, "weak_designations.branch", ct);
        if (await db.WeakDesignations.AnyAsync(w => w.BranchId == branch.Id && w.Year == request.Year, ct))
            throw Exists(request.Year!.Value);
        var now = clock.GetUtcNow();
        var designation = new WeakDesignation
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = request.Year!.Value,
            Reason = request.Reason!.Trim(),
            DesignatedAt = now, DesignatedBy = http.User.Actor(),
        };
        db.WeakDesignations.Add(designation);
        db.AddEvent(new BranchDesignatedWeak
        {
            DesignationId = designation.Id, BranchId = branch.Id, Year = designation.Year, Designated = true, Reason = designation.Reason,
            OccurredAt = now,
        }, now);
        db.Audit(http.User, now, "weak_designation", designation.Id, designation.OrgPath, "designated", to: $"{designation.Year}",
            reason: designation.Reason);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw Exists(designation.Year);
        }
        http.Response.Headers.ETag = ETags.Format(designation.RowVersion);
        return WeakDesignationResponse.From(designation);
    }

    public static async Task<WeakDesignationResponse> LiftAsync(BranchesServices services, Guid id, LiftWeakRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 2000, "reason", "请写明整顿转化情况（最多 2000 字）。")
            .ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var designation = await db.WeakDesignations.FirstOrDefaultAsync(w => w.Id == id && w.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("weak_designations");
        db.ApplyIfMatch(designation, http.Request);
        if (designation.LiftedAt is not null) throw DomainException.Conflict("weak_designations.already_lifted", "该认定已摘帽。");
        var now = clock.GetUtcNow();
        designation.LiftedAt = now;
        designation.LiftReason = request.Reason!.Trim();
        db.AddEvent(new BranchDesignatedWeak
        {
            DesignationId = designation.Id, BranchId = designation.BranchId, Year = designation.Year, Designated = false,
            Reason = designation.LiftReason, OccurredAt = now,
        }, now);
        db.Audit(http.User, now, "weak_designation", designation.Id, designation.OrgPath, "lifted", "designated", "lifted",
            designation.LiftReason);
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = ETags.Format(designation.RowVersion);
        return WeakDesignationResponse.From(designation);
    }

    public static async Task<WeakDesignationResponse> GetAsync(BranchesServices services, Guid id, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var w = await services.Db.WeakDesignations.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id && w.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("weak_designations");
        return WeakDesignationResponse.From(w);
    }

    public static async Task<Page<WeakDesignationResponse>> ListAsync(BranchesServices services, int? year, bool? active, int? page,
        int? pageSize, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.WeakDesignations.AsNoTracking().Where(w => w.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(w => w.Year == year);
        if (active is not null) query = query.Where(w => (w.LiftedAt == null) == active);
        return await query.OrderByDescending(w => w.Year).ThenBy(w => w.OrgPath).ToPageAsync(paging, WeakDesignationResponse.From, ct);
    }

    private static DomainException Exists(int year) =>
        DomainException.Conflict("weak_designations.exists", $"该支部 {year} 年度已有软弱涣散认定。");
}
