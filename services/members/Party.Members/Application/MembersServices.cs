using System.Security.Claims;
using Party.Members.Data;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// What every members endpoint is handed besides the request itself, bound with <c>[AsParameters]</c> (as dotnet/eShop's
/// <c>OrderServices</c>): a handler's own parameters are only what the request carries — route values, body, query filters.
/// </summary>
public sealed record MembersServices(MembersDbContext Db, OrgScope Scope, TimeProvider Clock, HttpContext Http)
{
    public ClaimsPrincipal User => Http.User;
}
