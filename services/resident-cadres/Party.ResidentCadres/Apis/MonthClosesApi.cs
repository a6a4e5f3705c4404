using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.Stipends;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Telemetry;

namespace Party.ResidentCadres.Apis;

/// <summary><c>townshipId</c> left out: the caller's own township.</summary>
public sealed record CloseMonthRequest(Guid? TownshipId = null);
public sealed record MonthCloseResponse(Guid Id, Guid TownshipId, int Year, int Month, DateTimeOffset ClosedAt, int Cadres,
    int PendingTownship, int PendingCounty, int Approved, int Paid, decimal ApprovedTotal);
public sealed record StatementResponse(Guid Id, Guid CloseId, Guid CadreId, string CadreName, Guid VillageId, int Year, int Month,
    StatementKind Kind, int InVillageDays, int RequiredDays, decimal Living, decimal Transport, decimal Communication, decimal Total,
    StatementStatus Status, DateTimeOffset? PaidAt, string? PaymentReference);
public sealed record BatchResult(int Statements);

public static class MonthClosesApi
{
    public static IEndpointRouteBuilder MapMonthClosesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ApiSupport.Prefix).WithTags("Stipends").RequireRole(ApiSupport.OfficeRoles);
        group.MapPost("/months/{year:int}/{month:int}/close", Close).WithName("CloseMonth")
            .WithSummary("乡镇月度考勤关账：按在村天数和生效的标准生成每人补助核算单，并通知荣誉服务。");
        group.MapGet("/closes", List).WithName("ListMonthCloses").WithSummary("分页查看关账记录和核算单审批进度。");
        group.MapGet("/closes/{id:guid}", Get).WithName("GetMonthClose").WithSummary("查看一次关账。");
        group.MapGet("/closes/{id:guid}/statements", Statements).Produces<Page<StatementResponse>>().WithName("ListStatements")
            .WithSummary("一次关账的补助核算单（format=xlsx 导出）。");
        group.MapPost("/closes/{id:guid}/township-approval", TownshipApproval).WithName("ApproveStatementsByTownship")
            .WithSummary("乡镇审核本次关账的待审核补助核算单。").RequireRole(PartyRoles.Township);
        group.MapPost("/closes/{id:guid}/county-approval", CountyApproval).WithName("ApproveStatementsByCounty")
            .WithSummary("县委组织部审定乡镇已审核的补助核算单；审定后不可更改，交财政局支付。").RequireRole(ApiSupport.CountyRoles);
        group.MapPost("/closes/{id:guid}/adjustments", Adjust).WithName("AdjustStatements")
            .WithSummary("关账后数据有更正（如抽查撤销签到）时生成调整单，只记差额，原核算单不变。");
        return app;
    }

    private static async Task<Created<MonthCloseResponse>> Close(int year, int month, CloseMonthRequest? request,
        [AsParameters] CadresServices s, CancellationToken ct)
    {
        ApiSupport.ValidateMonth(month);
        using var timing = PartyMetrics.Time("resident-cadres.month-close");
        var close = await MonthCloses.CloseAsync(s.Db, s.Scope, s.User, s.Clock.GetUtcNow(), year, month, request?.TownshipId, ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/closes/{close.Id}", await MonthCloses.ResponseAsync(s.Db, close, ct));
    }

    private static async Task<Ok<Page<MonthCloseResponse>>> List(int? year, int? month, int? page, int? pageSize,
        [AsParameters] CadresServices s, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var prefix = await s.CallerPathAsync(ct);
        var query = s.Db.MonthCloses.AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (year is { } y) query = query.Where(c => c.Year == y);
        if (month is { } m) query = query.Where(c => c.Month == m);
        var closes = await query.OrderByDescending(c => c.Year).ThenByDescending(c => c.Month).ThenBy(c => c.OrgPath)
            .Skip(skip).Take(take).ToListAsync(ct);
        var items = new List<MonthCloseResponse>();
        foreach (var c in closes) items.Add(await MonthCloses.ResponseAsync(s.Db, c, ct));
        return TypedResults.Ok(new Page<MonthCloseResponse>(items, p, size, await query.LongCountAsync(ct)));
    }

    private static async Task<Ok<MonthCloseResponse>> Get(Guid id, [AsParameters] CadresServices s, CancellationToken ct) =>
        TypedResults.Ok(await MonthCloses.ResponseAsync(s.Db, await MonthCloses.CloseInScopeAsync(s.Db, s.Scope, id, ct), ct));

    private static async Task<IResult> Statements(Guid id, string? format, int? page, int? pageSize, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var close = await MonthCloses.CloseInScopeAsync(s.Db, s.Scope, id, ct);
        var query = StatementQueries.Responses(s.Db, s.Db.Statements.AsNoTracking().Where(st => st.CloseId == close.Id));
        if (format == "xlsx")
            return await ApiSupport.XlsxAsync(await query.ToListAsync(ct), $"驻村补助核算{close.Year}-{close.Month:00}.xlsx", ct);
        return TypedResults.Ok(await query.ToPageAsync(paging, ct));
    }

    private static Task<Ok<BatchResult>> TownshipApproval(Guid id, [AsParameters] CadresServices s, CancellationToken ct) =>
        Advance(id, StatementStatus.PendingTownship, StatementStatus.PendingCounty, "township_approved", s, ct);

    private static Task<Ok<BatchResult>> CountyApproval(Guid id, [AsParameters] CadresServices s, CancellationToken ct) =>
        Advance(id, StatementStatus.PendingCounty, StatementStatus.Approved, "county_approved", s, ct);

    private static async Task<Ok<BatchResult>> Advance(Guid id, StatementStatus from, StatementStatus to, string action,
        CadresServices s, CancellationToken ct)
    {
        var close = await MonthCloses.CloseInScopeAsync(s.Db, s.Scope, id, ct);
        return TypedResults.Ok(new BatchResult(await MonthCloses.AdvanceAsync(s.Db, close, from, to, action, s.User, s.Clock, ct)));
    }

    private static async Task<Ok<BatchResult>> Adjust(Guid id, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var close = await MonthCloses.CloseInScopeAsync(s.Db, s.Scope, id, ct);
        return TypedResults.Ok(new BatchResult(await MonthCloses.AdjustAsync(s.Db, close, s.User, s.Clock.GetUtcNow(), ct)));
    }
}
