using System.Diagnostics;
using System.Globalization;
using Party.Demo;
using Party.ServiceDefaults.Auth;

// `./party run --demo` runs this once the system is healthy: the demo county, through the gateway, then one sign-in per role.
const string Usage = "Party.Demo [--gateway URL] [--secret-file PATH] [--scale 1.0]";
var gateway = "http://127.0.0.1:8080";
string? secretFile = null;
var scale = 1.0;
try
{
    for (var i = 0; i < args.Length; i += 2)
    {
        var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value\n\n{Usage}");
        switch (args[i])
        {
            case "--gateway": gateway = value; break;
            case "--secret-file": secretFile = value; break;
            case "--scale":
                scale = double.TryParse(value, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 1
                    ? s
                    : throw new ArgumentException($"--scale expects a number in (0, 1], got '{value}'");
                break;
            default: throw new ArgumentException($"unknown option '{args[i]}'\n\n{Usage}");
        }
    }
    secretFile ??= Path.Combine(RepoRoot(), ".party", DevelopmentTokens.SecretFile);
    if (!File.Exists(secretFile)) throw new ArgumentException($"{secretFile} does not exist: start the system with ./party run first.");
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var started = Stopwatch.StartNew();
var county = DemoCounty.Generate(scale, DemoClock.Today());
Console.Error.WriteLine($"[demo] loading the demo county at scale {scale.ToString(CultureInfo.InvariantCulture)}: " +
    $"{county.Townships.Count} townships, {county.Villages.Count()} villages, {county.Villages.Sum(v => v.Members.Count)} members, " +
    $"{county.Cadres.Count} resident cadres, through {gateway}");
using var api = new DemoApi(gateway, (await File.ReadAllTextAsync(secretFile)).Trim());
var loader = new DemoLoader(api, county, Console.Error);
try
{
    await loader.LoadAsync(cancel.Token);
}
catch (Exception e) when (e is DemoException or HttpRequestException)
{
    Console.Error.WriteLine($"[demo] failed after {started.Elapsed.TotalSeconds:0} s: {e.Message}");
    return 1;
}
Console.Error.WriteLine($"[demo] loaded in {started.Elapsed.TotalSeconds:0} s; created: " +
    (loader.Created.IsEmpty
        ? "nothing (already loaded)"
        : string.Join(", ", loader.Created.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))));
if (!loader.Refused.IsEmpty)
    Console.Error.WriteLine("[demo] refused by the services' rules (left out): " +
        string.Join(", ", loader.Refused.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
Console.WriteLine(DemoReport.SignIns(gateway, loader.Accounts));
Console.WriteLine("运维 operator: admin, its initial password is in .party/operator-password (changed at the first sign-in).");
return 0;

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Party.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
