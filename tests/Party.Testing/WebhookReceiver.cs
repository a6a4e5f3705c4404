using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using BureauSamples;
using Party.ServiceDefaults;

namespace Party.Testing;

/// <summary>
/// A bureau's receiver in the test host, on a real port. Not listening until <see cref="StartAsync"/> (a receiver that is
/// down: connections are refused). Checks every request with the sample verifier as it arrives, like a bureau would.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string? Id, string? Kind, string Body, WebhookCheck Check);

    private WebApplication? _app;
    private int _inFlight;
    public int Port { get; } = FreePorts.Next();
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public ConcurrentQueue<Received> Requests { get; } = new();
    public string Secret { get; set; } = "";
    /// <summary>Status answered to a valid delivery.</summary>
    public int Status { get; set; } = 200;
    /// <summary>Awaited before answering: a receiver that hangs until the test lets it go.</summary>
    public Task Gate { get; set; } = Task.CompletedTask;
    public int MaxInFlight { get; private set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext http) =>
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (Requests) MaxInFlight = Math.Max(MaxInFlight, now);
            try
            {
                using var reader = new StreamReader(http.Request.Body);
                var body = await reader.ReadToEndAsync();
                var h = http.Request.Headers;
                var check = new WebhookVerifier(Secret)
                    .Verify(h["webhook-id"], h["webhook-timestamp"], h["webhook-signature"], body, DateTimeOffset.UtcNow);
                Requests.Enqueue(new Received(h["webhook-id"], h["Party-Event-Kind"], body, check));
                await Gate;
                return check == WebhookCheck.Valid ? Results.StatusCode(Status) : Results.StatusCode(401);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
