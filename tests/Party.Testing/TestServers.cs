using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace Party.Testing;

/// <summary>
/// The real servers tests run against, as handed out by <c>./party test</c> through the
/// environment. There is no fallback: without them a test fails and says how to get them.
/// </summary>
public static class TestServers
{
    public static string Postgres => Require("ConnectionStrings__postgres");
    public static string RabbitMq => Require("ConnectionStrings__rabbitmq");
    // Shells cannot export a name with '-', so the underscore spelling is accepted too.
    public static string RabbitMqManagement =>
        Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq_management") is { Length: > 0 } v
            ? v
            : Require("ConnectionStrings__rabbitmq-management");
    public static string Redis => Require("ConnectionStrings__redis");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. These tests need real PostgreSQL, RabbitMQ and Redis and there is no Docker engine here: " +
                "run them with `./party test`, which starts throwaway servers and sets the variables.");

    public static string DatabaseConnection(string database) =>
        new NpgsqlConnectionStringBuilder(Postgres) { Database = database, Pooling = true, MaxPoolSize = 30 }.ConnectionString;

    public static async Task CreateDatabaseAsync(string database)
    {
        await using var conn = await AdminConnectionAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <remarks>
    /// The connections still pooled for it are ended by the forced drop. No pool is cleared here: clearing them all, as this
    /// did, also closed the idle connections of the test hosts still running beside this one in the same process.
    /// </remarks>
    public static async Task DropDatabaseAsync(string database)
    {
        await using var conn = await AdminConnectionAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A connection to the server's own database, outside every pool.</summary>
    private static async Task<NpgsqlConnection> AdminConnectionAsync()
    {
        var conn = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    /// <summary>
    /// Asserts that the connections to <paramref name="database"/> hold no advisory lock between uses, while at least one
    /// is open (so a lock it kept would show), idle in its pool or lent out to a background job at that moment. The services'
    /// pools do not reset a returned connection (ServiceDatabase): a lock that was not released stays held by that
    /// connection until the pool closes it.
    /// </summary>
    public static async Task AssertPooledConnectionsHoldNoLockAsync(string database)
    {
        await using var conn = await AdminConnectionAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = $1),
                   (SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                    WHERE l.locktype = 'advisory' AND d.datname = $1)
            """, conn) { Parameters = { new() { Value = database } } };
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (open, locks) = (reader.GetInt64(0), reader.GetInt64(1));
        Assert.True(open > 0, "a pooled connection is open, so a lock it kept would show");
        Assert.Equal(0, locks);
    }

    /// <summary>A RabbitMQ virtual host of its own, so one test host's queues never compete with another's.</summary>
    public static async Task<string> CreateVirtualHostAsync(string vhost)
    {
        using var http = ManagementClient();
        (await http.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", System.Text.Encoding.UTF8,
            "application/json");
        (await http.PutAsync($"api/permissions/{vhost}/guest", permissions)).EnsureSuccessStatusCode();
        var amqp = new UriBuilder(RabbitMq) { Path = "/" + vhost };
        return amqp.Uri.ToString();
    }

    public static async Task DeleteVirtualHostAsync(string vhost)
    {
        using var http = ManagementClient();
        await http.DeleteAsync($"api/vhosts/{vhost}");
    }

    /// <summary>The names of the queues in a virtual host, as the broker's management API lists them.</summary>
    public static async Task<IReadOnlyList<string>> QueueNamesAsync(string vhost)
    {
        using var http = ManagementClient();
        var queues = await http.GetFromJsonAsync<List<JsonElement>>($"api/queues/{vhost}?columns=name") ?? [];
        return queues.Select(q => q.GetProperty("name").GetString()!).ToList();
    }

    private static HttpClient ManagementClient()
    {
        var uri = new Uri(RabbitMqManagement);
        var user = string.IsNullOrEmpty(uri.UserInfo) ? "guest:guest" : Uri.UnescapeDataString(uri.UserInfo);
        var http = new HttpClient { BaseAddress = new Uri($"{uri.Scheme}://{uri.Host}:{uri.Port}/") };
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user)));
        return http;
    }
}
