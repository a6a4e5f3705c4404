using Microsoft.Extensions.Options;
using Party.ServiceDefaults.Scope;
using Party.Webhooks.Data;
using Party.Webhooks.Delivery;

namespace Party.Webhooks.Apis;

/// <summary>
/// What an endpoint of this service works with, taken as one <c>[AsParameters]</c> parameter so that a handler lists only
/// what the request carries (route values, body, query filters). Not part of the OpenAPI document: every member is a
/// service or the request's context.
/// </summary>
public sealed record WebhooksServices(WebhooksDbContext Db, OrgScope Scope, HttpContext Http, TimeProvider Clock,
    IOptions<WebhookSettings> Settings, DeliverySignal Signal);
