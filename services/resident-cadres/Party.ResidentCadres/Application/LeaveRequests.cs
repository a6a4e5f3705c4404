using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Persistence.Audit;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.Leaves;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Application;

/// <summary>A leave (请假) as the cadre asks for it, already validated.</summary>
public sealed record LeaveApplication(LeaveKind Kind, DateOnly FromDay, DateOnly ToDay, string Reason);

/// <summary>Leave (请假, 销假) and errands (派差), SPEC §5.4.</summary>
public static class LeaveRequests
{
    /// <summary>The longest leave the township approves alone (default 3 days), in force on the day.</summary>
    public static async Task<int> TownshipMaxDaysAsync(ResidentCadresDbContext db, DateOnly day, CancellationToken ct) =>
        (int)await RuleBook.ValueOnAsync(db, RuleKeys.LeaveTownshipMaxDays, day, ct);

    /// <summary>The calling cadre and their open assignment; without one there is nothing to ask leave from.</summary>
    public static async Task<(Cadre Cadre, Assignment Assignment)> CadreOnDutyAsync(ResidentCadresDbContext db, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var cadre = await CadreLookup.CurrentCadreAsync(db, user, ct);
        var assignment = await CadreLookup.OpenAssignmentAsync(db, cadre.Id, ct)
            ?? throw new DomainException("leaves.not_assigned", "您当前没有在岗的派驻。", 409);
        return (cadre, assignment);
    }

    /// <summary>A leave request, waiting for the township; it may not overlap a pending or approved one.</summary>
    public static async Task<Leave> RequestAsync(ResidentCadresDbContext db, LeaveApplication application, ClaimsPrincipal user,
        DateTimeOffset now, CancellationToken ct)
    {
        var (cadre, assignment) = await CadreOnDutyAsync(db, user, ct);
        var (from, to) = (application.FromDay, application.ToDay);
        if (await db.Leaves.AnyAsync(l => l.CadreId == cadre.Id && l.FromDay <= to && l.ToDay >= from
                && (l.Status == LeaveStatus.PendingTownship || l.Status == LeaveStatus.PendingCounty
                    || l.Status == LeaveStatus.Approved), ct))
            throw DomainException.Conflict("leaves.overlap", "这段时间已有待审批或已批准的请假。");
        var leave = new Leave
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = assignment.VillageId, OrgPath = assignment.OrgPath,
            Kind = application.Kind, FromDay = from, ToDay = to, Reason = application.Reason, Status = LeaveStatus.PendingTownship,
            CreatedAt = now,
        };
        db.Leaves.Add(leave);
        db.Audit(user, now, "leave", leave.Id, leave.OrgPath, "requested", null, leave.Status.ToString(), leave.Reason);
        await db.SaveChangesAsync(ct);
        return leave;
    }

    /// <summary>Return from leave (销假) today: the leave ends the day before.</summary>
    public static async Task<Leave> ReturnAsync(ResidentCadresDbContext db, Guid id, ClaimsPrincipal user, DateTimeOffset now,
        CancellationToken ct)
    {
        var cadre = await CadreLookup.CurrentCadreAsync(db, user, ct);
        var leave = await db.Leaves.FirstOrDefaultAsync(l => l.Id == id && l.CadreId == cadre.Id, ct)
            ?? throw DomainException.NotFound("leaves");
        var today = BusinessDate.Of(now);
        leave.ReturnedOn = LeaveRules.ReturnOn(leave.Status, leave.FromDay, leave.ToDay, today);
        leave.Status = LeaveStatus.Returned;
        db.Audit(user, now, "leave", leave.Id, leave.OrgPath, "returned", LeaveStatus.Approved.ToString(), LeaveStatus.Returned.ToString(),
            $"销假 {today:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return leave;
    }

    private static async Task<Leave> LeaveInScopeAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Leaves.FirstOrDefaultAsync(l => l.Id == id && l.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("leaves");
    }

    /// <summary>
    /// The approver's step of the chain (the township, then the county for a long leave); returns the leave and the limit.
    /// </summary>
    public static async Task<(Leave Leave, int TownshipMaxDays)> ApproveAsync(ResidentCadresDbContext db, OrgScope scope, Guid id,
        ApproverLevel approver, string? note, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var leave = await LeaveInScopeAsync(db, scope, id, ct);
        var max = await TownshipMaxDaysAsync(db, leave.FromDay, ct);
        var before = leave.Status;
        leave.Status = LeaveRules.AfterApproval(leave.Status, approver, LeaveRules.Days(leave.FromDay, leave.ToDay), max);
        db.Audit(user, now, "leave", leave.Id, leave.OrgPath, "approved", before.ToString(), leave.Status.ToString(), note);
        await db.SaveChangesAsync(ct);
        return (leave, max);
    }

    /// <summary>A rejection by the approver whose step it is.</summary>
    public static async Task<Leave> RejectAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, ApproverLevel approver, string? note,
        ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var leave = await LeaveInScopeAsync(db, scope, id, ct);
        var before = leave.Status;
        leave.Status = LeaveRules.AfterRejection(leave.Status, approver);
        db.Audit(user, now, "leave", leave.Id, leave.OrgPath, "rejected", before.ToString(), leave.Status.ToString(), note);
        await db.SaveChangesAsync(ct);
        return leave;
    }

    /// <summary>An errand (派差) reported by the cadre, waiting for the township.</summary>
    public static async Task<Errand> RequestErrandAsync(ResidentCadresDbContext db, DateOnly fromDay, DateOnly toDay, string purpose,
        ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var (cadre, assignment) = await CadreOnDutyAsync(db, user, ct);
        var errand = new Errand
        {
            Id = Guid.CreateVersion7(), CadreId = cadre.Id, VillageId = assignment.VillageId, OrgPath = assignment.OrgPath,
            FromDay = fromDay, ToDay = toDay, Purpose = purpose, Status = ErrandStatus.Pending, CreatedAt = now,
        };
        db.Errands.Add(errand);
        db.Audit(user, now, "errand", errand.Id, errand.OrgPath, "requested", null, errand.Status.ToString(), errand.Purpose);
        await db.SaveChangesAsync(ct);
        return errand;
    }

    /// <summary>The township's decision on a pending errand.</summary>
    public static async Task<Errand> ReviewErrandAsync(ResidentCadresDbContext db, string prefix, Guid id, ErrandStatus to, string? note,
        ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var errand = await db.Errands.FirstOrDefaultAsync(e => e.Id == id && e.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("errands");
        if (errand.Status != ErrandStatus.Pending) throw DomainException.Conflict("errands.not_pending", "该派差已审批过。");
        errand.Status = to;
        db.Audit(user, now, "errand", errand.Id, errand.OrgPath, to == ErrandStatus.Approved ? "approved" : "rejected",
            ErrandStatus.Pending.ToString(), to.ToString(), note);
        await db.SaveChangesAsync(ct);
        return errand;
    }
}
