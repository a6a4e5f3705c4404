using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Party.Members.Data;

namespace Party.Bench.Scenarios;

/// <summary>
/// The members service's year-end points close (年终积分评定) at county scale (20,000 members, a year of
/// entries) and province scale (100 counties, 2,000,000 members), each in a fresh database of its own on
/// the benchmark's PostgreSQL server, migrated with the service's migrations. Targets (issue 14): county &lt; 1 s,
/// province &lt; 60 s. <c>--counties N</c> is not offered: the two scales are the issue's.
/// </summary>
public sealed class MembersAnnualScenario : IScenario
{
    private const int MembersPerCounty = 20_000;
    private static readonly (string Variant, int Counties, TimeSpan Target)[] Scales =
    [
        ("county", 1, TimeSpan.FromSeconds(1)),
        ("province", 100, TimeSpan.FromSeconds(60)),
    ];

    public string Name => "members-annual";
    public string Description => "year-end points close for a generated county (20,000 members) and province (2,000,000 members)";

    public async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct)
    {
        var results = new List<LoadResult>();
        var notes = new List<string> { "" };
        var year = DateTime.UtcNow.Year - 1;
        // --scale county (or province) runs one of the two, e.g. to compare a change to the close without the province's minute.
        var only = context.Options.Extra.GetValueOrDefault("scale");
        if (only is not null && Scales.All(s => s.Variant != only))
            throw new ArgumentException($"--scale takes {string.Join(" or ", Scales.Select(s => s.Variant))}, not “{only}”.");
        foreach (var (variant, counties, target) in Scales.Where(s => only is null || s.Variant == only))
        {
            var database = $"bench_members_annual_{variant}";
            // --reuse true keeps an earlier run's generated data (3 minutes at province scale) and only undoes its close.
            var reuse = context.Options.Extra.TryGetValue("reuse", out var r) && r is "1" or "true"
                && await DatabaseExistsAsync(context.Options.Postgres, database, ct);
            if (!reuse) await RecreateDatabaseAsync(context.Options.Postgres, database, ct);
            var connectionString =
                new NpgsqlConnectionStringBuilder(context.Options.Postgres) { Database = database, CommandTimeout = 0 }.ConnectionString;
            // The close opens a context per transaction, as the service does through its scopes.
            await using var services = new ServiceCollection()
                .AddDbContext<MembersDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention())
                .BuildServiceProvider();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MembersDbContext>();
            await db.Database.MigrateAsync(ct);
            context.Log.WriteLine(reuse ? $"  {variant}: reusing the generated data, undoing the earlier close …"
                : $"  {variant}: generating {counties * MembersPerCounty:N0} members and a year of entries …");
            var run = await MembersAnnualFixture.RunAsync(db, services.GetRequiredService<IServiceScopeFactory>(),
                counties, MembersPerCounty, year, reuse, line => context.Log.WriteLine(line));
            var ms = run.Close.TotalMilliseconds;
            results.Add(new LoadResult(Name, variant, 1, 0, 0, ms, ms, ms, 1 / run.Close.TotalSeconds, run.Close, null));
            notes.Add($"{variant}: {run.Members:N0} members, {run.Entries:N0} entries, {run.Branches:N0} branches; " +
                $"generated in {run.Generate.TotalSeconds:0.0} s; " +
                $"close {run.Close.TotalSeconds:0.00} s (target < {target.TotalSeconds:0} s) → " +
                $"{(run.Close < target ? "MET" : "NOT MET")}; " +
                $"优秀 {run.Summary.Excellent:N0}, 合格 {run.Summary.Qualified:N0}, " +
                $"基本合格 {run.Summary.BasicallyQualified:N0}, 不合格 {run.Summary.Unqualified:N0}");
        }
        return new ScenarioReport(results, notes);
    }

    private static async Task<bool> DatabaseExistsAsync(string server, string database, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", conn);
        cmd.Parameters.AddWithValue("name", database);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task RecreateDatabaseAsync(string server, string database, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", $"CREATE DATABASE \"{database}\"" })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
