namespace Party.Platform.Tests;

/// <summary>
/// Latency comparisons run alone: test classes of one assembly otherwise run in parallel, and their load would land
/// on one phase of a measurement and not the other. (xUnit finds collection definitions only in the test assembly.)
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LatencyCollection
{
    public const string Name = "latency measurements";
}
