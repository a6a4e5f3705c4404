using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Party.Bench;

/// <summary>
/// A peer proxy the gateway scenario measures beside the gateway (<see cref="NginxPeer"/>, <see cref="YarpPeer"/>). It
/// runs as a child of the bench, not a daemon, on a free local port; disposing it stops it with its own graceful signal,
/// then SIGTERM after 10 s.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _stopSignal;

    private PeerProcess(Process process, string baseUrl, int stopSignal)
    {
        _process = process;
        BaseUrl = baseUrl;
        _stopSignal = stopSignal;
    }

    /// <summary>The process the bench started (nginx's master; its workers are its children).</summary>
    public int Pid => _process.Id;

    /// <summary>Where the peer listens (http://127.0.0.1:port).</summary>
    public string BaseUrl { get; }

    public const int SigTerm = 15;
    public const int SigQuit = 3;

    /// <summary>
    /// Starts <paramref name="info"/> (told to listen on <paramref name="port"/>) and returns once the port accepts
    /// connections; <paramref name="help"/> ends each failure message with what to look at or do.
    /// </summary>
    public static async Task<PeerProcess> StartAsync(string name, ProcessStartInfo info, int port, int stopSignal, string help,
        TextWriter log, CancellationToken ct)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new BenchSetupException($"{info.FileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BenchSetupException($"{name}, a peer proxy, cannot be started ({info.FileName}: {e.Message}): {help}");
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) log.WriteLine($"  {name}: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var peer = new PeerProcess(process, $"http://127.0.0.1:{port}", stopSignal);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var code = process.ExitCode;
                await peer.DisposeAsync();
                throw new BenchSetupException($"{name} exited with {code} at start: {help}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
                return peer;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50, ct);
            }
            catch (SocketException)
            {
                await peer.DisposeAsync();
                throw new BenchSetupException($"{name} did not listen on {port} within 20 s: {help}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, _stopSignal);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _ = Kill(_process.Id, SigTerm);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);
}
