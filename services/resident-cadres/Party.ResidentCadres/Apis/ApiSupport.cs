using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.Dispatch;
using Party.ResidentCadres.Domain.Leaves;
using Party.ResidentCadres.Domain.Settings;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

/// <summary>Lookups and checks the resident-cadre APIs share.</summary>
internal static class ApiSupport
{
    public const string Prefix = "/api/resident-cadres";

    public static readonly string[] OfficeRoles = [PartyRoles.County, PartyRoles.Township, PartyRoles.Operator];
    public static readonly string[] CountyRoles = [PartyRoles.County, PartyRoles.Operator];

    /// <summary>
    /// The cadre behind a phone-portal token: role <c>cadre</c> and <c>sub</c> equal to the
    /// <see cref="Cadre.UserId"/> registered on the profile.
    /// </summary>
    public static async Task<Cadre> CurrentCadreAsync(ResidentCadresDbContext db, ClaimsPrincipal user, CancellationToken ct, bool tracking = false)
    {
        var sub = user.FindFirst(PartyClaims.Subject)?.Value;
        var query = tracking ? db.Cadres : db.Cadres.AsNoTracking();
        return sub is null ? throw NotRegistered() : await query.FirstOrDefaultAsync(c => c.UserId == sub, ct) ?? throw NotRegistered();
    }

    private static DomainException NotRegistered() =>
        new("cadres.not_registered", "您的账号未登记为驻村干部，请联系乡镇党委登记后再使用。", 403);

    public static async Task<Cadre> CadreInScopeAsync(ResidentCadresDbContext db, OrgScope scope, Guid id, CancellationToken ct, bool tracking = false)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = tracking ? db.Cadres : db.Cadres.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.Id == id && c.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("cadres");
    }

    public static Task<Assignment?> OpenAssignmentAsync(ResidentCadresDbContext db, Guid cadreId, CancellationToken ct) =>
        db.Assignments.AsNoTracking().FirstOrDefaultAsync(a => a.CadreId == cadreId && !a.Ended, ct);

    /// <summary>The approver level of an office caller: county (and operator) users act as the county, township users as the township.</summary>
    public static ApproverLevel LevelOf(ClaimsPrincipal user) =>
        user.IsInRole(PartyRoles.Township) ? ApproverLevel.Township : ApproverLevel.County;

    public static void RequireIdempotencyKey(HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(http.Request.Headers[IdempotencyMiddleware.Header]))
            throw new DomainException("idempotency.key_required", "此接口须携带 Idempotency-Key 请求头，以便重试时不重复处理。", 400);
    }

    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static void ValidateMonth(int year, int month) =>
        new Validator().Check(year is >= 2000 and <= 2100, "year", "年份须在 2000–2100 之间。")
            .Check(month is >= 1 and <= 12, "month", "月份须在 1–12 之间。").ThrowIfInvalid();

    public static async Task<IResult> XlsxAsync<T>(IEnumerable<T> rows, string fileName, CancellationToken ct)
    {
        return await Party.ServiceDefaults.Spreadsheets.FileAsync(rows, fileName, ct);
    }
}

/// <summary>Reads effective-dated settings (tariffs, thresholds).</summary>
public static class RuleBook
{
    public static async Task<decimal> ValueOnAsync(ResidentCadresDbContext db, string key, DateOnly day, CancellationToken ct) =>
        await db.RuleSettings.AsNoTracking().Where(s => s.Key == key && s.EffectiveFrom <= day)
            .OrderByDescending(s => s.EffectiveFrom).Select(s => (decimal?)s.Value).FirstOrDefaultAsync(ct)
        ?? RuleKeys.Defaults[key];

    public static async Task<DispatchThresholds> ThresholdsOnAsync(ResidentCadresDbContext db, DateOnly day, CancellationToken ct) => new(
        (int)await ValueOnAsync(db, RuleKeys.FullTeamFromHouseholds, day, ct),
        (int)await ValueOnAsync(db, RuleKeys.WorkTeamFromHouseholds, day, ct),
        await ValueOnAsync(db, RuleKeys.FullTeamAboveIncidencePercent, day, ct));
}
