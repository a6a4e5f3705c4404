using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

public sealed record RegisterCadreRequest(string? UserId, string? Name, string? DispatchingUnit, string? Mobile = null, Guid? OrgUnitId = null);
public sealed record AssignCadreRequest(Guid? VillageId, CadreRole? Role, DateOnly? StartsOn, bool? CountyDispatched = null, DateOnly? EndsOn = null);
public sealed record EndAssignmentRequest(DateOnly? EndsOn, [FreeText] string? Reason);
public sealed record AssignmentResponse(Guid Id, Guid VillageId, CadreRole Role, bool CountyDispatched, DateOnly StartsOn, DateOnly? EndsOn, bool Ended, string? EndReason);
public sealed record CadreResponse(Guid Id, string UserId, string Name, string? Mobile, string DispatchingUnit, AssignmentResponse? ActiveAssignment,
    IReadOnlyList<AssignmentResponse> History);
public sealed record CadreListItem(Guid Id, string Name, string DispatchingUnit, Guid? VillageId, CadreRole? Role);

public static class CadresApi
{
    public static IEndpointRouteBuilder MapCadresApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{ApiSupport.Prefix}/cadres").WithTags("Cadres").RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/", Register).WithName("RegisterCadre").WithSummary("登记驻村干部（userId 为其登录账号的 sub）。");
        group.MapGet("/", List).WithName("ListCadres").WithSummary("分页列出管辖范围内的驻村干部。");
        group.MapGet("/{id:guid}", Get).WithName("GetCadre").WithSummary("查看驻村干部及其派驻历史。");
        group.MapPost("/{id:guid}/assignments", Assign).WithName("AssignCadre").WithSummary("派驻到村；同一时间只能有一个在岗派驻。");
        group.MapPost("/{id:guid}/assignments/{assignmentId:guid}/end", EndAssignment).WithName("EndAssignment").WithSummary("结束派驻（保留历史）。");
        app.MapGet($"{ApiSupport.Prefix}/me", Me).WithTags("Cadres").WithName("MyCadreProfile").WithSummary("驻村干部查看本人档案和派驻。")
            .RequireRole(PartyRoles.Cadre);
        return app;
    }

    private static AssignmentResponse ToResponse(Assignment a) => new(a.Id, a.VillageId, a.Role, a.CountyDispatched, a.StartsOn, a.EndsOn, a.Ended, a.EndReason);

    private static async Task<CadreResponse> ResponseFor(ResidentCadresDbContext db, Cadre c, CancellationToken ct)
    {
        var history = await db.Assignments.AsNoTracking().Where(a => a.CadreId == c.Id).OrderByDescending(a => a.StartsOn).ToListAsync(ct);
        return new CadreResponse(c.Id, c.UserId, c.Name, c.Mobile, c.DispatchingUnit,
            history.Where(a => !a.Ended).Select(ToResponse).FirstOrDefault(), history.Select(ToResponse).ToList());
    }

    private static async Task<Created<CadreResponse>> Register(RegisterCadreRequest request, ResidentCadresDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.UserId) && request.UserId.Length <= 200, "userId", "登录账号必填（最多 200 个字符）。")
            .Check(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 100, "name", "姓名必填，最多 100 字。")
            .Check(request.Mobile is null || System.Text.RegularExpressions.Regex.IsMatch(request.Mobile, "^1[3-9][0-9]{9}$"), "mobile", "手机号须为 11 位、以 13–19 开头。")
            .Check(!string.IsNullOrWhiteSpace(request.DispatchingUnit) && request.DispatchingUnit.Length <= 200, "dispatchingUnit", "派出单位必填。")
            .ThrowIfInvalid();
        var orgId = request.OrgUnitId ?? scope.CallerOrgId ?? throw DomainException.NotFound("org_units");
        await scope.EnsureContainsAsync(orgId, "org_units", ct);
        var path = await db.OrgUnits.Where(u => u.Id == orgId).Select(u => u.Path).FirstAsync(ct);
        if (await db.Cadres.AnyAsync(c => c.UserId == request.UserId, ct)) throw UserTaken();
        var now = clock.GetUtcNow();
        var cadre = new Cadre
        {
            Id = Guid.CreateVersion7(), UserId = request.UserId!.Trim(), Name = request.Name!.Trim(), Mobile = request.Mobile,
            DispatchingUnit = request.DispatchingUnit!.Trim(), HomeOrgId = orgId, OrgPath = path, CreatedAt = now,
        };
        db.Cadres.Add(cadre);
        db.Audit(http.User, now, "cadre", cadre.Id, path, "registered", to: $"{cadre.Name} ({cadre.DispatchingUnit})");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e)) { throw UserTaken(); }
        return TypedResults.Created($"{ApiSupport.Prefix}/cadres/{cadre.Id}", await ResponseFor(db, cadre, ct));
    }

    private static DomainException UserTaken() => DomainException.Conflict("cadres.user_taken", "该登录账号已登记为驻村干部。");

    private static async Task<Ok<Page<CadreListItem>>> List(Guid? villageId, int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = from c in db.Cadres.AsNoTracking()
                    where c.OrgPath.StartsWith(prefix)
                    join a in db.Assignments.AsNoTracking().Where(a => !a.Ended) on c.Id equals a.CadreId into open
                    from a in open.DefaultIfEmpty()
                    select new { c, a };
        if (villageId is { } v) query = query.Where(x => x.a != null && x.a.VillageId == v);
        return TypedResults.Ok(await query.OrderBy(x => x.c.Name).ThenBy(x => x.c.Id)
            .Select(x => new CadreListItem(x.c.Id, x.c.Name, x.c.DispatchingUnit, x.a == null ? null : x.a.VillageId, x.a == null ? null : x.a.Role))
            .ToPageAsync(paging, ct));
    }

    private static async Task<Ok<CadreResponse>> Get(Guid id, ResidentCadresDbContext db, OrgScope scope, CancellationToken ct) =>
        TypedResults.Ok(await ResponseFor(db, await ApiSupport.CadreInScopeAsync(db, scope, id, ct), ct));

    private static async Task<Ok<CadreResponse>> Me(ResidentCadresDbContext db, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await ResponseFor(db, await ApiSupport.CurrentCadreAsync(db, http.User, ct), ct));

    private static async Task<Created<AssignmentResponse>> Assign(Guid id, AssignCadreRequest request, ResidentCadresDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.VillageId is not null, "villageId", "请选择派驻村。")
            .Check(request.Role is not null, "role", "请选择职务（第一书记、队长、队员）。")
            .Check(request.StartsOn is not null, "startsOn", "请填写派驻开始日期。")
            .Check(request.EndsOn is null || request.StartsOn is null || request.EndsOn >= request.StartsOn, "endsOn", "结束日期不能早于开始日期。")
            .ThrowIfInvalid();
        var cadre = await ApiSupport.CadreInScopeAsync(db, scope, id, ct, tracking: true);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var village = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.VillageId && u.Path.StartsWith(prefix)
            && u.Kind == "Branch" && u.Domain == "RuralVillage" && !u.Dissolved, ct) ?? throw DomainException.NotFound("villages");
        if (await db.Assignments.AnyAsync(a => a.CadreId == id && !a.Ended, ct)) throw AlreadyActive();
        var lastEnd = await db.Assignments.Where(a => a.CadreId == id).MaxAsync(a => a.EndsOn, ct);
        if (lastEnd is { } end && request.StartsOn <= end)
            throw new DomainException("assignments.overlaps_history", $"新的派驻须在上一段派驻结束（{end:yyyy-MM-dd}）之后开始。", 409);
        var now = clock.GetUtcNow();
        var assignment = new Assignment
        {
            Id = Guid.CreateVersion7(), CadreId = id, VillageId = village.Id, OrgPath = village.Path, Role = request.Role!.Value,
            CountyDispatched = request.CountyDispatched ?? false, StartsOn = request.StartsOn!.Value, EndsOn = request.EndsOn, CreatedAt = now,
        };
        db.Assignments.Add(assignment);
        var fromPath = cadre.OrgPath;
        cadre.OrgPath = village.Path;
        db.Audit(http.User, now, "assignment", assignment.Id, village.Path, "assigned", fromPath, $"{village.Name} {assignment.Role} {assignment.StartsOn:yyyy-MM-dd}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e)) { throw AlreadyActive(); }
        return TypedResults.Created($"{ApiSupport.Prefix}/cadres/{id}", ToResponse(assignment));
    }

    private static DomainException AlreadyActive() =>
        DomainException.Conflict("assignments.already_active", "该干部已有在岗派驻，请先结束当前派驻再重新派驻。");

    private static async Task<Ok<AssignmentResponse>> EndAssignment(Guid id, Guid assignmentId, EndAssignmentRequest request, ResidentCadresDbContext db,
        OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.EndsOn is not null, "endsOn", "请填写派驻结束日期（最后一个在岗日）。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason), "reason", "请说明结束派驻的原因。")
            .ThrowIfInvalid();
        await ApiSupport.CadreInScopeAsync(db, scope, id, ct);
        var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == assignmentId && a.CadreId == id, ct)
            ?? throw DomainException.NotFound("assignments");
        if (assignment.Ended) throw DomainException.Conflict("assignments.already_ended", "该派驻已结束。");
        if (request.EndsOn < assignment.StartsOn) throw DomainException.Validation(new Dictionary<string, string[]> { ["endsOn"] = ["结束日期不能早于开始日期。"] });
        var now = clock.GetUtcNow();
        assignment.Ended = true;
        assignment.EndsOn = request.EndsOn;
        assignment.EndReason = request.Reason;
        db.Audit(http.User, now, "assignment", assignment.Id, assignment.OrgPath, "ended", "active", $"ended {request.EndsOn:yyyy-MM-dd}", request.Reason);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(assignment));
    }
}
