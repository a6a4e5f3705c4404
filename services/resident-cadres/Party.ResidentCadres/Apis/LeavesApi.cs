using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.Leaves;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record RequestLeaveRequest(LeaveKind? Kind, DateOnly? FromDay, DateOnly? ToDay, [FreeText] string? Reason)
{
    internal LeaveApplication Validate()
    {
        new Validator()
            .Check(Kind is not null, "kind", "请选择请假类别。")
            .Check(FromDay is not null, "fromDay", "请填写开始日期。")
            .Check(ToDay is not null && (FromDay is null || ToDay >= FromDay), "toDay", "结束日期必填，且不能早于开始日期。")
            .Check(FromDay is null || ToDay is null || LeaveRules.Days(FromDay.Value, ToDay.Value) <= 366, "toDay", "一次请假不能超过一年。")
            .Check(!string.IsNullOrWhiteSpace(Reason) && Reason.Length <= 500, "reason", "请填写请假事由（最多 500 字）。")
            .ThrowIfInvalid();
        return new LeaveApplication(Kind!.Value, FromDay!.Value, ToDay!.Value, Reason!.Trim());
    }
}
/// <summary>An approval may carry a note.</summary>
public sealed record ApproveRequest([FreeText] string? Note = null);
/// <summary>A rejection says why (驳回须说明理由), for check-ins, leaves and errands alike.</summary>
public sealed record RejectRequest([FreeText] string? Note)
{
    internal void Validate() => new Validator().Check(!string.IsNullOrWhiteSpace(Note), "note", "驳回须说明理由。").ThrowIfInvalid();
}
public sealed record LeaveResponse(Guid Id, Guid CadreId, Guid VillageId, LeaveKind Kind, DateOnly FromDay, DateOnly ToDay, int Days,
    string Reason, LeaveStatus Status, IReadOnlyList<ApproverLevel> ApprovalChain, DateOnly? ReturnedOn);
