using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.ResidentCadres;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Calendar;
using Party.ResidentCadres.Domain.Settings;
using Party.ResidentCadres.Domain.Stipends;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Application;

/// <summary>A township's monthly close (关账) and the approval of its stipend statements (SPEC §5.8).</summary>
public static class MonthCloses
{
    /// <summary>
    /// Closes a township's month: each cadre's attendance line and regular statement from the same set-based figures, and
    /// <see cref="MonthlyAttendanceClosed"/> for honors, in one transaction.
    /// </summary>
    public static async Task<MonthClose> CloseAsync(ResidentCadresDbContext db, OrgScope scope, ClaimsPrincipal user, DateTimeOffset now,
        int year, int month, Guid? townshipId, CancellationToken ct)
    {
        if (BusinessDate.Of(now) <= BusinessCalendar.LastOfMonth(year, month))
            throw new DomainException("months.not_over", $"{year}年{month}月尚未结束，月末之后才能关账。", 409);
        var townshipOrgId = townshipId ?? scope.CallerOrgId ?? throw DomainException.NotFound("townships");
        await scope.EnsureContainsAsync(townshipOrgId, "townships", ct);
        var township = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == townshipOrgId, ct);
        if (township.Kind != "TownshipCommittee")
            throw new DomainException("months.not_a_township", "关账按乡镇进行，请指定乡镇党委。", 422);
        if (await db.MonthCloses.AnyAsync(c => c.TownshipId == townshipOrgId && c.Year == year && c.Month == month, ct))
            throw AlreadyClosed(year, month);

        var close = new MonthClose
        {
            Id = Guid.CreateVersion7(), TownshipId = townshipOrgId, OrgPath = township.Path, Year = year, Month = month, ClosedAt = now,
            ClosedBy = user.Actor(),
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
        db.AddEvent(new MonthlyAttendanceClosed
        {
            CloseId = close.Id, TownshipId = townshipOrgId, Year = year, Month = month, Cadres = lines, OccurredAt = now,
        }, now);
        db.Audit(user, now, "month_close", close.Id, close.OrgPath, "closed", "open", "closed", $"{year}-{month:00}: {cadres} 名驻村干部");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return close;
    }

    private static DomainException AlreadyClosed(int year, int month) =>
        DomainException.Conflict("months.already_closed", $"{year}年{month}月已关账；如需更正，请生成调整单。");

    public static async Task<MonthClose> CloseInScopeAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.MonthCloses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("month_closes");
    }

    /// <summary>A close with its head count and how far its statements have got.</summary>
    public static async Task<MonthCloseResponse> ResponseAsync(ResidentCadresDbContext db, MonthClose c, CancellationToken ct)
    {
        var counts = await db.Statements.AsNoTracking().Where(s => s.CloseId == c.Id).GroupBy(s => s.Status)
            .Select(g => new { g.Key, N = g.Count(), Total = g.Sum(s => s.Total) }).ToListAsync(ct);
        var cadres = await db.AttendanceMonths.CountAsync(a => a.CloseId == c.Id, ct);
        int N(StatementStatus s) => counts.FirstOrDefault(x => x.Key == s)?.N ?? 0;
        return new MonthCloseResponse(c.Id, c.TownshipId, c.Year, c.Month, c.ClosedAt, cadres, N(StatementStatus.PendingTownship),
            N(StatementStatus.PendingCounty), N(StatementStatus.Approved), N(StatementStatus.Paid),
            counts.Where(x => x.Key is StatementStatus.Approved or StatementStatus.Paid).Sum(x => x.Total));
    }

    /// <summary>
    /// Moves every statement of the close that waits at this step to the next one, in one UPDATE with its audit entry;
    /// returns how many moved.
    /// </summary>
    public static async Task<int> AdvanceAsync(ResidentCadresDbContext db, MonthClose close, StatementStatus from, StatementStatus to,
        string action, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
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
            var termDays = (int)await RuleBook.ValueOnAsync(db, RuleKeys.PaymentTermDays, approvedOn, ct);
            var dueOn = PaymentDue.DueOn(approvedOn, termDays);
            n = await waiting.ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, to)
                .SetProperty(s => s.ApprovedAt, now)
                .SetProperty(s => s.PaymentDueOn, dueOn), ct);
        }
        else n = await waiting.ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, to), ct);
        if (n == 0)
            throw DomainException.Conflict("statements.nothing_to_approve",
                from == StatementStatus.PendingTownship ? "本次关账没有待乡镇审核的核算单。" : "本次关账没有待县级审定的核算单（须先经乡镇审核）。");
        db.Audit(user, now, "month_close", close.Id, close.OrgPath, action, from.ToString(), to.ToString(), $"{n} 张核算单");
        // Payable now: the finance bureau learns it by webhook instead of polling the payments list.
        if (to == StatementStatus.Approved)
            db.AddEvent(new StipendStatementsApproved
            {
                CloseId = close.Id, TownshipId = close.TownshipId, Year = close.Year, Month = close.Month, Statements = n, Total = total,
                OccurredAt = now,
            }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return n;
    }

    /// <summary>Adjusting statements (调整单) for whatever changed since the close; returns how many were written.</summary>
    public static async Task<int> AdjustAsync(ResidentCadresDbContext db, MonthClose close, ClaimsPrincipal user, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginOrJoinTransactionAsync(ct);
        // Serializes adjustments of one close so two clicks cannot both add the same difference.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM month_closes WHERE id = {close.Id} FOR UPDATE", ct);
        var n = await AttendanceSql.InsertAdjustmentsAsync(db, close.Id, close.OrgPath, close.Year, close.Month, now, ct);
        if (n == 0) throw DomainException.Conflict("statements.no_difference", "考勤数据与已出核算单一致，无需调整。");
        db.Audit(user, now, "month_close", close.Id, close.OrgPath, "adjusted", null, $"{n} 张调整单");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return n;
    }
}
