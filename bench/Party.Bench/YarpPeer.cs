using System.Diagnostics;
using Party.ServiceDefaults;

namespace Party.Bench;

/// <summary>
/// <c>bench/Party.Bench.YarpPeer</c>, YARP alone in front of one service: the floor under the gateway, which is the
/// same proxy with its own work added. It is built with the solution; <c>--yarp-peer PATH</c> names another build.
/// </summary>
public static class YarpPeer
{
    public const string Name = "Party.Bench.YarpPeer";

    /// <summary>Starts the peer on a free local port in front of <paramref name="upstream"/>; returns once it answers.</summary>
    public static async Task<PeerProcess> StartAsync(string? path, string upstream, TextWriter log, CancellationToken ct)
    {
        var executable = path ?? DefaultPath();
        var port = FreePorts.Next();
        var info = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--upstream", upstream, "--urls", $"http://127.0.0.1:{port}", "--stop-with-stdin", "true" },
            RedirectStandardInput = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        var peer = await PeerProcess.StartAsync("yarp", info, port, PeerProcess.SigTerm,
            $"./party build builds {Name}, or pass --yarp-peer PATH.", log, ct);
        log.WriteLine($"  yarp {peer.Pid} on {peer.BaseUrl} → {new Uri(upstream).Authority} ({executable})");
        return peer;
    }

    /// <summary>The peer's build in the repository, in the bench's own configuration and framework.</summary>
    private static string DefaultPath()
    {
        var repo = BenchOptions.FindRepo() ?? throw new BenchSetupException(
            $"The repository (the folder holding Party.sln) is not found: pass --yarp-peer with the path of {Name}.");
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(repo, "bench", Name, "bin", framework.Parent!.Name, framework.Name, Name);
    }
}
