using System.Text.Json;
using System.Text.RegularExpressions;
using Party.AppHost;

namespace Party.System.Tests;

/// <summary>
/// The runtime settings that <c>Directory.Build.props</c> gives every web project, read from the runtimeconfig each
/// project was built with (the file the runtime reads at start), so a project that opts out, or an SDK that stops
/// honouring the property, is caught. The projects are those of the solution on the web SDK.
/// </summary>
public partial class RuntimeSettingsTests
{
    /// <summary>The solution's projects (the ones <c>./party build</c> builds) that are on the web SDK.</summary>
    private static List<string> WebProjectPaths()
    {
        var root = PartySettings.FindRepoRoot();
        return [.. SolutionProject().Matches(File.ReadAllText(Path.Combine(root, "Party.sln")))
            .Select(m => m.Groups["path"].Value.Replace('\\', Path.DirectorySeparatorChar))
            .Where(p => File.ReadAllText(Path.Combine(root, p)).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();

    public static TheoryData<string> WebProjects() => [.. WebProjectPaths()];

    [Fact]
    public void The_web_projects_found_include_the_gateway_the_portal_and_the_services()
    {
        var found = WebProjectPaths().Select(p => Path.GetFileNameWithoutExtension(p)).ToHashSet();
        string[] expected = ["Party.Gateway", "Party.Portal", "Party.Branches", "Party.Honors", "Party.Identity", "Party.Members",
            "Party.ResidentCadres", "Party.Webhooks"];
        Assert.Empty(expected.Except(found));
    }

    [Theory]
    [MemberData(nameof(WebProjects))]
    public void A_web_project_collects_with_the_workstation_GC_and_its_idle_workers_do_not_spin(string project)
    {
        var options = ConfigProperties(project);
        Assert.True(options.TryGetProperty("System.GC.Server", out var server), $"{project}: System.GC.Server is not set");
        Assert.False(server.GetBoolean(), $"{project} is built for the server GC");
        Assert.True(options.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var spin),
            $"{project}: the thread pool's spin limit is not set");
        Assert.Equal(0, spin.GetInt32());
    }

    /// <summary>The configProperties of the runtimeconfig built in this test run's configuration (Debug or Release).</summary>
    private static JsonElement ConfigProperties(string project)
    {
        var root = PartySettings.FindRepoRoot();
        var projectDir = Path.GetDirectoryName(Path.Combine(root, project))!;
        // This assembly sits in tests/<project>/bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var file = Path.Combine(projectDir, "bin", configuration, framework.Name,
            Path.GetFileNameWithoutExtension(project) + ".runtimeconfig.json");
        Assert.True(File.Exists(file), $"{file} was not built");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
