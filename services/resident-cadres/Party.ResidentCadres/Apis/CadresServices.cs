using System.Security.Claims;
using Party.ResidentCadres.Data;
using Party.ServiceDefaults.Scope;

namespace Party.ResidentCadres.Apis;

/// <summary>
/// The per-request services a resident-cadre endpoint is handed, bound with <c>[AsParameters]</c> (as dotnet/eShop's
/// <c>OrderServices</c>), so a handler lists only its route values, body, query filters and cancellation token.
/// </summary>
public sealed record CadresServices(ResidentCadresDbContext Db, OrgScope Scope, TimeProvider Clock, HttpContext Http)
{
    public ClaimsPrincipal User => Http.User;

    /// <summary>The caller's path prefix, or one no path starts with when the caller's unit is unknown here.</summary>
    public Task<string> CallerPathAsync(CancellationToken ct) => Scope.CallerPathOrNothingAsync(ct);
}
