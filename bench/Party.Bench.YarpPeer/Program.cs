using Yarp.ReverseProxy.Configuration;

// YARP with nothing else in front of one service: the floor under the gateway in `bench gateway`. The gateway is this
// same proxy (same package, same runtime settings from Directory.Build.props) plus JWT validation, the Redis rate limit,
// correlation, problem details and telemetry, so gateway − this peer is what those cost, and this peer − direct is what
// the proxy engine costs on this machine, beside nginx doing the same job.
// Usage: Party.Bench.YarpPeer --upstream http://127.0.0.1:PORT --urls http://127.0.0.1:PORT [--stop-with-stdin true]
var builder = WebApplication.CreateSlimBuilder(args);
var upstream = builder.Configuration["upstream"];
if (!Uri.TryCreate(upstream, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
{
    Console.Error.WriteLine($"--upstream takes the service's http(s) URL, not '{upstream}'.");
    return 2;
}
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "service", Match = new RouteMatch { Path = "{**path}" } }],
    [
        new ClusterConfig
        {
            ClusterId = "service",
            Destinations = new Dictionary<string, DestinationConfig> { ["service"] = new() { Address = target.AbsoluteUri } },
        },
    ]);

var app = builder.Build();
app.MapReverseProxy();
if (app.Configuration.GetValue<bool>("stop-with-stdin"))
{
    // The bench holds this pipe open; when the bench ends, even killed, it closes and the peer is not left behind.
    _ = Task.Run(async () =>
    {
        await Console.In.ReadToEndAsync();
        app.Lifetime.StopApplication();
    });
}
app.Run();
return 0;
