using System.Net;
using System.Net.Sockets;

namespace Party.ServiceDefaults;

/// <summary>
/// Ports for throwaway servers, services and test receivers that must be named before the process that listens on them
/// starts. Asking the OS for port 0 and releasing it is not enough: that port comes from the kernel's ephemeral range,
/// from which every outgoing connection of the run (database pools, the broker, HTTP) also takes its local port, and a
/// second app host picking ports while the first one's tests run can lose its port before it binds. So ports are taken
/// below that range, handed out in turn across processes through a counter file under a named mutex, and checked
/// free by binding.
/// </summary>
public static class FreePorts
{
    /// <summary>The lowest port handed out; a run's fixed ports lie below it.</summary>
    public const int Lowest = 20000;
    private static readonly string CounterFile = Path.Combine(Path.GetTempPath(), "party-next-port");

    // A named mutex is shared by every process of the machine's user and blocks until its holder is done picking a port.
    private static readonly Mutex CounterLock = new(false, "party-next-port");

    public static int Next()
    {
        try
        {
            CounterLock.WaitOne();
        }
        catch (AbandonedMutexException)
        {
            // Its holder died; the lock is ours now, and a half-written counter only makes the next pick start elsewhere.
        }
        try
        {
            return Pick();
        }
        finally
        {
            CounterLock.ReleaseMutex();
        }
    }

    private static int Pick()
    {
        var highest = EphemeralStart() - 1;
        using var counter = new FileStream(CounterFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        var reader = new StreamReader(counter);
        var next = int.TryParse(reader.ReadToEnd().Trim(), out var n) && n >= Lowest && n <= highest
            ? n
            : Lowest + Random.Shared.Next(highest - Lowest);
        for (var tried = 0; tried <= highest - Lowest; tried++)
        {
            var port = next;
            next = port >= highest ? Lowest : port + 1;
            if (!IsFree(port)) continue;
            counter.SetLength(0);
            using (var writer = new StreamWriter(counter, leaveOpen: true)) writer.Write(next);
            return port;
        }
        throw new InvalidOperationException($"No free TCP port between {Lowest} and {highest}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux default 32768).</summary>
    private static int EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (int.TryParse(range[0], out var start) && start > Lowest + 1000) return start;
        }
        catch (IOException)
        {
        }
        return 32768;
    }
}
