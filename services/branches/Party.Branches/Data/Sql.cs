using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Party.Branches.Data;

/// <summary>Set-based reports and closes as plain SQL on the context's connection (and transaction, if one is open).</summary>
internal static class Sql
{
    public static async Task<List<T>> QueryAsync<T>(this BranchesDbContext db, FormattableString sql, Func<NpgsqlDataReader, T> read,
        CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = Command(db, sql);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct)) rows.Add(read(reader));
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlCommand Command(BranchesDbContext db, FormattableString sql)
    {
        var args = sql.GetArguments();
        var text = string.Format(sql.Format, args.Select((_, i) => (object)("@p" + i)).ToArray());
        var cmd = new NpgsqlCommand(text, (NpgsqlConnection)db.Database.GetDbConnection());
        for (var i = 0; i < args.Length; i++) cmd.Parameters.AddWithValue("p" + i, args[i] ?? DBNull.Value);
        cmd.Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    /// <summary>A LIKE pattern matching every path under <paramref name="prefix"/>, its wildcards escaped.</summary>
    public static string Like(string prefix) => prefix.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    public static DateOnly? NullableDate(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);
}
