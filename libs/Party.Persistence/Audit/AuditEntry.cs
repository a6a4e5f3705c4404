using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults.Auth;

namespace Party.Persistence.Audit;

/// <summary>Full record (全程记实): who changed what, when, from which state to which, and why. Never updated or deleted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string ActorName { get; set; }
    public required string Entity { get; set; }
    public required string EntityId { get; set; }
    public required string Action { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Reason { get; set; }
    /// <summary>Path of the org unit the record belongs to, so the trail is filtered by scope like everything else.</summary>
    public required string OrgPath { get; set; }
}

public interface IAuditDbContext
{
    DbSet<AuditEntry> AuditEntries { get; }
}

public static class AuditModel
{
    public static ModelBuilder AddAuditTable(this ModelBuilder model)
    {
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.HasIndex(x => new { x.Entity, x.EntityId });
            e.HasIndex(x => x.OrgPath).HasOperators("text_pattern_ops");
        });
        return model;
    }

    public static void Audit(this IAuditDbContext db, ClaimsPrincipal user, DateTimeOffset at, string entity, object entityId,
        string orgPath, string action, string? from = null, string? to = null, string? reason = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            Actor = user.Actor(),
            ActorName = user.ActorName(),
            Entity = entity,
            EntityId = entityId.ToString()!,
            OrgPath = orgPath,
            Action = action,
            From = from,
            To = to,
            Reason = reason,
        });
}

public static class AuditTrail
{
    /// <summary>
    /// The audit trail under <paramref name="scopePrefix"/> (the caller's org path), newest first, optionally narrowed to
    /// one entity or one record: what every service's audit endpoint answers.
    /// </summary>
    public static Task<Page<AuditEntry>> PageInScopeAsync(this IAuditDbContext db, string scopePrefix, string? entity,
        string? entityId, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var query = db.AuditEntries.AsNoTracking().Where(a => a.OrgPath.StartsWith(scopePrefix));
        if (entity is not null) query = query.Where(a => a.Entity == entity);
        if (entityId is not null) query = query.Where(a => a.EntityId == entityId);
        return query.OrderByDescending(a => a.Id).ToPageAsync(paging, ct);
    }
}
