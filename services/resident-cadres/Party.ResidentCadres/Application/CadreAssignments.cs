using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Persistence.Audit;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Application;

/// <summary>A cadre's registration (登记) as the office enters it, already validated.</summary>
public sealed record CadreRegistration(string UserId, string Name, string? Mobile, string DispatchingUnit, Guid? OrgUnitId);

/// <summary>A stationing (派驻) as the office enters it, already validated.</summary>
public sealed record Stationing(Guid VillageId, CadreRole Role, DateOnly StartsOn, bool CountyDispatched, DateOnly? EndsOn);

/// <summary>Cadres and their assignments (SPEC §5.2): at most one open assignment, closed ones kept as history.</summary>
public static class CadreAssignments
{
    /// <summary>Registers a cadre under the given unit (or the caller's); a login account is registered once.</summary>
    public static async Task<Cadre> RegisterAsync(ResidentCadresDbContext db, OrgScope scope, CadreRegistration registration,
        ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var orgId = registration.OrgUnitId ?? scope.CallerOrgId ?? throw DomainException.NotFound("org_units");
        await scope.EnsureContainsAsync(orgId, "org_units", ct);
        var path = await db.OrgUnits.Where(u => u.Id == orgId).Select(u => u.Path).FirstAsync(ct);
        if (await db.Cadres.AnyAsync(c => c.UserId == registration.UserId, ct)) throw UserTaken();
        var cadre = new Cadre
        {
            Id = Guid.CreateVersion7(), UserId = registration.UserId.Trim(), Name = registration.Name.Trim(), Mobile = registration.Mobile,
            DispatchingUnit = registration.DispatchingUnit.Trim(), HomeOrgId = orgId, OrgPath = path, CreatedAt = now,
        };
        db.Cadres.Add(cadre);
        db.Audit(user, now, "cadre", cadre.Id, path, "registered", to: $"{cadre.Name} ({cadre.DispatchingUnit})");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e)) { throw UserTaken(); }
        return cadre;
    }

    private static DomainException UserTaken() => DomainException.Conflict("cadres.user_taken", "该登录账号已登记为驻村干部。");

    /// <summary>
    /// Stations a cadre in a rural village of the caller's scope, after the last assignment ended; the cadre's scope follows
    /// the village.
    /// </summary>
    public static async Task<Assignment> AssignAsync(ResidentCadresDbContext db, OrgScope scope, Guid cadreId, Stationing stationing,
        ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        var cadre = await CadreLookup.CadreInScopeAsync(db, scope, cadreId, ct, tracking: true);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var village = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == stationing.VillageId && u.Path.StartsWith(prefix)
            && u.Kind == "Branch" && u.Domain == "RuralVillage" && !u.Dissolved, ct) ?? throw DomainException.NotFound("villages");
        if (await db.Assignments.AnyAsync(a => a.CadreId == cadreId && !a.Ended, ct)) throw AlreadyActive();
        var lastEnd = await db.Assignments.Where(a => a.CadreId == cadreId).MaxAsync(a => a.EndsOn, ct);
        if (lastEnd is { } end && stationing.StartsOn <= end)
            throw new DomainException("assignments.overlaps_history", $"新的派驻须在上一段派驻结束（{end:yyyy-MM-dd}）之后开始。", 409);
        var assignment = new Assignment
        {
            Id = Guid.CreateVersion7(), CadreId = cadreId, VillageId = village.Id, OrgPath = village.Path, Role = stationing.Role,
            CountyDispatched = stationing.CountyDispatched, StartsOn = stationing.StartsOn, EndsOn = stationing.EndsOn, CreatedAt = now,
        };
        db.Assignments.Add(assignment);
        var fromPath = cadre.OrgPath;
        cadre.OrgPath = village.Path;
        db.Audit(user, now, "assignment", assignment.Id, village.Path, "assigned", fromPath,
            $"{village.Name} {assignment.Role} {assignment.StartsOn:yyyy-MM-dd}");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (ApiSupport.IsUniqueViolation(e)) { throw AlreadyActive(); }
        return assignment;
    }

    private static DomainException AlreadyActive() =>
        DomainException.Conflict("assignments.already_active", "该干部已有在岗派驻，请先结束当前派驻再重新派驻。");

    /// <summary>Ends an open assignment on its last day on duty; the assignment stays as history.</summary>
    public static async Task<Assignment> EndAsync(ResidentCadresDbContext db, OrgScope scope, Guid cadreId, Guid assignmentId,
        DateOnly endsOn, string? reason, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        await CadreLookup.CadreInScopeAsync(db, scope, cadreId, ct);
        var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.Id == assignmentId && a.CadreId == cadreId, ct)
            ?? throw DomainException.NotFound("assignments");
        if (assignment.Ended) throw DomainException.Conflict("assignments.already_ended", "该派驻已结束。");
        if (endsOn < assignment.StartsOn)
            throw DomainException.Validation(new Dictionary<string, string[]> { ["endsOn"] = ["结束日期不能早于开始日期。"] });
        assignment.Ended = true;
        assignment.EndsOn = endsOn;
        assignment.EndReason = reason;
        db.Audit(user, now, "assignment", assignment.Id, assignment.OrgPath, "ended", "active", $"ended {endsOn:yyyy-MM-dd}", reason);
        await db.SaveChangesAsync(ct);
        return assignment;
    }
}
