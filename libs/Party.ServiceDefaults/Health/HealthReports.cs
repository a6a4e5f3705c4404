using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Party.ServiceDefaults.Health;

/// <summary>
/// <c>/health</c> answers in JSON: the overall status and, per check, its status and the reason, so an operator
/// sees at a glance which dependency (a cluster, the broker, Redis, the database) is the trouble.
/// <para>
/// Status codes: Healthy and <b>Degraded → 200</b>, Unhealthy → 503. <c>/health</c> is the readiness probe: an
/// orchestrator (and the gateway's active health check) takes an instance out of rotation on a non-2xx answer. A
/// degraded instance still serves its callers — writes go to the outbox while the broker is away, reads skip Redis,
/// the gateway still routes to the clusters that are up — so taking it out would turn a partial outage into a full
/// one. Only an instance that cannot serve at all (its database is unreachable) answers 503. <c>/alive</c> is the
/// liveness probe and checks the process only: a dependency's outage never gets a process restarted.
/// </para>
/// </summary>
public static class HealthReports
{
    public static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    public static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        // Written to memory first: the response stream takes asynchronous writes only.
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            // The reasons of everything that is not healthy, first: what an operator reads.
            json.WriteStartArray("problems");
            foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
                json.WriteStringValue($"{name}: {entry.Description ?? entry.Exception?.Message ?? entry.Status.ToString()}");
            json.WriteEndArray();
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                if (entry.Description is { } description) json.WriteString("description", description);
                if (entry.Exception is { } e) json.WriteString("error", e.Message);
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                if (entry.Data.Count > 0)
                {
                    json.WritePropertyName("data");
                    JsonSerializer.Serialize(json, entry.Data);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }
}
