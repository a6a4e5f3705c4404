using Party.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.ResidentCadres;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Calendar;
using Party.ResidentCadres.Domain.Settings;
using Party.ResidentCadres.Domain.Stipends;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

/// <summary><c>townshipId</c> left out: the caller's own township.</summary>
public sealed record CloseMonthRequest(Guid? TownshipId = null);
public sealed record MonthCloseResponse(Guid Id, Guid TownshipId, int Year, int Month, DateTimeOffset ClosedAt, int Cadres, int PendingTownship,
    int PendingCounty, int Approved, int Paid, decimal ApprovedTotal);
public sealed record StatementResponse(Guid Id, Guid CloseId, Guid CadreId, string CadreName, Guid VillageId, int Year, int Month, StatementKind Kind,
    int InVillageDays, int RequiredDays, decimal Living, decimal Transport, decimal Communication, decimal Total, StatementStatus Status,
    DateTimeOffset? PaidAt, string? PaymentReference);
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
        group.MapGet("/closes/{id:guid}/statements", Statements).WithName("ListStatements").WithSummary("一次关账的补助核算单（format=xlsx 导出）。");
        group.MapPost("/closes/{id:guid}/township-approval", TownshipApproval).WithName("ApproveStatementsByTownship")
            .WithSummary("乡镇审核本次关账的待审核补助核算单。").RequireRole(PartyRoles.Township);
        group.MapPost("/closes/{id:guid}/county-approval", CountyApproval).WithName("ApproveStatementsByCounty")
            .WithSummary("县委组织部审定乡镇已审核的补助核算单；审定后不可更改，交财政局支付。").RequireRole(ApiSupport.CountyRoles);
        group.MapPost("/closes/{id:guid}/adjustments", Adjust).WithName("AdjustStatements")
            .WithSummary("关账后数据有更正（如抽查撤销签到）时生成调整单，只记差额，原核算单不变。");
        return app;
    }

    private static async Task<Created<MonthCloseResponse>> Close(int year, int month, CloseMonthRequest? request,
        ResidentCadresDbContext db, OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        ApiSupport.ValidateMonth(year, month);
        using var timing = PartyMetrics.Time("resident-cadres.month-close");
        var now = clock.GetUtcNow();
        if (BusinessDate.Of(now) <= BusinessCalendar.LastOfMonth(year, month))
            throw new DomainException("months.not_over", $"{year}年{month}月尚未结束，月末之后才能关账。", 409);
        var townshipId = request?.TownshipId ?? scope.CallerOrgId ?? throw DomainException.NotFound("townships");
        await scope.EnsureContainsAsync(townshipId, "townships", ct);
        var township = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == townshipId, ct);
        if (township.Kind != "TownshipCommittee")
            throw new DomainException("months.not_a_township", "关账按乡镇进行，请指定乡镇党委。", 422);
        if (await db.MonthCloses.AnyAsync(c => c.TownshipId == townshipId && c.Year == year && c.Month == month, ct)) throw AlreadyClosed(year, month);

        var close = new MonthClose
        {
            Id = Guid.CreateVersion7(), TownshipId = townshipId, OrgPath = township.Path, Year = year, Month = month, ClosedAt = now,
            ClosedBy = http.User.Actor(),
        };
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        try
        {
            db.MonthCloses.Add(close);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e)) { throw AlreadyClosed(year, month); }
        var cadres = await AttendanceSql.InsertCloseAsync(db, close.Id, township.Path, year, month, now, ct);
        var lines = await (from a in db.AttendanceMonths.AsNoTracking().Where(a => a.CloseId == close.Id)
                           join c in db.Cadres.AsNoTracking() on a.CadreId equals c.Id
                           select new CadreMonthAttendance
                           {
                               CadreId = a.CadreId, CadreName = c.Name, VillageId = a.VillageId, InVillageDays = a.InVillageDays,
                               RequiredDays = a.RequiredDays, Compliant = a.Compliant, Violations = a.Violations,
                           }).ToListAsync(ct);
        db.AddEvent(new MonthlyAttendanceClosed { CloseId = close.Id, TownshipId = townshipId, Year = year, Month = month, Cadres = lines, OccurredAt = now }, now);
        db.Audit(http.User, now, "month_close", close.Id, close.OrgPath, "closed", "open", "closed", $"{year}-{month:00}: {cadres} 名驻村干部");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{ApiSupport.Prefix}/closes/{close.Id}", await ResponseAsync(db, close, ct));
    }

    private static DomainException AlreadyClosed(int year, int month) =>
        DomainException.Conflict("months.already_closed", $"{year}年{month}月已关账；如需更正，请生成调整单。");

    private static async Task<MonthCloseResponse> ResponseAsync(ResidentCadresDbContext db, MonthClose c, CancellationToken ct)
    {
        var counts = await db.Statements.AsNoTracking().Where(s => s.CloseId == c.Id).GroupBy(s => s.Status)
            .Select(g => new { g.Key, N = g.Count(), Total = g.Sum(s => s.Total) }).ToListAsync(ct);
        var cadres = await db.AttendanceMonths.CountAsync(a => a.CloseId == c.Id, ct);
        int N(StatementStatus s) => counts.FirstOrDefault(x => x.Key == s)?.N ?? 0;
        return new MonthCloseResponse(c.Id, c.TownshipId, c.Year, c.Month, c.ClosedAt, cadres, N(StatementStatus.PendingTownship), N(StatementStatus.PendingCounty),
            N(StatementStatus.Approved), N(StatementStatus.Paid),
            counts.Where(x => x.Key is StatementStatus.Approved or StatementStatus.Paid).Sum(x => x.Total));
    }

    internal static async Task<MonthClose> CloseInScopeAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.MonthCloses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("month_closes");
    }

    private static async Task<Ok<Page<MonthCloseResponse>>> List(int? year, int? month, int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope,
        CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.MonthCloses.AsNoTracking().Where(c => c.OrgPath.StartsWith(prefix));
        if (year is { } y) query = query.Where(c => c.Year == y);
        if (month is { } m) query = query.Where(c => c.Month == m);
        var closes = await query.OrderByDescending(c => c.Year).ThenByDescending(c => c.Month).ThenBy(c => c.OrgPath).Skip(skip).Take(take).ToListAsync(ct);
        var items = new List<MonthCloseResponse>();
        foreach (var c in closes) items.Add(await ResponseAsync(db, c, ct));
        return TypedResults.Ok(new Page<MonthCloseResponse>(items, p, size, await query.LongCountAsync(ct)));
    }

    private static async Task<Ok<MonthCloseResponse>> Get(Guid id, ResidentCadresDbContext db, OrgScope scope, CancellationToken ct) =>
        TypedResults.Ok(await ResponseAsync(db, await CloseInScopeAsync(db, scope, id, ct), ct));

    internal static IQueryable<StatementResponse> StatementQuery(ResidentCadresDbContext db, IQueryable<StipendStatement> statements) =>
        from s in statements
        join c in db.Cadres.AsNoTracking() on s.CadreId equals c.Id
        orderby s.Year, s.Month, c.Name, s.CadreId, s.Kind, s.CreatedAt, s.Id
        select new StatementResponse(s.Id, s.CloseId, s.CadreId, c.Name, s.VillageId, s.Year, s.Month, s.Kind, s.InVillageDays, s.RequiredDays,
            s.Living, s.Transport, s.Communication, s.Total, s.Status, s.PaidAt, s.PaymentReference);

    private static async Task<IResult> Statements(Guid id, string? format, int? page, int? pageSize, ResidentCadresDbContext db, OrgScope scope,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var close = await CloseInScopeAsync(db, scope, id, ct);
        var query = StatementQuery(db, db.Statements.AsNoTracking().Where(s => s.CloseId == close.Id));
        if (format == "xlsx") return await ApiSupport.XlsxAsync(await query.ToListAsync(ct), $"驻村补助核算{close.Year}-{close.Month:00}.xlsx", ct);
        return TypedResults.Ok(await query.ToPageAsync(paging, ct));
    }

    private static Task<Ok<BatchResult>> TownshipApproval(Guid id, ResidentCadresDbContext db, OrgScope scope, HttpContext http, TimeProvider clock,
        CancellationToken ct) => Advance(id, StatementStatus.PendingTownship, StatementStatus.PendingCounty, "township_approved", db, scope, http, clock, ct);

    private static Task<Ok<BatchResult>> CountyApproval(Guid id, ResidentCadresDbContext db, OrgScope scope, HttpContext http, TimeProvider clock,
        CancellationToken ct) => Advance(id, StatementStatus.PendingCounty, StatementStatus.Approved, "county_approved", db, scope, http, clock, ct);

    /// <summary>Moves every statement of the close that waits at this step to the next one, in one UPDATE with its audit entry.</summary>
    private static async Task<Ok<BatchResult>> Advance(Guid id, StatementStatus from, StatementStatus to, string action, ResidentCadresDbContext db,
        OrgScope scope, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var close = await CloseInScopeAsync(db, scope, id, ct);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        // Serializes approvals of one close, so the totals announced below are exactly the rows this step moves.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM month_closes WHERE id = {close.Id} FOR UPDATE", ct);
        var waiting = db.Statements.Where(s => s.CloseId == close.Id && s.Status == from);
        var total = to == StatementStatus.Approved ? await waiting.SumAsync(s => s.Total, ct) : 0m;
        int n;
        if (to == StatementStatus.Approved)
        {
            var approvedOn = clock.Today();
            var dueOn = PaymentDue.DueOn(approvedOn, (int)await RuleBook.ValueOnAsync(db, RuleKeys.PaymentTermDays, approvedOn, ct));
            n = await waiting.ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, to).SetProperty(s => s.ApprovedAt, now).SetProperty(s => s.PaymentDueOn, dueOn), ct);
        }
        else n = await waiting.ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, to), ct);
        if (n == 0)
            throw DomainException.Conflict("statements.nothing_to_approve",
                from == StatementStatus.PendingTownship ? "本次关账没有待乡镇审核的核算单。" : "本次关账没有待县级审定的核算单（须先经乡镇审核）。");
        db.Audit(http.User, now, "month_close", close.Id, close.OrgPath, action, from.ToString(), to.ToString(), $"{n} 张核算单");
        // Payable now: the finance bureau learns it by webhook instead of polling the payments list.
        if (to == StatementStatus.Approved)
            db.AddEvent(new StipendStatementsApproved
            {
                CloseId = close.Id, TownshipId = close.TownshipId, Year = close.Year, Month = close.Month, Statements = n, Total = total, OccurredAt = now,
            }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new BatchResult(n));
    }

    private static async Task<Ok<BatchResult>> Adjust(Guid id, ResidentCadresDbContext db, OrgScope scope, HttpContext http, TimeProvider clock,
        CancellationToken ct)
    {
        var close = await CloseInScopeAsync(db, scope, id, ct);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        // Serializes adjustments of one close so two clicks cannot both add the same difference.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM month_closes WHERE id = {close.Id} FOR UPDATE", ct);
        var n = await AttendanceSql.InsertAdjustmentsAsync(db, close.Id, close.OrgPath, close.Year, close.Month, now, ct);
        if (n == 0) throw DomainException.Conflict("statements.no_difference", "考勤数据与已出核算单一致，无需调整。");
        db.Audit(http.User, now, "month_close", close.Id, close.OrgPath, "adjusted", null, $"{n} 张调整单");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new BatchResult(n));
    }
}
