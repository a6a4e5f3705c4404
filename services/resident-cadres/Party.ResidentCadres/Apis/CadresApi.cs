using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record RegisterCadreRequest(string? UserId, string? Name, string? DispatchingUnit, string? Mobile = null,
    Guid? OrgUnitId = null)
{
    internal CadreRegistration Validate()
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(UserId) && UserId.Length <= 200, "userId", "登录账号必填（最多 200 个字符）。")
            .Check(!string.IsNullOrWhiteSpace(Name) && Name.Trim().Length <= 100, "name", "姓名必填，最多 100 字。")
            .Check(Mobile is null || Regex.IsMatch(Mobile, "^1[3-9][0-9]{9}$"), "mobile", "手机号须为 11 位、以 13–19 开头。")
            .Check(!string.IsNullOrWhiteSpace(DispatchingUnit) && DispatchingUnit.Length <= 200, "dispatchingUnit", "派出单位必填。")
            .ThrowIfInvalid();
        return new CadreRegistration(UserId!, Name!, Mobile, DispatchingUnit!, OrgUnitId);
    }
}
public sealed record AssignCadreRequest(Guid? VillageId, CadreRole? Role, DateOnly? StartsOn, bool? CountyDispatched = null,
    DateOnly? EndsOn = null)
{
    internal Stationing Validate()
    {
        new Validator()
            .Check(VillageId is not null, "villageId", "请选择派驻村。")
            .Check(Role is not null, "role", "请选择职务（第一书记、队长、队员）。")
            .Check(StartsOn is not null, "startsOn", "请填写派驻开始日期。")
            .Check(EndsOn is null || StartsOn is null || EndsOn >= StartsOn, "endsOn", "结束日期不能早于开始日期。")
            .ThrowIfInvalid();
        return new Stationing(VillageId!.Value, Role!.Value, StartsOn!.Value, CountyDispatched ?? false, EndsOn);
    }
}
public sealed record EndAssignmentRequest(DateOnly? EndsOn, [FreeText] string? Reason)
{
    internal void Validate() =>
        new Validator()
            .Check(EndsOn is not null, "endsOn", "请填写派驻结束日期（最后一个在岗日）。")
            .Check(!string.IsNullOrWhiteSpace(Reason), "reason", "请说明结束派驻的原因。")
            .ThrowIfInvalid();
}
public sealed record AssignmentResponse(Guid Id, Guid VillageId, CadreRole Role, bool CountyDispatched, DateOnly StartsOn, DateOnly? EndsOn,
    bool Ended, string? EndReason);
public sealed record CadreResponse(Guid Id, string UserId, string Name, string? Mobile, string DispatchingUnit,
    AssignmentResponse? ActiveAssignment, IReadOnlyList<AssignmentResponse> History);
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
        group.MapPost("/{id:guid}/assignments/{assignmentId:guid}/end", EndAssignment).WithName("EndAssignment")
            .WithSummary("结束派驻（保留历史）。");
        app.MapGet($"{ApiSupport.Prefix}/me", Me).WithTags("Cadres").WithName("MyCadreProfile").WithSummary("驻村干部查看本人档案和派驻。")
            .RequireRole(PartyRoles.Cadre);
        return app;
    }

    private static AssignmentResponse ToResponse(Assignment a) =>
        new(a.Id, a.VillageId, a.Role, a.CountyDispatched, a.StartsOn, a.EndsOn, a.Ended, a.EndReason);

    private static async Task<CadreResponse> ResponseFor(ResidentCadresDbContext db, Cadre c, CancellationToken ct)
    {
        var history = await db.Assignments.AsNoTracking().Where(a => a.CadreId == c.Id).OrderByDescending(a => a.StartsOn).ToListAsync(ct);
        return new CadreResponse(c.Id, c.UserId, c.Name, c.Mobile, c.DispatchingUnit,
            history.Where(a => !a.Ended).Select(ToResponse).FirstOrDefault(), history.Select(ToResponse).ToList());
    }

    private static async Task<Created<CadreResponse>> Register(RegisterCadreRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var registration = request.Validate();
        var cadre = await CadreAssignments.RegisterAsync(s.Db, s.Scope, registration, s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/cadres/{cadre.Id}", await ResponseFor(s.Db, cadre, ct));
    }

    private static async Task<Ok<Page<CadreListItem>>> List(Guid? villageId, int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await s.CallerPathAsync(ct);
        var query = from c in s.Db.Cadres.AsNoTracking()
                    where c.OrgPath.StartsWith(prefix)
                    join a in s.Db.Assignments.AsNoTracking().Where(a => !a.Ended) on c.Id equals a.CadreId into open
                    from a in open.DefaultIfEmpty()
                    select new { c, a };
        if (villageId is { } v) query = query.Where(x => x.a != null && x.a.VillageId == v);
        return TypedResults.Ok(await query.OrderBy(x => x.c.Name).ThenBy(x => x.c.Id)
            .Select(x => new CadreListItem(x.c.Id, x.c.Name, x.c.DispatchingUnit, x.a == null ? null : x.a.VillageId,
                x.a == null ? null : x.a.Role))
            .ToPageAsync(paging, ct));
    }

    private static async Task<Ok<CadreResponse>> Get(Guid id, [AsParameters] CadresServices s, CancellationToken ct) =>
        TypedResults.Ok(await ResponseFor(s.Db, await CadreLookup.CadreInScopeAsync(s.Db, s.Scope, id, ct), ct));

    private static async Task<Ok<CadreResponse>> Me([AsParameters] CadresServices s, CancellationToken ct) =>
        TypedResults.Ok(await ResponseFor(s.Db, await CadreLookup.CurrentCadreAsync(s.Db, s.User, ct), ct));

    private static async Task<Created<AssignmentResponse>> Assign(Guid id, AssignCadreRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var stationing = request.Validate();
        var assignment = await CadreAssignments.AssignAsync(s.Db, s.Scope, id, stationing, s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/cadres/{id}", ToResponse(assignment));
    }

    private static async Task<Ok<AssignmentResponse>> EndAssignment(Guid id, Guid assignmentId, EndAssignmentRequest request,
        [AsParameters] CadresServices s, CancellationToken ct)
    {
        request.Validate();
        var assignment = await CadreAssignments.EndAsync(s.Db, s.Scope, id, assignmentId, request.EndsOn!.Value, request.Reason, s.User,
            s.Clock.GetUtcNow(), ct);
        return TypedResults.Ok(ToResponse(assignment));
    }
}
