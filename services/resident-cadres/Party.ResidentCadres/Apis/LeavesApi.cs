using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.Leaves;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

public sealed record RequestLeaveRequest(LeaveKind? Kind, DateOnly? FromDay, DateOnly? ToDay, [FreeText] string? Reason);
/// <summary>An approval may carry a note.</summary>
public sealed record ApproveRequest([FreeText] string? Note = null);
/// <summary>A rejection says why (驳回须说明理由), for check-ins, leaves and errands alike.</summary>
public sealed record RejectRequest([FreeText] string? Note)
{
    internal void Validate() => new Validator().Check(!string.IsNullOrWhiteSpace(Note), "note", "驳回须说明理由。").ThrowIfInvalid();
}
public sealed record LeaveResponse(Guid Id, Guid CadreId, Guid VillageId, LeaveKind Kind, DateOnly FromDay, DateOnly ToDay, int Days, string Reason,
    LeaveStatus Status, IReadOnlyList<ApproverLevel> ApprovalChain, DateOnly? ReturnedOn);
public sealed record RequestErrandRequest(DateOnly? FromDay, DateOnly? ToDay, [FreeText] string? Purpose);
public sealed record ErrandResponse(Guid Id, Guid CadreId, Guid VillageId, DateOnly FromDay, DateOnly ToDay, string Purpose, ErrandStatus Status);

public static class LeavesApi
{
    public static IEndpointRouteBuilder MapLeavesApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup($"{ApiSupport.Prefix}/me").WithTags("Leaves").RequireRole(PartyRoles.Cadre);
        me.MapPost("/leaves", RequestLeave).WithName("RequestLeave").WithSummary("请假：3 天以内乡镇审批，超过 3 天乡镇审批后报县委组织部审批。");
        me.MapGet("/leaves", MyLeaves).WithName("MyLeaves").WithSummary("本人请假记录。");
        me.MapPost("/leaves/{id:guid}/return", Return).WithName("ReturnFromLeave").WithSummary("销假：今天起恢复在岗，假期提前结束。");
        me.MapPost("/errands", RequestErrand).WithName("RequestErrand").WithSummary("报备派差（公务外出），批准后其天数计入在村。");

