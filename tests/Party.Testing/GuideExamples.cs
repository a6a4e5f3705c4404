using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Party.Testing;

/// <summary>Runs the copy-paste examples of the bureaus' guides as written, so they cannot go stale.</summary>
public static partial class GuideExamples
{
    [GeneratedRegex(@"^```bash\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    public static IReadOnlyList<string> ShellBlocks(string markdown) =>
        ShellBlock().Matches(markdown.Replace("\r\n", "\n")).Select(m => m.Groups["code"].Value).ToList();

    [GeneratedRegex(@"^<!-- sample: (?<file>samples/[A-Za-z]+\.cs) -->\n```csharp\n(?<code>.*?)^```",
        RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SampleQuote();

    /// <summary>The C# a guide quotes, each block with the sample file (<c>samples/X.cs</c>) it says it is.</summary>
    public static IReadOnlyList<(string File, string Code)> SampleQuotes(string markdown) =>
        SampleQuote().Matches(markdown.Replace("\r\n", "\n")).Select(m => (m.Groups["file"].Value, m.Groups["code"].Value)).ToList();

    /// <summary>Every shell block of a guide, in order, as one script: later blocks use what earlier ones set (the token).</summary>
    public static string Script(string markdown) => string.Join("\n", ShellBlocks(markdown));

    /// <summary>Runs a block with bash (stdout and stderr together), with a deadline so a hanging example fails the test.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash")
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
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
