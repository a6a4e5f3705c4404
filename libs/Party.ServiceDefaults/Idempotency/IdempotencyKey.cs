using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Party.ServiceDefaults.Idempotency;

/// <summary>
/// A write's <c>Idempotency-Key</c> and the first answer to it, stored with the write (see <see cref="IdempotencyMiddleware"/>).
/// </summary>
public sealed class IdempotencyKey
{
    public required string Caller { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Key { get; init; }
    public required string BodyHash { get; init; }
    /// <summary>Null only inside the transaction that claimed the key; every committed row has its answer.</summary>
    public int? Status { get; init; }
    public string? ContentType { get; init; }
    public string? ETag { get; init; }
    public string? Location { get; init; }
    public byte[]? Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The service's DbContext as the idempotency store sees it (the one its endpoints write through).</summary>
public sealed class IdempotencyDb(DbContext db)
{
    public DbContext Db => db;
}

public static class IdempotencyStore
{
    /// <summary>
    /// The <c>idempotency_keys</c> table, in every service database (column names fixed: the middleware writes them in SQL).
    /// </summary>
    public static ModelBuilder AddIdempotencyKeys(this ModelBuilder model)
    {
        model.Entity<IdempotencyKey>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => new { x.Caller, x.Method, x.Path, x.Key });
            e.Property(x => x.Caller).HasColumnName("caller").HasMaxLength(200);
            e.Property(x => x.Method).HasColumnName("method").HasMaxLength(10);
            e.Property(x => x.Path).HasColumnName("path").HasMaxLength(1000);
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(200);
            e.Property(x => x.BodyHash).HasColumnName("body_hash").HasMaxLength(64);
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.ContentType).HasColumnName("content_type").HasMaxLength(200);
            e.Property(x => x.ETag).HasColumnName("etag").HasMaxLength(200);
            e.Property(x => x.Location).HasColumnName("location").HasMaxLength(2000);
            e.Property(x => x.Body).HasColumnName("body");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.HasIndex(x => x.CreatedAt).HasDatabaseName("ix_idempotency_keys_created_at");
        });
        return model;
    }

    /// <summary>
    /// Keys and answers in <typeparamref name="TDb"/>'s database (their hourly removal past retention is a job of
    /// Party.Persistence, <c>RetentionCleanup</c>, which <c>AddPartyDbContext</c> adds with this).
    /// </summary>
    public static IServiceCollection AddPartyIdempotency<TDb>(this IServiceCollection services) where TDb : DbContext
    {
        services.AddScoped(sp => new IdempotencyDb(sp.GetRequiredService<TDb>()));
        return services;
    }
}
