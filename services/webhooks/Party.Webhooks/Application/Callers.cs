using System.Security.Claims;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.Webhooks.Data;

namespace Party.Webhooks.Application;

/// <summary>
/// Who calls: a bureau's machine client sees only its own subscriptions and deliveries (another client's are 404);
/// operators see every client's.
/// </summary>
public static class Callers
{
    public static string ClientOf(ClaimsPrincipal user) =>
        user.FindFirst(PartyClaims.Subject)?.Value ?? throw DomainException.NotFound("clients");

    public static string[] ScopesOf(ClaimsPrincipal user) =>
        user.FindAll(PartyClaims.Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    private static bool IsOperator(ClaimsPrincipal user) => user.IsInRole(PartyRoles.Operator);

    public static IQueryable<WebhookSubscription> VisibleSubscriptions(this WebhooksDbContext db, ClaimsPrincipal user) =>
        IsOperator(user) ? db.Subscriptions : db.Subscriptions.Where(s => s.ClientId == ClientOf(user));

    public static IQueryable<WebhookDelivery> VisibleDeliveries(this WebhooksDbContext db, ClaimsPrincipal user) =>
        IsOperator(user) ? db.Deliveries : db.Deliveries.Where(d => d.ClientId == ClientOf(user));
}
