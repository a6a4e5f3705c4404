namespace Party.Bench;

/// <summary>The machine's state beside a figure: this machine is shared, and a figure without its load cannot be compared.</summary>
public static class MachineLoad
{
    /// <summary>The 1, 5 and 15 minute load averages (<c>/proc/loadavg</c>), or null where there is none.</summary>
    public static string? Average()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return null; }
    }
}
