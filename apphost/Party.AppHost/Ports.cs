using System.Net;
using System.Net.Sockets;

namespace Party.AppHost;

public static class Ports
{
    private static readonly object Gate = new();
    private static readonly HashSet<int> Handed = [];

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now (never the same one twice per process).</summary>
    public static int Free()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                using var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                var port = ((IPEndPoint)l.LocalEndpoint).Port;
                l.Stop();
                if (Handed.Add(port)) return port;
            }
            throw new InvalidOperationException("Could not find a free TCP port.");
        }
    }

    public static bool IsListening(int port, string host = "127.0.0.1")
    {
        try
        {
            using var c = new TcpClient();
            var connect = c.ConnectAsync(host, port);
            return connect.Wait(TimeSpan.FromMilliseconds(500)) && c.Connected;
        }
        catch (Exception e) when (e is SocketException or AggregateException or ObjectDisposedException)
        {
            return false;
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            l.Stop();
            return !IsListening(port);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static async Task WaitListeningAsync(int port, TimeSpan timeout, Func<string> describeFailure, CancellationToken ct, Func<bool>? gaveUp = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (IsListening(port)) return;
            if (DateTime.UtcNow > deadline || (gaveUp?.Invoke() ?? false))
                throw new TimeoutException(describeFailure());
            await Task.Delay(150, ct);
        }
    }
}
