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

    /// <summary>Applies one snapshot, as the set form does.</summary>
    public static Task ApplyAsync(this IOrgUnitReplicaDbContext db, OrgUnitSnapshot unit, DateTimeOffset now, CancellationToken ct) =>
        db.ApplyAsync([unit], now, ct);

    /// <summary>
    /// Applies each unit's newest snapshot unless a newer version is already here, and counts every event either way.
    /// One upsert statement for the whole set, its rows in id order, so two batches touching the same units at once wait
    /// for each other instead of colliding or deadlocking; snapshots of one unit in the set are folded into one row first
    /// (an upsert cannot touch a row twice).
    /// </summary>
    public static Task ApplyAsync(this IOrgUnitReplicaDbContext db, IReadOnlyList<OrgUnitSnapshot> units, DateTimeOffset now,
        CancellationToken ct)
    {
        Guid[] ids = [.. units.Select(u => u.OrgUnitId)];
        string[] codes = [.. units.Select(u => u.Code)], names = [.. units.Select(u => u.Name)], kinds = [.. units.Select(u => u.Kind)],
            domains = [.. units.Select(u => u.Domain)], paths = [.. units.Select(u => u.Path)];
        Guid?[] parents = [.. units.Select(u => u.ParentId)];
        bool[] dissolved = [.. units.Select(u => u.Dissolved)];
        long[] versions = [.. units.Select(u => u.Version)];
        return ((DbContext)db).Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO org_units (id, code, name, kind, domain, parent_id, path, dissolved, version, events_applied, updated_at)
            SELECT DISTINCT ON (u.id) u.id, u.code, u.name, u.kind, u.domain, u.parent_id, u.path, u.dissolved, u.version,
                   COUNT(*) OVER (PARTITION BY u.id), {now}
            FROM unnest({ids}, {codes}, {names}, {kinds}, {domains}, {parents}, {paths}, {dissolved}, {versions})
                AS u(id, code, name, kind, domain, parent_id, path, dissolved, version)
            ORDER BY u.id, u.version DESC
            ON CONFLICT (id) DO UPDATE SET
                events_applied = org_units.events_applied + excluded.events_applied,
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
/// derives a concrete class so MassTransit names the queue after it. The events arrive in batches
/// (<see cref="BatchConsumerDefinition{TConsumer}"/>): a batch is one transaction (its inbox rows and one upsert), where one
/// transaction per event could not keep up with a burst of new units.
/// </summary>
public abstract class OrgUnitReplicaConsumer<TDb>(TDb db, TimeProvider clock)
    : IConsumer<Batch<OrgUnitRegistered>>, IConsumer<Batch<OrgUnitChanged>>, IConsumer<Batch<OrgUnitDissolved>>
    where TDb : DbContext, IOrgUnitReplicaDbContext
{
    public Task Consume(ConsumeContext<Batch<OrgUnitRegistered>> context) => Apply(context.Message, m => m.Unit, context.CancellationToken);
    public Task Consume(ConsumeContext<Batch<OrgUnitChanged>> context) => Apply(context.Message, m => m.Unit, context.CancellationToken);
    public Task Consume(ConsumeContext<Batch<OrgUnitDissolved>> context) => Apply(context.Message, m => m.Unit, context.CancellationToken);

    private Task Apply<TEvent>(Batch<TEvent> batch, Func<TEvent, OrgUnitSnapshot> unit, CancellationToken ct) where TEvent : class =>
        Inbox.HandleBatchOnceAsync(db, batch, "org-unit-replica", clock,
            (events, token) => db.ApplyAsync([.. events.Select(unit)], clock.GetUtcNow(), token), ct);
}
