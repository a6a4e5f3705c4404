using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary>Helpers the points, pledge, care-card, duty and training APIs share.</summary>
public static class ApiSupport
{
    /// <summary>The offices that run points and duties; bureaus and cadres do not.</summary>
    public static readonly string[] OfficeRoles = [PartyRoles.County, PartyRoles.Township, PartyRoles.Branch, PartyRoles.Operator];

    public static bool IsCounty(this ClaimsPrincipal user) => user.IsInRole(PartyRoles.County) || user.IsInRole(PartyRoles.Operator);

    public static void RequireCounty(ClaimsPrincipal user, string what)
    {
        if (!user.IsCounty()) throw new DomainException("auth.county_only", $"只有县委组织部可以{what}。", 403);
    }

    /// <summary>A member inside the caller's subtree, or 404.</summary>
    public static async Task<Member> MemberInScopeAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        return await db.Set<Member>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("members");
    }

    /// <summary>A branch (org unit) inside the caller's subtree with its path, or 404.</summary>
    public static async Task<(Guid Id, string Path, string Domain)> BranchInScopeAsync(MembersDbContext db, OrgScope scope, Guid id, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == id && u.Path.StartsWith(prefix)).Select(u => new { u.Id, u.Path, u.Domain })
            .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("branches");
        return (unit.Id, unit.Path, unit.Domain);
    }

    /// <summary>The points rules in force on a date.</summary>
    public static async Task<PointsRules> RulesOnAsync(MembersDbContext db, DateOnly date, CancellationToken ct) =>
        await db.Set<PointsRules>().AsNoTracking().Where(r => r.EffectiveFrom <= date).OrderByDescending(r => r.EffectiveFrom).FirstOrDefaultAsync(ct)
        ?? PointsRules.Defaults();

    public static string StageCode(MemberStage stage) => stage switch
    {
        MemberStage.Applicant => "applicant",
        MemberStage.Activist => "activist",
        MemberStage.Candidate => "candidate",
        MemberStage.Probationary => "probationary",
        _ => "full",
    };
}
