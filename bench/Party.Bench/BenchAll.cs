using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Party.Bench;

/// <summary>
/// <c>./party bench all</c>: every scenario in sequence against the running system, then one Markdown page —
/// the machine (cores, load average before and after), the commit, every figure in one table, each scenario's notes,
/// CPU per request and memory — written to <c>bench/results/&lt;date&gt;.md</c>, to be committed with the change that
/// moved a figure, so each figure's history stays in the repository. <c>--skip a,b</c> leaves scenarios out.
/// </summary>
public static class BenchAll
{
    public static async Task<int> RunAsync(BenchContext context, ProcessMemory memory, CancellationToken ct)
    {
        var skip = context.Options.Extra.GetValueOrDefault("skip", "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var started = DateTimeOffset.UtcNow;
        var loadBefore = MachineLoad.Average();
        var runs = new List<(IScenario Scenario, ScenarioReport? Report, string? Failure, TimeSpan Took)>();
        foreach (var scenario in ScenarioRegistry.All.Where(s => !skip.Contains(s.Name)))
        {
            Console.WriteLine($"== {scenario.Name}: {scenario.Description}");
            var clock = Stopwatch.StartNew();
            try
            {
                var report = await scenario.RunAsync(context, ct);
                Console.Write(ResultTable.Render(report.Results));
                foreach (var note in report.Notes) Console.WriteLine(note);
                runs.Add((scenario, report, null, clock.Elapsed));
            }
            catch (Exception e) when (e is BenchSetupException or HttpRequestException)
            {
                // One scenario that cannot run (e.g. no nginx) does not lose the others' figures.
                Console.Error.WriteLine($"{scenario.Name}: {e.Message}");
                runs.Add((scenario, null, e.Message, clock.Elapsed));
            }
        }

        var page = Page(context, memory, runs, started, loadBefore, MachineLoad.Average());
        var folder = Path.Combine(BenchOptions.FindRepo() ?? Environment.CurrentDirectory, "bench", "results");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{started:yyyy-MM-dd}.md");
        for (var n = 2; File.Exists(file); n++) file = Path.Combine(folder, $"{started:yyyy-MM-dd}-{n}.md");
        await File.WriteAllTextAsync(file, page, ct);
        Console.WriteLine($"\nwritten to {file}");
        return runs.Any(r => r.Failure is not null || r.Report!.Results.Any(x => x.Requests == 0)) ? 1 : 0;
    }

    private static string Page(BenchContext context, ProcessMemory memory,
        List<(IScenario Scenario, ScenarioReport? Report, string? Failure, TimeSpan Took)> runs,
        DateTimeOffset started, string? loadBefore, string? loadAfter)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Bench, {started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- commit: `{Commit() ?? "unknown"}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} cores, load average (1/5/15 min) " +
            $"{loadBefore ?? "?"} before, {loadAfter ?? "?"} after");
        var o = context.Options;
        md.AppendLine(CultureInfo.InvariantCulture, $"- options: concurrency {o.Concurrency}, " +
            $"{o.Duration.TotalSeconds:0.#} s measured per variant after {o.Warmup.TotalSeconds:0.#} s warm-up");
        md.AppendLine();
        md.AppendLine("| scenario/variant | requests | errors | 429 | median ms | p95 ms | p99 ms | per s |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in runs.Where(r => r.Report is not null).SelectMany(r => r.Report!.Results))
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario}/{r.Variant} | {r.Requests:N0} | {r.Errors:N0} | {r.RateLimited:N0} | " +
                $"{ResultTable.Ms(r.MedianMs)} | {ResultTable.Ms(r.P95Ms)} | {ResultTable.Ms(r.P99Ms)} | {r.Throughput:N1} |");
        }
        foreach (var (scenario, report, failure, took) in runs)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {scenario.Name} ({took.TotalSeconds:0} s)");
            md.AppendLine();
            if (failure is not null) md.AppendLine(CultureInfo.InvariantCulture, $"Did not run: {failure}");
            foreach (var note in report?.Notes.Where(n => n.Length > 0) ?? [])
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
            foreach (var r in report?.Results.Where(x => x.FirstError is not null) ?? [])
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- first error of {r.Variant}: {r.FirstError}");
            }
        }
        var resources = context.CpuReport.Concat(memory.Report()).ToList();
        if (resources.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## CPU and memory");
            md.AppendLine();
            md.AppendLine("```");
            foreach (var line in resources) md.AppendLine(line);
            md.AppendLine("```");
        }
        return md.ToString();
    }

    private static string? Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                WorkingDirectory = BenchOptions.FindRepo() ?? Environment.CurrentDirectory,
            });
            var head = git?.StandardOutput.ReadToEnd().Trim();
            git?.WaitForExit();
            return git?.ExitCode == 0 && head is { Length: > 0 } ? head : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}
