using Party.Bench;
using Party.ServiceDefaults.Auth;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    PrintScenarios(Console.Out);
    return 0;
}
if (options.Scenario is null or "list")
{
    if (options.Scenario is null) Console.WriteLine(BenchOptions.Usage);
    PrintScenarios(Console.Out);
    return options.Scenario is null ? 2 : 0;
}

string devSecret;
try
{
    devSecret = options.ResolveDevSecret();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.Scenario == "token")
{
    var org = options.Extra.TryGetValue("org", out var o) ? Guid.Parse(o) : Guid.Empty;
    var scopes = options.Extra.TryGetValue("scopes", out var s)
        ? s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : null;
    using var http = new HttpClient();
    Console.WriteLine(await DevelopmentTokens.RequestAsync(http, options.Gateway, devSecret,
        options.Extra.GetValueOrDefault("role", PartyRoles.Operator), org,
        scopes, options.Extra.GetValueOrDefault("sub", "bench"), options.Extra.GetValueOrDefault("name")));
    return 0;
}

var runAll = string.Equals(options.Scenario, "all", StringComparison.OrdinalIgnoreCase);
var scenario = ScenarioRegistry.Find(options.Scenario);
if (scenario is null && !runAll)
{
    Console.Error.WriteLine($"Unknown scenario '{options.Scenario}'.");
    PrintScenarios(Console.Error);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

using var context = new BenchContext(options, devSecret, Console.Out);
var memory = ProcessMemory.Start(options);
if (scenario is null)
{
    try
    {
        return await BenchAll.RunAsync(context, memory, cts.Token);
    }
    catch (OperationCanceledException) when (cts.IsCancellationRequested)
    {
        Console.Error.WriteLine("Cancelled.");
        return 130;
    }
}
Console.WriteLine($"{scenario.Name}: gateway {options.Gateway}, concurrency {options.Concurrency}, " +
    $"{options.Duration.TotalSeconds:0.#} s measured after {options.Warmup.TotalSeconds:0.#} s warm-up, {options.Clients} callers");
try
{
    var report = await scenario.RunAsync(context, cts.Token);
    Console.WriteLine();
    Console.Write(ResultTable.Render(report.Results));
    foreach (var note in report.Notes) Console.WriteLine(note);
    foreach (var line in context.CpuReport) Console.WriteLine(line);
    foreach (var line in memory.Report()) Console.WriteLine(line);
    foreach (var r in report.Results.Where(r => r.FirstError is not null))
    {
        Console.WriteLine($"first error of {r.Scenario}/{r.Variant}: {r.FirstError}");
    }
    return report.Results.Any(r => r.Requests == 0 || r.Errors == r.Requests) ? 1 : 0;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (BenchSetupException e)
{
    Console.Error.WriteLine($"{scenario.Name}: {e.Message}");
    return 1;
}
catch (HttpRequestException e)
{
    Console.Error.WriteLine($"{scenario.Name}: {e.Message} — is the system running (./party run)? Targets: gateway {options.Gateway}, " +
        string.Join(", ", options.Services.Select(kv => $"{kv.Key} {kv.Value}")));
    return 1;
}

static void PrintScenarios(TextWriter to)
{
    to.WriteLine("scenarios:");
    var width = ScenarioRegistry.All.Select(s => s.Name.Length).DefaultIfEmpty(0).Max();
    foreach (var s in ScenarioRegistry.All) to.WriteLine($"  {s.Name.PadRight(width)}  {s.Description}");
    to.WriteLine($"  {"all".PadRight(width)}  every scenario in turn (--skip a,b), one Markdown table in bench/results/<date>.md");
}

namespace Party.Bench
{
    /// <summary>A scenario could not prepare its data; the message says what to do.</summary>
    public sealed class BenchSetupException(string message) : Exception(message);
}
