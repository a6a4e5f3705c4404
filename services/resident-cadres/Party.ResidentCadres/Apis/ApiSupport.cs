using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.ResidentCadres.Domain.Leaves;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

/// <summary>Route prefix, roles and request checks the resident-cadre APIs share.</summary>
internal static class ApiSupport
{
    public const string Prefix = "/api/resident-cadres";

    public static readonly string[] OfficeRoles = [PartyRoles.County, PartyRoles.Township, PartyRoles.Operator];
    public static readonly string[] CountyRoles = [PartyRoles.County, PartyRoles.Operator];

    /// <summary>
    /// The approver level of an office caller: county (and operator) users act as the county, township users as the township.
    /// </summary>
    public static ApproverLevel LevelOf(ClaimsPrincipal user) =>
        user.IsInRole(PartyRoles.Township) ? ApproverLevel.Township : ApproverLevel.County;

    public static void RequireIdempotencyKey(HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(http.Request.Headers[IdempotencyMiddleware.Header]))
            throw new DomainException("idempotency.key_required", "此接口须携带 Idempotency-Key 请求头，以便重试时不重复处理。", 400);
    }

    public static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>The month of a path; its year was bounded before the endpoint ran (YearParametersMiddleware).</summary>
    public static void ValidateMonth(int month) =>
        new Validator().Check(month is >= 1 and <= 12, "month", "月份须在 1–12 之间。").ThrowIfInvalid();

    public static async Task<IResult> XlsxAsync<T>(IEnumerable<T> rows, string fileName, CancellationToken ct)
    {
        return await Party.Common.Spreadsheets.FileAsync(rows, fileName, ct);
    }
}
