using Party.Branches.Data;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

/// <summary>
/// What a branches handler needs from the request's services, bound with <c>[AsParameters]</c> so a handler's signature
/// shows only its route values, body, query filters and cancellation token.
/// </summary>
public sealed record BranchesServices(BranchesDbContext Db, OrgScope Scope, HttpContext Http, TimeProvider Clock);
