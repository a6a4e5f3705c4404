using Party.Honors.Data;
using Party.ServiceDefaults.Scope;

namespace Party.Honors.Apis;

/// <summary>
/// What an endpoint of this service works with, taken as one <c>[AsParameters]</c> parameter so that a handler lists only
/// what the request carries (route values, body, query filters). Not part of the OpenAPI document: every member is a
/// service or the request's context.
/// </summary>
public sealed record HonorsServices(HonorsDbContext Db, OrgScope Scope, HttpContext Http, TimeProvider Clock, HonorRollCache Cache);
