using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Party.ServiceDefaults.Idempotency;

/// <summary>
/// The transaction a request with an <c>Idempotency-Key</c> runs in (opened by <see cref="IdempotencyMiddleware"/>).
/// An endpoint that needs a transaction of its own joins it through a savepoint, and work that must only happen
/// once the write is durable (dropping a cache) waits for its commit.
/// </summary>
public static class RequestTransactions
{
    private static readonly ConditionalWeakTable<IDbContextTransaction, Unit> Units = new();

    internal static Unit Register(IDbContextTransaction tx)
    {
        var unit = new Unit();
        Units.Add(tx, unit);
        return unit;
    }

    /// <summary>
    /// Begins a transaction, or — when the request already runs in one — a savepoint inside it that behaves the same
    /// for the caller: <c>CommitAsync</c> keeps its work (committed with the request's transaction), disposing
    /// without commit rolls back just its work.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginOrJoinTransactionAsync(
        this DatabaseFacade database, CancellationToken ct = default)
    {
        if (database.CurrentTransaction is not { } outer) return await database.BeginTransactionAsync(ct);
        var name = "unit_" + Guid.NewGuid().ToString("N")[..12];
        await outer.CreateSavepointAsync(name, ct);
        return new Savepoint(outer, name);
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the current transaction of <paramref name="database"/> has committed (at once when there is
    /// none).
    /// </summary>
    public static Task AfterCommitAsync(this DatabaseFacade database, Func<Task> action)
    {
        if (database.CurrentTransaction is { } tx && Units.TryGetValue(tx, out var unit))
        {
            unit.AfterCommit.Add(action);
            return Task.CompletedTask;
        }
        return action();
    }

    internal sealed class Unit
    {
        public List<Func<Task>> AfterCommit { get; } = [];

        public async Task CommittedAsync()
        {
            foreach (var action in AfterCommit) await action();
        }
    }

    private sealed class Savepoint(IDbContextTransaction outer, string name) : IDbContextTransaction, IInfrastructure<DbTransaction>
    {
        private bool _done;

        public Guid TransactionId => outer.TransactionId;

        /// <summary>The request's transaction, for code that runs its own commands on the connection (COPY, raw SQL).</summary>
        public DbTransaction Instance => outer.GetDbTransaction();

        public void Commit() => CommitAsync().GetAwaiter().GetResult();

        public async Task CommitAsync(CancellationToken ct = default)
        {
            if (_done) throw new InvalidOperationException("This transaction has already completed.");
            _done = true;
            await outer.ReleaseSavepointAsync(name, ct);
        }

        public void Rollback() => RollbackAsync().GetAwaiter().GetResult();

        public async Task RollbackAsync(CancellationToken ct = default)
        {
            if (_done) throw new InvalidOperationException("This transaction has already completed.");
            _done = true;
            await outer.RollbackToSavepointAsync(name, ct);
        }

        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        public async ValueTask DisposeAsync()
        {
            if (!_done) await RollbackAsync(CancellationToken.None);
        }
    }
}