public sealed record RequestErrandRequest(DateOnly? FromDay, DateOnly? ToDay, [FreeText] string? Purpose)
{
    internal void Validate() =>
        new Validator()
            .Check(FromDay is not null, "fromDay", "请填写开始日期。")
            .Check(ToDay is not null && (FromDay is null || ToDay >= FromDay), "toDay", "结束日期必填，且不能早于开始日期。")
            .Check(!string.IsNullOrWhiteSpace(Purpose) && Purpose.Length <= 500, "purpose", "请填写派差事由（最多 500 字）。")
            .ThrowIfInvalid();
}
public sealed record ErrandResponse(Guid Id, Guid CadreId, Guid VillageId, DateOnly FromDay, DateOnly ToDay, string Purpose,
    ErrandStatus Status);

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
        office.MapPost("/errands/{id:guid}/approve", ApproveErrand).WithName("ApproveErrand").WithSummary("乡镇批准派差。")
            .RequireRole(PartyRoles.Township);
        office.MapPost("/errands/{id:guid}/reject", RejectErrand).WithName("RejectErrand").WithSummary("乡镇驳回派差。")
            .RequireRole(PartyRoles.Township);
        return app;
    }

    private static LeaveResponse ToResponse(Leave l, int townshipMaxDays) => new(l.Id, l.CadreId, l.VillageId, l.Kind, l.FromDay, l.ToDay,
        LeaveRules.Days(l.FromDay, l.ToDay), l.Reason, l.Status,
        LeaveRules.ApprovalChain(LeaveRules.Days(l.FromDay, l.ToDay), townshipMaxDays), l.ReturnedOn);

    private static ErrandResponse ToResponse(Errand e) => new(e.Id, e.CadreId, e.VillageId, e.FromDay, e.ToDay, e.Purpose, e.Status);

    private static async Task<Created<LeaveResponse>> RequestLeave(RequestLeaveRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var application = request.Validate();
        var leave = await LeaveRequests.RequestAsync(s.Db, application, s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/me/leaves",
            ToResponse(leave, await LeaveRequests.TownshipMaxDaysAsync(s.Db, leave.FromDay, ct)));
    }

    private static async Task<Ok<Page<LeaveResponse>>> MyLeaves(int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var cadre = await CadreLookup.CurrentCadreAsync(s.Db, s.User, ct);
        var query = s.Db.Leaves.AsNoTracking().Where(l => l.CadreId == cadre.Id);
        var max = await LeaveRequests.TownshipMaxDaysAsync(s.Db, s.Clock.Today(), ct);
        return TypedResults.Ok(await query.OrderByDescending(l => l.FromDay).ToPageAsync(paging, l => ToResponse(l, max), ct));
    }

    private static async Task<Ok<LeaveResponse>> Return(Guid id, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var leave = await LeaveRequests.ReturnAsync(s.Db, id, s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Ok(ToResponse(leave, await LeaveRequests.TownshipMaxDaysAsync(s.Db, leave.FromDay, ct)));
    }

    private static async Task<Ok<Page<LeaveResponse>>> List([QueryEnum(typeof(LeaveStatus))] string? status, Guid? cadreId, int? page,
        int? pageSize, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await s.CallerPathAsync(ct);
        var query = s.Db.Leaves.AsNoTracking().Where(l => l.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<LeaveStatus>(status, "status") is { } st) query = query.Where(l => l.Status == st);
        if (cadreId is { } c) query = query.Where(l => l.CadreId == c);
        var max = await LeaveRequests.TownshipMaxDaysAsync(s.Db, s.Clock.Today(), ct);
        return TypedResults.Ok(await query.OrderByDescending(l => l.FromDay).ThenBy(l => l.Id)
            .ToPageAsync(paging, l => ToResponse(l, max), ct));
    }

    private static async Task<Ok<LeaveResponse>> Approve(Guid id, ApproveRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var (leave, max) = await LeaveRequests.ApproveAsync(s.Db, s.Scope, id, ApiSupport.LevelOf(s.User), request.Note, s.User,
            s.Clock.GetUtcNow(), ct);
        return TypedResults.Ok(ToResponse(leave, max));
    }

    private static async Task<Ok<LeaveResponse>> Reject(Guid id, RejectRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        request.Validate();
        var leave = await LeaveRequests.RejectAsync(s.Db, s.Scope, id, ApiSupport.LevelOf(s.User), request.Note, s.User,
            s.Clock.GetUtcNow(), ct);
        return TypedResults.Ok(ToResponse(leave, await LeaveRequests.TownshipMaxDaysAsync(s.Db, leave.FromDay, ct)));
    }

    private static async Task<Created<ErrandResponse>> RequestErrand(RequestErrandRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        request.Validate();
        var errand = await LeaveRequests.RequestErrandAsync(s.Db, request.FromDay!.Value, request.ToDay!.Value, request.Purpose!.Trim(),
            s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/errands/{errand.Id}", ToResponse(errand));
    }

    private static async Task<Ok<Page<ErrandResponse>>> ListErrands([QueryEnum(typeof(ErrandStatus))] string? status, int? page,
        int? pageSize, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await s.CallerPathAsync(ct);
        var query = s.Db.Errands.AsNoTracking().Where(e => e.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<ErrandStatus>(status, "status") is { } st) query = query.Where(e => e.Status == st);
        return TypedResults.Ok(await query.OrderByDescending(e => e.FromDay).ThenBy(e => e.Id).ToPageAsync(paging, ToResponse, ct));
    }

    private static Task<Ok<ErrandResponse>> ApproveErrand(Guid id, ApproveRequest request, [AsParameters] CadresServices s,
        CancellationToken ct) => ReviewErrand(id, ErrandStatus.Approved, request.Note, s, ct);

    private static Task<Ok<ErrandResponse>> RejectErrand(Guid id, RejectRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        request.Validate();
        return ReviewErrand(id, ErrandStatus.Rejected, request.Note, s, ct);
    }

    private static async Task<Ok<ErrandResponse>> ReviewErrand(Guid id, ErrandStatus to, string? note, CadresServices s,
        CancellationToken ct)
    {
        var prefix = await s.CallerPathAsync(ct);
        var errand = await LeaveRequests.ReviewErrandAsync(s.Db, prefix, id, to, note, s.User, s.Clock.GetUtcNow(), ct);
        return TypedResults.Ok(ToResponse(errand));
    }
}