        var office = app.MapGroup($"{ApiSupport.Prefix}").WithTags("Leaves").RequireRole(ApiSupport.OfficeRoles);
        office.MapGet("/leaves", List).WithName("ListLeaves").WithSummary("分页查看管辖范围内的请假。");
        office.MapPost("/leaves/{id:guid}/approve", Approve).WithName("ApproveLeave").WithSummary("按审批链审批请假（乡镇、县）。");
        office.MapPost("/leaves/{id:guid}/reject", Reject).WithName("RejectLeave").WithSummary("驳回请假。");
        office.MapGet("/errands", ListErrands).WithName("ListErrands").WithSummary("分页查看派差。");
        office.MapPost("/errands/{id:guid}/approve", ApproveErrand).WithName("ApproveErrand").WithSummary("乡镇批准派差。").RequireRole(PartyRoles.Township);
        office.MapPost("/errands/{id:guid}/reject", RejectErrand).WithName("RejectErrand").WithSummary("乡镇驳回派差。").RequireRole(PartyRoles.Township);
        return app;
    }

    private static LeaveResponse ToResponse(Leave l, int townshipMaxDays) => new(l.Id, l.CadreId, l.VillageId, l.Kind, l.FromDay, l.ToDay,
        LeaveRules.Days(l.FromDay, l.ToDay), l.Reason, l.Status, LeaveRules.ApprovalChain(LeaveRules.Days(l.FromDay, l.ToDay), townshipMaxDays), l.ReturnedOn);

    private static ErrandResponse ToResponse(Errand e) => new(e.Id, e.CadreId, e.VillageId, e.FromDay, e.ToDay, e.Purpose, e.Status);

    private static async Task<int> TownshipMaxDaysAsync(ResidentCadresDbContext db, DateOnly day, CancellationToken ct) =>
        (int)await RuleBook.ValueOnAsync(db, RuleKeys.LeaveTownshipMaxDays, day, ct);

    private static async Task<(Cadre Cadre, Assignment Assignment)> CadreOnDutyAsync(ResidentCadresDbContext db, HttpContext http, CancellationToken ct)
    {
        var cadre = await ApiSupport.CurrentCadreAsync(db, http.User, ct);
        var assignment = await ApiSupport.OpenAssignmentAsync(db, cadre.Id, ct)
            ?? throw new DomainException("leaves.not_assigned", "您当前没有在岗的派驻。", 409);
        return (cadre, assignment);
    }

    private static async Task<Created<LeaveResponse>> RequestLeave(RequestLeaveRequest request, ResidentCadresDbContext db, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.Kind is not null, "kind", "请选择请假类别。")
            .Check(request.FromDay is not null, "fromDay", "请填写开始日期。")
            .Check(request.ToDay is not null && (request.FromDay is null || request.ToDay >= request.FromDay), "toDay", "结束日期必填，且不能早于开始日期。")
            .Check(request.FromDay is null || request.ToDay is null || LeaveRules.Days(request.FromDay.Value, request.ToDay.Value) <= 366, "toDay", "一次请假不能超过一年。")
            .Check(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 500, "reason", "请填写请假事由（最多 500 字）。")
            .ThrowIfInvalid();
        var (cadre, assignment) = await CadreOnDutyAsync(db, http, ct);
        var from = request.FromDay!.Value;
        var to = request.ToDay!.Value;
        if (await db.Leaves.AnyAsync(l => l.CadreId == cadre.Id && l.FromDay <= to && l.ToDay >= from
                && (l.Status == LeaveStatus.PendingTownship || l.Status == LeaveStatus.PendingCounty || l.Status == LeaveStatus.Approved), ct))
            throw DomainException.Conflict("leaves.overlap", "这段时间已有待审批或已批准的请假。");
        var now = clock.GetUtcNow();
        var leave = new Leave
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = assignment.VillageId, OrgPath = assignment.OrgPath, Kind = request.Kind!.Value,
            FromDay = from, ToDay = to, Reason = request.Reason!.Trim(), Status = LeaveStatus.PendingTownship, CreatedAt = now,
        };
        db.Leaves.Add(leave);
        db.Audit(http.User, now, "leave", leave.Id, leave.OrgPath, "requested", null, leave.Status.ToString(), leave.Reason);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/me/leaves", ToResponse(leave, await TownshipMaxDaysAsync(db, from, ct)));
    }

    private static async Task<Ok<Page<LeaveResponse>>> MyLeaves(int? page, int? pageSize, ResidentCadresDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var cadre = await ApiSupport.CurrentCadreAsync(db, http.User, ct);
        var query = db.Leaves.AsNoTracking().Where(l => l.CadreId == cadre.Id);
        var max = await TownshipMaxDaysAsync(db, clock.Today(), ct);
        return TypedResults.Ok(await query.OrderByDescending(l => l.FromDay).ToPageAsync(paging, l => ToResponse(l, max), ct));
    }

    private static async Task<Ok<LeaveResponse>> Return(Guid id, ResidentCadresDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var cadre = await ApiSupport.CurrentCadreAsync(db, http.User, ct);
        var leave = await db.Leaves.FirstOrDefaultAsync(l => l.Id == id && l.CadreId == cadre.Id, ct) ?? throw DomainException.NotFound("leaves");
        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        leave.ReturnedOn = LeaveRules.ReturnOn(leave.Status, leave.FromDay, leave.ToDay, today);
        leave.Status = LeaveStatus.Returned;
        db.Audit(http.User, now, "leave", leave.Id, leave.OrgPath, "returned", LeaveStatus.Approved.ToString(), LeaveStatus.Returned.ToString(), $"销假 {today:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(leave, await TownshipMaxDaysAsync(db, leave.FromDay, ct)));
    }

    private static async Task<Ok<Page<LeaveResponse>>> List([QueryEnum(typeof(LeaveStatus))] string? status, Guid? cadreId, int? page, int? pageSize, ResidentCadresDbContext db,
        OrgScope scope, TimeProvider clock, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Leaves.AsNoTracking().Where(l => l.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<LeaveStatus>(status, "status") is { } s) query = query.Where(l => l.Status == s);
        if (cadreId is { } c) query = query.Where(l => l.CadreId == c);
        var max = await TownshipMaxDaysAsync(db, clock.Today(), ct);
        return TypedResults.Ok(await query.OrderByDescending(l => l.FromDay).ThenBy(l => l.Id).ToPageAsync(paging, l => ToResponse(l, max), ct));
    }

    private static async Task<Leave> LeaveInScopeAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Leaves.FirstOrDefaultAsync(l => l.Id == id && l.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("leaves");
    }

    private static async Task<Ok<LeaveResponse>> Approve(Guid id, ApproveRequest request, ResidentCadresDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var leave = await LeaveInScopeAsync(db, scope, id, ct);
        var max = await TownshipMaxDaysAsync(db, leave.FromDay, ct);
        var before = leave.Status;
        leave.Status = LeaveRules.AfterApproval(leave.Status, ApiSupport.LevelOf(http.User), LeaveRules.Days(leave.FromDay, leave.ToDay), max);
        var now = clock.GetUtcNow();
        db.Audit(http.User, now, "leave", leave.Id, leave.OrgPath, "approved", before.ToString(), leave.Status.ToString(), request.Note);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(leave, max));
    }

    private static async Task<Ok<LeaveResponse>> Reject(Guid id, RejectRequest request, ResidentCadresDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        request.Validate();
        var leave = await LeaveInScopeAsync(db, scope, id, ct);
        var before = leave.Status;
        leave.Status = LeaveRules.AfterRejection(leave.Status, ApiSupport.LevelOf(http.User));
        var now = clock.GetUtcNow();
        db.Audit(http.User, now, "leave", leave.Id, leave.OrgPath, "rejected", before.ToString(), leave.Status.ToString(), request.Note);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(leave, await TownshipMaxDaysAsync(db, leave.FromDay, ct)));
    }

    private static async Task<Created<ErrandResponse>> RequestErrand(RequestErrandRequest request, ResidentCadresDbContext db, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        new Validator()
            .Check(request.FromDay is not null, "fromDay", "请填写开始日期。")
            .Check(request.ToDay is not null && (request.FromDay is null || request.ToDay >= request.FromDay), "toDay", "结束日期必填，且不能早于开始日期。")
            .Check(!string.IsNullOrWhiteSpace(request.Purpose) && request.Purpose.Length <= 500, "purpose", "请填写派差事由（最多 500 字）。")
            .ThrowIfInvalid();
        var (cadre, assignment) = await CadreOnDutyAsync(db, http, ct);
        var now = clock.GetUtcNow();
        var errand = new Errand
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = assignment.VillageId, OrgPath = assignment.OrgPath,
            FromDay = request.FromDay!.Value, ToDay = request.ToDay!.Value, Purpose = request.Purpose!.Trim(), Status = ErrandStatus.Pending, CreatedAt = now,
        };
        db.Errands.Add(errand);
        db.Audit(http.User, now, "errand", errand.Id, errand.OrgPath, "requested", null, errand.Status.ToString(), errand.Purpose);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/errands/{errand.Id}", ToResponse(errand));
    }

    private static async Task<Ok<Page<ErrandResponse>>> ListErrands([QueryEnum(typeof(ErrandStatus))] string? status, int? page, int? pageSize, ResidentCadresDbContext db,
        OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Errands.AsNoTracking().Where(e => e.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<ErrandStatus>(status, "status") is { } s) query = query.Where(e => e.Status == s);
        return TypedResults.Ok(await query.OrderByDescending(e => e.FromDay).ThenBy(e => e.Id).ToPageAsync(paging, ToResponse, ct));
    }

    private static Task<Ok<ErrandResponse>> ApproveErrand(Guid id, ApproveRequest request, ResidentCadresDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct) => ReviewErrand(id, ErrandStatus.Approved, request.Note, db, scope, http, clock, ct);

    private static Task<Ok<ErrandResponse>> RejectErrand(Guid id, RejectRequest request, ResidentCadresDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        request.Validate();
        return ReviewErrand(id, ErrandStatus.Rejected, request.Note, db, scope, http, clock, ct);
    }

    private static async Task<Ok<ErrandResponse>> ReviewErrand(Guid id, ErrandStatus to, string? note, ResidentCadresDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var errand = await db.Errands.FirstOrDefaultAsync(e => e.Id == id && e.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("errands");
        if (errand.Status != ErrandStatus.Pending) throw DomainException.Conflict("errands.not_pending", "该派差已审批过。");
        var now = clock.GetUtcNow();
        errand.Status = to;
        db.Audit(http.User, now, "errand", errand.Id, errand.OrgPath, to == ErrandStatus.Approved ? "approved" : "rejected",
            ErrandStatus.Pending.ToString(), to.ToString(), note);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(errand));
    }
}
