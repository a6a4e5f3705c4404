namespace Party.AppHost;

public enum ResourceState
{
    NotStarted,
    Starting,
    Running,
    Healthy,
    Restarting,
    Stopping,
    Stopped,
    /// <summary>Given as a connection string: not started or watched by us.</summary>
    External,
}

/// <summary>One line of the resource table.</summary>
public sealed record ResourceStatus(string Name, ResourceState State, string? Url, int? Pid, int Restarts);
