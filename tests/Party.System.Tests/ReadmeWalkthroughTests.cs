using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Party.AppHost;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The README's "First calls" is what a newcomer pastes first: it runs here as written, with bash, <c>uuidgen</c>, curl
/// and <c>./party token</c>, so a renamed field or a changed rule breaks this test instead of the newcomer's first hour.
/// The only change made to it is the gateway's address.
/// </summary>
[Collection(SystemCollection.Name)]
[UnsupportedOSPlatform("windows")] // bash, uuidgen and an executable ./party, as in the README
public partial class ReadmeWalkthroughTests(SystemFixture system) : IDisposable
{
    private const string RunModeGateway = "http://127.0.0.1:8080";
    private readonly DirectoryInfo _checkout = Directory.CreateTempSubdirectory("party-walkthrough-");

    [Fact]
    public async Task The_first_calls_create_the_tree_a_member_and_a_points_entry_as_the_readme_says()
    {
        var script = FirstCallsBlock();
        Assert.Equal(1, Regex.Count(script, Regex.Escape(RunModeGateway)));
        script = script.Replace(RunModeGateway, system.GatewayUrl, StringComparison.Ordinal)
            + "\necho \"WALKTHROUGH $COUNTY $TOWNSHIP $BRANCH $MEMBER\"\n";

        var (exitCode, output) = await RunInCheckoutAsync(script);
        Assert.True(exitCode == 0, $"the walkthrough exited with {exitCode}:\n{output}");
        // curl -s prints a refused call's problem details and goes on: none may appear.
        Assert.DoesNotMatch(ProblemStatus(), output);

        // The last curl prints its answer without a line break, so the ids may follow it on the same line.
        var named = WalkthroughIds().Match(output);
        Assert.True(named.Success, $"the walkthrough did not print its ids:\n{output}");
        var ids = named.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToArray();
        var (county, township, branch, member) = (ids[0], ids[1], ids[2], ids[3]);
        var operatorClient = system.Operator();
        foreach (var (id, name) in new[] { (county, "示范县委"), (township, "城关镇党委"), (branch, "东村党支部") })
            Assert.Equal(name, (await (await operatorClient.GetAsync($"/api/branches/org-units/{id}"))
                .AssertStatusAsync(200))["name"]!.GetValue<string>());

        var townshipClient = system.Gateway(PartyRoles.Township, township);
        var registered = await (await townshipClient.GetAsync($"/api/members/members/{member}")).AssertStatusAsync(200);
        Assert.Equal(("张三", branch), (registered["name"]!.GetValue<string>(), registered["branchId"]!.GetValue<Guid>()));
        var entries = (await (await townshipClient.GetAsync($"/api/members/points/entries?memberId={member}"))
            .AssertStatusAsync(200))["items"]!.AsArray();
        var entry = Assert.Single(entries)!;
        Assert.Equal(("C1", 5m), (entry["itemCode"]!.GetValue<string>(), entry["points"]!.GetValue<decimal>()));
    }

    /// <summary>The first bash block under "## First calls" in the README at the root of the checkout.</summary>
    private static string FirstCallsBlock()
    {
        var readme = File.ReadAllText(Path.Combine(PartySettings.FindRepoRoot(), "README.md"));
        var section = readme.IndexOf("\n## First calls", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no \"## First calls\" section");
        var start = readme.IndexOf("```bash\n", section, StringComparison.Ordinal) + "```bash\n".Length;
        return readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// Runs the block in a stand-in checkout: <c>./party token</c> is the app host's own token command, reading this
    /// system's development client secret from <c>.party/</c> as it does after <c>./party run</c>.
    /// </summary>
    private async Task<(int ExitCode, string Output)> RunInCheckoutAsync(string script)
    {
        File.WriteAllText(Path.Combine(_checkout.FullName, "Party.sln"), "");
        Directory.CreateDirectory(Path.Combine(_checkout.FullName, ".party"));
        File.WriteAllText(Path.Combine(_checkout.FullName, ".party", DevelopmentTokens.SecretFile), system.DevClientSecret);
        var party = Path.Combine(_checkout.FullName, "party");
        var appHost = Path.Combine(AppContext.BaseDirectory, "Party.AppHost.dll");
        File.WriteAllText(party,
            $"#!/bin/sh\n[ \"$1\" = token ] || exit 2\nexec dotnet '{appHost}' \"$@\" --gateway '{system.GatewayUrl}'\n");
        File.SetUnixFileMode(party, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo("bash", ["-eo", "pipefail", "-c", script])
        {
            WorkingDirectory = _checkout.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The block's only loop waits for the members service to learn the new branch by event (seconds).
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the walkthrough did not finish in 3 minutes:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }

    [GeneratedRegex("WALKTHROUGH ((?:[0-9a-f-]{36} ?){4})")]
    private static partial Regex WalkthroughIds();

    [GeneratedRegex("\"status\":\\s*[45]\\d\\d")]
    private static partial Regex ProblemStatus();

    public void Dispose()
    {
        _checkout.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}
