using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Messaging.Inbox;
using Party.ServiceDefaults.Scope;

namespace Party.Persistence.OrgUnits;

/// <summary>
/// A service's local copy of one org unit, kept from the branches service's events so names and
/// scope checks never call another service.
/// </summary>
public sealed class OrgUnitReplica
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public required string Domain { get; set; }
    public Guid? ParentId { get; set; }
    public required string Path { get; set; }
    public bool Dissolved { get; set; }
    public long Version { get; set; }
    /// <summary>Distinct events applied to this row (including stale ones); lets tests see each event counted once.</summary>
    public int EventsApplied { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public interface IOrgUnitReplicaDbContext : IMessagingDbContext
{
    DbSet<OrgUnitReplica> OrgUnits { get; }
}

public static class OrgUnitReplicaModel
{
    public static ModelBuilder AddOrgUnitReplica(this ModelBuilder model)
    {
        model.Entity<OrgUnitReplica>(e =>
        {
            e.ToTable("org_units");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Code).HasMaxLength(50);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Path).HasMaxLength(1000);
            // text_pattern_ops lets "path LIKE 'prefix%'" use the index.
            e.HasIndex(x => x.Path).HasOperators("text_pattern_ops");
        });
        return model;
    }

    /// <summary>
    /// Applies a snapshot unless a newer version is already here, and counts the event either way.
    /// One upsert statement, so two events for the same unit handled at once cannot collide.
    /// </summary>
    public static Task ApplyAsync(this IOrgUnitReplicaDbContext db, OrgUnitSnapshot unit, DateTimeOffset now, CancellationToken ct) =>
        ((DbContext)db).Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
            VALUES ({unit.OrgUnitId}, {unit.Code}, {unit.Name}, {unit.Kind}, {unit.Domain}, {unit.ParentId}, {unit.Path},
                    {unit.Dissolved}, {unit.Version}, 1, {now})
            ON CONFLICT (id) DO UPDATE SET
                events_applied = org_units.events_applied + 1,
                updated_at = excluded.updated_at,
                code = CASE WHEN excluded.version > org_units.version THEN excluded.code ELSE org_units.code END,
                name = CASE WHEN excluded.version > org_units.version THEN excluded.name ELSE org_units.name END,
                kind = CASE WHEN excluded.version > org_units.version THEN excluded.kind ELSE org_units.kind END,
                domain = CASE WHEN excluded.version > org_units.version THEN excluded.domain ELSE org_units.domain END,
                parent_id = CASE WHEN excluded.version > org_units.version THEN excluded.parent_id ELSE org_units.parent_id END,
                path = CASE WHEN excluded.version > org_units.version THEN excluded.path ELSE org_units.path END,
                dissolved = CASE WHEN excluded.version > org_units.version THEN excluded.dissolved ELSE org_units.dissolved END,
                version = GREATEST(org_units.version, excluded.version)
            """, ct);
}

public static class OrgUnitReplicaServices
{
    /// <summary>Scope checks and the replica API read the service's own DbContext through the replica interface.</summary>
    public static IServiceCollection AddOrgUnitReplica<TDb>(this IServiceCollection services)
        where TDb : DbContext, IOrgUnitReplicaDbContext
    {
        services.AddScoped<IOrgUnitReplicaDbContext>(sp => sp.GetRequiredService<TDb>());
        services.AddScoped<IOrgUnitPaths, ReplicaOrgUnitPaths<TDb>>();
        return services;
    }
}

/// <summary>Scope lookups against the replica.</summary>
public sealed class ReplicaOrgUnitPaths<TDb>(TDb db) : IOrgUnitPaths where TDb : DbContext, IOrgUnitReplicaDbContext
{
    public Task<string?> PathOfAsync(Guid orgUnitId, CancellationToken ct) =>
        db.OrgUnits.AsNoTracking().Where(u => u.Id == orgUnitId).Select(u => u.Path).FirstOrDefaultAsync(ct);
}

/// <summary>
/// Keeps the replica from all three org-unit events on one queue per service. Each service
/// derives a concrete class so MassTransit names the queue after it.
/// </summary>
public abstract class OrgUnitReplicaConsumer<TDb>(TDb db, TimeProvider clock)
    : IConsumer<OrgUnitRegistered>, IConsumer<OrgUnitChanged>, IConsumer<OrgUnitDissolved>
    where TDb : DbContext, IOrgUnitReplicaDbContext
{
    public Task Consume(ConsumeContext<OrgUnitRegistered> context) => Apply(context, context.Message.Unit);
    public Task Consume(ConsumeContext<OrgUnitChanged> context) => Apply(context, context.Message.Unit);
    public Task Consume(ConsumeContext<OrgUnitDissolved> context) => Apply(context, context.Message.Unit);

    private Task Apply(ConsumeContext context, OrgUnitSnapshot unit) =>
        Inbox.HandleOnceAsync(db, context, "org-unit-replica", clock, ct => db.ApplyAsync(unit, clock.GetUtcNow(), ct));
}
