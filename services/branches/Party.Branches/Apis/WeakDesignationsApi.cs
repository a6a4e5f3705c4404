using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Branches.Data;
using Party.Branches.Domain.Weak;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record DesignateWeakRequest(Guid? BranchId, int? Year, [FreeText] string? Reason);
public sealed record LiftWeakRequest([FreeText] string? Reason);
public sealed record WeakDesignationResponse(Guid Id, Guid BranchId, int Year, string Reason, DateTimeOffset DesignatedAt, DateTimeOffset? LiftedAt, string? LiftReason);

/// <summary>Weak-and-lax designation (软弱涣散党组织认定): published as <c>BranchDesignatedWeak</c> so resident cadres are dispatched.</summary>
public static class WeakDesignationsApi
{
    public static IEndpointRouteBuilder MapWeakDesignationsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/weak-designations").WithTags("WeakDesignations");
        g.MapPost("/", Designate).RequireRole(PartyRoles.County).WithName("DesignateWeakBranch").WithSummary("认定软弱涣散党组织，发布 BranchDesignatedWeak。");
        g.MapPost("/{id:guid}/lift", Lift).RequireRole(PartyRoles.County).WithName("LiftWeakDesignation").WithSummary("整顿转化后摘帽（支持 If-Match）。");
        g.MapGet("/", List).WithName("ListWeakDesignations").WithSummary("分页列出管辖范围内的软弱涣散认定。");
        g.MapGet("/{id:guid}", Get).WithName("GetWeakDesignation").WithSummary("查看一条认定。");
        return app;
    }

    private static WeakDesignationResponse ToResponse(WeakDesignation w) => new(w.Id, w.BranchId, w.Year, w.Reason, w.DesignatedAt, w.LiftedAt, w.LiftReason);

    private static async Task<Created<WeakDesignationResponse>> Designate(DesignateWeakRequest request, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        new Validator()
            .Check(request.BranchId is not null, "branchId", "请指定党支部。")
            .Check(request.Year is >= 2000 && request.Year <= today.Year + 1, "year", "认定年度不合理。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 2000, "reason", "请写明认定理由（最多 2000 字）。")
            .ThrowIfInvalid();
        var branch = await ApiSupport.BranchInScopeAsync(db, scope, request.BranchId, "weak_designations.branch", ct);
        if (await db.WeakDesignations.AnyAsync(w => w.BranchId == branch.Id && w.Year == request.Year, ct)) throw Exists(request.Year!.Value);
        var now = clock.GetUtcNow();
        var designation = new WeakDesignation
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = request.Year!.Value, Reason = request.Reason!.Trim(),
            DesignatedAt = now, DesignatedBy = http.User.Actor(),
        };
        db.WeakDesignations.Add(designation);
        db.AddEvent(new BranchDesignatedWeak { DesignationId = designation.Id, BranchId = branch.Id, Year = designation.Year, Designated = true, Reason = designation.Reason, OccurredAt = now }, now);
        db.Audit(http.User, now, "weak_designation", designation.Id, designation.OrgPath, "designated", to: $"{designation.Year}", reason: designation.Reason);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw Exists(designation.Year);
        }
        http.Response.Headers.ETag = ETags.Format(designation.RowVersion);
        return TypedResults.Created($"/api/branches/weak-designations/{designation.Id}", ToResponse(designation));
    }

    private static async Task<Ok<WeakDesignationResponse>> Lift(Guid id, LiftWeakRequest request, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 2000, "reason", "请写明整顿转化情况（最多 2000 字）。").ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var designation = await db.WeakDesignations.FirstOrDefaultAsync(w => w.Id == id && w.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("weak_designations");
        db.ApplyIfMatch(designation, http.Request);
        if (designation.LiftedAt is not null) throw DomainException.Conflict("weak_designations.already_lifted", "该认定已摘帽。");
        var now = clock.GetUtcNow();
        designation.LiftedAt = now;
        designation.LiftReason = request.Reason!.Trim();
        db.AddEvent(new BranchDesignatedWeak { DesignationId = designation.Id, BranchId = designation.BranchId, Year = designation.Year, Designated = false, Reason = designation.LiftReason, OccurredAt = now }, now);
        db.Audit(http.User, now, "weak_designation", designation.Id, designation.OrgPath, "lifted", "designated", "lifted", designation.LiftReason);
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = ETags.Format(designation.RowVersion);
        return TypedResults.Ok(ToResponse(designation));
    }

    private static async Task<Ok<WeakDesignationResponse>> Get(Guid id, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var w = await db.WeakDesignations.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id && w.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("weak_designations");
        return TypedResults.Ok(ToResponse(w));
    }

    private static async Task<Ok<Page<WeakDesignationResponse>>> List(int? year, bool? active, int? page, int? pageSize, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.WeakDesignations.AsNoTracking().Where(w => w.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(w => w.Year == year);
        if (active is not null) query = query.Where(w => (w.LiftedAt == null) == active);
        return TypedResults.Ok(await query.OrderByDescending(w => w.Year).ThenBy(w => w.OrgPath).ToPageAsync(paging, ToResponse, ct));
    }

    private static DomainException Exists(int year) => DomainException.Conflict("weak_designations.exists", $"该支部 {year} 年度已有软弱涣散认定。");
}
