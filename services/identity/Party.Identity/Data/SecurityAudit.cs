using Party.ServiceDefaults.Auth;

namespace Party.Identity.Data;

/// <summary>Adds security events to the request's unit of work (saved with the change they describe).</summary>
public sealed class SecurityAudit(IdentityDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>An event done by the authenticated caller (an operator, a committee user).</summary>
    public void ByCaller(string action, string entity, string entityId, string orgPath, string? detail = null)
    {
        var user = http.HttpContext?.User;
        Record(action, user?.Actor() ?? PartyClaims.SystemActor, user?.ActorName() ?? PartyClaims.SystemActor, entity, entityId, orgPath,
            detail);
    }

    public void Record(string action, string actor, string actorName, string entity, string entityId, string orgPath,
        string? detail = null) =>
        db.SecurityEvents.Add(new SecurityEvent
        {
            At = clock.GetUtcNow(),
            Action = action,
            Actor = Truncate(actor, 200),
            ActorName = Truncate(actorName, 200),
            Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Entity = entity,
            EntityId = Truncate(entityId, 200),
            OrgPath = orgPath,
            Detail = detail,
        });

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
