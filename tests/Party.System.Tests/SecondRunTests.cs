using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;
using Party.AppHost;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// A second system started the way <c>./party run</c> starts it — the AppHost as a process of its own, here with two
/// gateways and a low per-client limit — and stopped the way an operator stops it, with SIGTERM.
/// </summary>
public class SecondRunTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>The app host's last console lines: what a failure reports, since the second system's logs go with its state dir.</summary>
    private readonly ConcurrentQueue<string> _console = new();

    private const int Limit = 20;

    [Fact]
    public async Task Two_gateways_share_a_clients_limit_through_Redis_and_SIGTERM_stops_every_process_within_30_s()
    {
        var stateDir = AppHostRun.NewStateDir();
        var devSecret = RunSecrets.New();
        var marker = Guid.NewGuid().ToString("N");
        var apphost = StartAppHost(stateDir, devSecret, marker);
        var passed = false;
        try
        {
            var gateways = await Eventually.ResultAsync(() => Task.FromResult(GatewayUrls(marker)), urls => urls.Count == 2,
                TimeSpan.FromMinutes(8), "two gateway processes started");
            foreach (var url in gateways)
            {
                using var probe = new HttpClient { BaseAddress = new Uri(url) };
                // Healthy, not only 200: a gateway answers 200 Degraded while a service behind it is still starting, and a
                // call to that service then waits for its start.
                await Eventually.TrueAsync(async () =>
                {
                    try { return JsonNode.Parse(await probe.GetStringAsync("/health"))?["status"]?.GetValue<string>() == "Healthy"; }
                    catch (HttpRequestException) { return false; } // not listening yet, or 503
                }, TimeSpan.FromMinutes(8), $"{url} healthy");
            }

            var org = Guid.NewGuid();
            using var tokens = new HttpClient();
            var token = await DevelopmentTokens.RequestAsync(tokens, gateways[0], devSecret, PartyRoles.County, org,
                subject: $"county-{org:N}");
            var first = SystemFixture.Client(gateways[0], token);
            var second = SystemFixture.Client(gateways[1], token);
            // Alternating between the instances: each alone has seen only half the limit.
            for (var i = 0; i < Limit; i++)
            {
                var response = await (i % 2 == 0 ? first : second).GetAsync($"/api/branches/org-units/{org}");
                Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
            }
            foreach (var gateway in new[] { first, second })
            {
                var refused = await gateway.GetAsync($"/api/branches/org-units/{org}");
                await refused.AssertProblemAsync(429, "rate_limit.exceeded");
                Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
            }
            var other = SystemFixture.Client(gateways[1],
                await DevelopmentTokens.RequestAsync(tokens, gateways[1], devSecret, PartyRoles.County, Guid.NewGuid(),
                    subject: "county-other"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.GetAsync($"/api/branches/org-units/{org}")).StatusCode);

            // Ctrl+C: the app host and everything it started are gone within 30 s.
            Assert.NotEmpty(RunProcesses(stateDir, marker));
            var stopping = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", apphost.Id.ToString()])) await kill.WaitForExitAsync();
            while ((!apphost.HasExited || RunProcesses(stateDir, marker).Count > 0) && stopping.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(200);
            var left = RunProcesses(stateDir, marker);
            Assert.True(apphost.HasExited && left.Count == 0,
                $"after {stopping.Elapsed.TotalSeconds:0.0} s still running: " +
                $"{string.Join("; ", left.Select(p => $"{p.Pid} {p.Command}"))}");
            passed = true;
        }
        finally
        {
            if (!passed) output.WriteLine("The second app host's last console lines:\n" + string.Join("\n", _console));
            if (!apphost.HasExited) apphost.Kill(entireProcessTree: true);
            await AppHostRun.DeleteStateDirAsync(stateDir);
        }
    }

    private Process StartAppHost(string stateDir, string devSecret, string marker)
    {
        var dll = typeof(Party.AppHost.PartySettings).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "--throwaway", "--state-dir", stateDir, "--gateway-replicas", "2", "--no-dashboard",
                $"--Parameters:{DevelopmentTokens.SecretFile}={devSecret}",
                // Marks every service and gateway process of this run, so the test finds them (and any left behind).
                $"--Party:ServiceEnvironment:PARTY_RUN_MARKER={marker}",
                $"--Party:ServiceEnvironment:Gateway__RateLimit__PermitLimit={Limit}",
                "--Party:ServiceEnvironment:Gateway__RateLimit__WindowSeconds=60",
                // This test is about the count being shared, which needs every call counted in Redis. Under the default
                // 200 ms budget a call that a loaded machine answers late fails open (by design, tested in Platform.Tests)
                // and goes uncounted, so the 21st call would pass.
                "--Party:ServiceEnvironment:Party__Redis__OperationTimeoutMs=5000",
            },
            WorkingDirectory = Party.AppHost.PartySettings.FindRepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["PARTY_RUN_MARKER"] = marker;
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name); // the test runner's own servers must not be taken as "existing servers"
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _console.Enqueue(line);
        while (_console.Count > 200) _console.TryDequeue(out _);
    }

    /// <summary>The gateways' own addresses, read from their processes (throwaway runs take free ports).</summary>
    private static List<string> GatewayUrls(string marker) =>
        ProcessTree.Matching(marker)
            .Where(p => p.Command.Contains("Party.Gateway", StringComparison.Ordinal)
                && !p.Command.Contains("dotnet run", StringComparison.Ordinal))
            .Select(p => ProcessTree.EnvironmentOf(p.Pid).GetValueOrDefault("ASPNETCORE_URLS"))
            .OfType<string>()
            .Select(u => u.Split(';')[0].Replace("localhost", "127.0.0.1", StringComparison.Ordinal))
            .Distinct().Order().ToList();

    private static List<(int Pid, string Command)> RunProcesses(string stateDir, string marker) =>
        [.. ProcessTree.Matching(stateDir).Concat(ProcessTree.Matching(marker)).DistinctBy(p => p.Pid)];
}
