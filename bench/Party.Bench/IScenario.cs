using System.Reflection;

namespace Party.Bench;

/// <summary>
/// A named benchmark. Add one by adding a class with a parameterless constructor; the registry
/// finds it. A scenario prepares its data (idempotently: the system keeps state between runs),
/// measures one or more variants with <see cref="BenchContext.MeasureAsync"/> and returns them.
/// </summary>
public interface IScenario
{
    /// <summary>Command-line name, kebab-case (<c>gateway</c>, <c>members-annual</c> …).</summary>
    string Name { get; }

    /// <summary>One line for <c>list</c>.</summary>
    string Description { get; }

    Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct);
}

/// <summary>What a scenario measured: a table row per variant, and lines printed under the table.</summary>
public sealed record ScenarioReport(IReadOnlyList<LoadResult> Results, IReadOnlyList<string> Notes)
{
    public ScenarioReport(params LoadResult[] results) : this(results, []) { }
}

public static class ScenarioRegistry
{
    public static IReadOnlyList<IScenario> All { get; } = typeof(IScenario).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScenario).IsAssignableFrom(t)
            && t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
        .Select(t => (IScenario)Activator.CreateInstance(t)!)
        .OrderBy(s => s.Name, StringComparer.Ordinal)
        .ToList();

    public static IScenario? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
