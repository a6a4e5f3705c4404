using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Party.System.Tests;

/// <summary>Runs the copy-paste examples of the bureaus' guides as written, so they cannot go stale.</summary>
public static partial class GuideExamples
{
    [GeneratedRegex(@"^```bash\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    public static IReadOnlyList<string> ShellBlocks(string markdown) =>
        ShellBlock().Matches(markdown.Replace("\r\n", "\n")).Select(m => m.Groups["code"].Value).ToList();

    /// <summary>Runs a block with bash (stdout and stderr together), with a deadline so a hanging example fails the test.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the guide's example did not finish within 60 s: " + await stdout + await stderr);
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
