using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Party.AppHost;

namespace Party.System.Tests;

/// <summary>
/// <c>./party run</c>'s flags as the app host reads them: every command line the README shows is understood, and a value out
/// of range stops the run with a message naming the flag (Program.cs prints it without a stack trace).
/// </summary>
public partial class RunFlagsTests
{
    [GeneratedRegex(@"^\./party run(?<args>[^#\n]*)", RegexOptions.Multiline)]
    private static partial Regex RunLine();

    public static TheoryData<string> ReadmeRunLines()
    {
        var readme = File.ReadAllText(Path.Combine(PartySettings.FindRepoRoot(), "README.md"));
        var lines = new TheoryData<string>();
        // Distinct: the README shows a bare `./party run` twice, and xUnit skips a case whose arguments repeat another's.
        foreach (var args in RunLine().Matches(readme).Select(m => m.Groups["args"].Value.Trim()).Distinct()) lines.Add(args);
        return lines;
    }

    [Theory]
    [MemberData(nameof(ReadmeRunLines))]
    public void Every_run_command_line_of_the_README_becomes_configuration(string line)
    {
        // --dashboard-login, --demo and --scale N are the party script's own (cmd_run): it does not pass them on.
        var args = Regex.Replace(line, @"--dashboard-login|--demo|--scale \S+", "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var translated = PartyArguments.Translate(args);
        Assert.All(translated, a => Assert.StartsWith("--Party:", a));
    }

    [Fact]
    public void The_traces_budget_is_a_configuration_key_of_every_project()
    {
        Assert.Equal(["--Party:TracesPerSecond=2.5"], PartyArguments.Translate(["--traces-per-second", "2.5"]));
        Assert.Equal(2.5, PartySettings.From(new ConfigurationBuilder()
            .AddCommandLine(PartyArguments.Translate(["--traces-per-second", "2.5"])).Build()).TracesPerSecond);
    }

    [Theory]
    [InlineData("--traces-per-second", "-1")]
    [InlineData("--traces-per-second", "100001")]
    [InlineData("--traces-per-second", "ten")]
    [InlineData("--traces-per-second", "NaN")]
    [InlineData("--metric-export-interval", "0")]
    [InlineData("--gateway-replicas", "10")]
    [InlineData("--replicas", "ledger=2")]
    public void A_value_out_of_range_names_its_flag(string flag, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => PartyArguments.Translate([flag, value]));
        Assert.Contains(flag, e.Message);
    }

    [Fact]
    public void The_replaced_sampling_flag_says_what_replaced_it()
    {
        var e = Assert.Throws<ArgumentException>(() => PartyArguments.Translate(["--trace-sample-ratio", "0.1"]));
        Assert.Contains("--traces-per-second", e.Message);
    }
}
