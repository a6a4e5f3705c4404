using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Party.AppHost.Servers;

/// <summary>The kernel's pool of 2 MB huge pages, as <c>/proc/meminfo</c> reports it.</summary>
public sealed record HugePagePool(int Total, int Free, int Reserved)
{
    /// <summary>Pages nobody has claimed yet: free ones not promised to a mapping already.</summary>
    public int Available => Free - Reserved;

    public static HugePagePool Parse(string meminfo)
    {
        int Field(string name) => meminfo.Split('\n')
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim() == name)
            .Select(p => int.Parse(p[1].Trim()))
            .FirstOrDefault();
        return new(Field("HugePages_Total"), Field("HugePages_Free"), Field("HugePages_Rsvd"));
    }

    /// <summary>The pool size that leaves <paramref name="needed"/> pages available, or null when it already does.</summary>
    public int? SizeFor(int needed) => needed <= 0 || Available >= needed ? null : Total + needed - Available;
}

/// <summary>
/// Huge pages (大页) for the run-mode PostgreSQL server's shared buffers. With 4 kB pages every backend takes a page fault
/// the first time it touches each page of the shared buffers, about 8 µs apiece on this machine's virtual CPUs: a backend
/// reading a county's year of points entries (80,000 buffers, all already in memory) took 1.3–1.5 s the first time and
/// 0.15 s the second. A province year-end close touches gigabytes of them from fresh connections; with 2 MB pages it took
/// 56.6–59.6 s against 66.2–74.3 s. The pages are reserved just before the server starts (the kernel pool needs root)
/// and given back when the app host stops; a pool that cannot grow (not root, memory too fragmented) leaves the server on
/// ordinary pages, which <c>huge_pages=try</c> falls back to by itself.
/// </summary>
public sealed class HugePages(string ownedFile, ILogger<HugePages> hostLogger) : IHostedService
{
    private const string PoolSetting = "/proc/sys/vm/nr_hugepages";

    /// <summary>Grows the pool so that the server's <paramref name="needed"/> pages are there, and remembers what it added.</summary>
    public void Reserve(int needed, ILogger logger)
    {
        var before = Read();
        if (before.SizeFor(needed) is not { } size)
        {
            logger.LogInformation("huge pages: {Needed} needed, {Available} available", needed, before.Available);
            return;
        }
        if (!TryWrite(size, logger)) return;
        var after = Read();
        if (after.Available < needed)
        {
            // A partial pool is no use (the server falls back to small pages) and would only hold memory back.
            TryWrite(before.Total, logger);
            logger.LogWarning("huge pages: the kernel found {Got} of the {Needed} needed; the server uses ordinary pages",
                after.Available, needed);
            return;
        }
        File.WriteAllText(ownedFile, (Owned() + after.Total - before.Total).ToString());
        logger.LogInformation("huge pages: {Needed} reserved for the shared buffers", needed);
    }

    /// <summary>The pages a stopped server needs, from the server itself with the settings it will run with.</summary>
    public static int Needed(string command, IEnumerable<string> args)
    {
        // Only the answer is read; a refusal's message goes to the app host's console instead of a pipe nobody empties.
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add("shared_memory_size_in_huge_pages");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && int.TryParse(output.Trim(), out var pages) ? pages : 0;
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Gives back what this state directory added, also after a run that died before it could. Pages the server still
    /// holds leave the pool when it lets go of them.
    /// </summary>
    public Task StopAsync(CancellationToken ct)
    {
        if (Owned() is > 0 and var owned && TryWrite(Math.Max(0, Read().Total - owned), hostLogger)) File.Delete(ownedFile);
        return Task.CompletedTask;
    }

    private int Owned() => File.Exists(ownedFile) && int.TryParse(File.ReadAllText(ownedFile), out var n) ? n : 0;

    private static HugePagePool Read() => HugePagePool.Parse(File.ReadAllText("/proc/meminfo"));

    private static bool TryWrite(int size, ILogger logger)
    {
        try
        {
            File.WriteAllText(PoolSetting, size.ToString());
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogInformation("huge pages: the pool cannot be resized here ({Reason}); the server uses ordinary pages", e.Message);
            return false;
        }
    }
}
