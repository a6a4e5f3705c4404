using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Application;

/// <summary>Finding the cadre a request is about: the phone-portal caller, or a cadre in the office caller's scope.</summary>
public static class CadreLookup
{
    /// <summary>
    /// The cadre behind a phone-portal token: role <c>cadre</c> and <c>sub</c> equal to the
    /// <see cref="Cadre.UserId"/> registered on the profile.
    /// </summary>
    public static async Task<Cadre> CurrentCadreAsync(ResidentCadresDbContext db, ClaimsPrincipal user, CancellationToken ct,
        bool tracking = false)
    {
        var sub = user.FindFirst(PartyClaims.Subject)?.Value;
        var query = tracking ? db.Cadres : db.Cadres.AsNoTracking();
        return sub is null
            ? throw NotRegistered()
            : await query.FirstOrDefaultAsync(c => c.UserId == sub, ct) ?? throw NotRegistered();
    }

    public static DomainException NotRegistered() =>
        new("cadres.not_registered", "您的账号未登记为驻村干部，请联系乡镇党委登记后再使用。", 403);

    public static async Task<Cadre> CadreInScopeAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, CancellationToken ct,
        bool tracking = false)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.Cadres : db.Cadres.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("cadres");
    }

    public static Task<Assignment?> OpenAssignmentAsync(ResidentCadresDbContext db, Guid cadreId, CancellationToken ct) =>
        db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.CadreId == cadreId && !a.Ended, ct);
}
