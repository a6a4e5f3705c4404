using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Party.ServiceDefaults;

namespace Party.Testing;

/// <summary>
/// A redis-server of a test's own, on a free port, that the test may freeze (SIGSTOP) and thaw (SIGCONT) as a
/// stalled Redis would behave — connections stay open, nothing answers — without disturbing other tests, which
/// use the shared Redis of <c>./party test</c>.
/// </summary>
public sealed class OwnRedis : IAsyncDisposable
{
    private readonly Process _process;

    private OwnRedis(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<OwnRedis> StartAsync()
    {
        var port = FreePorts.Next();
        var psi = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                Path.GetTempPath() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException(
            "redis-server did not start (is the redis-server package installed? `./party test` installs it)");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new OwnRedis(process, port);
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited with {process.ExitCode}");
            return await redis.AnswersPingAsync();
        }, TimeSpan.FromSeconds(10), $"redis-server answering on port {port}");
        return redis;
    }

    public void Freeze() => Signal(Signals.Stop);

    public void Thaw() => Signal(Signals.Continue);

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private void Signal(int signal)
    {
        if (Signals.Kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited) return;
        Thaw();
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

internal static class Signals
{
    public const int Stop = 19;      // SIGSTOP on Linux
    public const int Continue = 18;  // SIGCONT on Linux

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
}
