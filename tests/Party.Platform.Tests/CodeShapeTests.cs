using System.Text.RegularExpressions;

namespace Party.Platform.Tests;

/// <summary>
/// One shape for every service, so a newcomer finds any rule in a minute: short lines and files, endpoints that do not
/// borrow each other's operations, and the same folders in every service. Read from the source tree, so a new file that
/// breaks the shape fails here, not in a review.
/// </summary>
public partial class CodeShapeTests
{
    private const int MaxLineLength = 140; // also .editorconfig's max_line_length
    private const int MaxFileLines = 400;

    private static readonly string[] SourceFolders =
        ["apphost", "bench", "docs", "gateway", "libs", "portal", "services", "tests", "tools"];

    // An Api class named as the target of a member access: `MembersApi.FindInScopeAsync`, not `Microsoft.AspNetCore.OpenApi.X`.
    [GeneratedRegex(@"(?<![\w.])(?<type>[A-Z]\w*Api)\.[A-Z]")]
    private static partial Regex ApiMemberAccess();

    /// <summary>Hand-written C# and Razor: generated migrations and build output excluded.</summary>
    private static IEnumerable<string> SourceFiles(string root)
    {
        var sep = Path.DirectorySeparatorChar;
        string[] skipped = [$"{sep}bin{sep}", $"{sep}obj{sep}", $"{sep}Migrations{sep}"];
        return SourceFolders
            .Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !skipped.Any(s => f.Contains(s, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
    }

    [Fact]
    public void No_line_is_longer_than_140_characters()
    {
        var root = Repository.Root();
        var files = SourceFiles(root).ToList();
        Assert.True(files.Count > 300, $"only {files.Count} source files found under {root}");
        var longLines = files
            .SelectMany(f => File.ReadLines(f)
                .Select((line, i) => (File: Path.GetRelativePath(root, f), Number: i + 1, line.Length, Text: line)))
            .Where(l => l.Length > MaxLineLength && !IsUserText(l.Text, l.File))
            .Select(l => $"{l.File}:{l.Number} ({l.Length})")
            .ToList();
        Assert.True(longLines.Count == 0,
            $"{longLines.Count} lines over {MaxLineLength} characters:\n" + string.Join('\n', longLines.Take(50)));
    }

    /// <summary>
    /// A line that is nothing but text a person reads — a message literal (the problem-code catalogue reads a problem's
    /// detail as one literal) or the Chinese text of a Razor element (a break would show as a space) — may run on.
    /// </summary>
    private static bool IsUserText(string line, string file)
    {
        var text = line.TrimStart();
        return text.StartsWith('"') || text.StartsWith("$\"", StringComparison.Ordinal)
            || (file.EndsWith(".razor", StringComparison.Ordinal) && text.Length > 0 && text[0] > 0x2E80);
    }

    [Fact]
    public void No_file_is_longer_than_400_lines()
    {
        var root = Repository.Root();
        var longFiles = SourceFiles(root)
            .Select(f => (File: Path.GetRelativePath(root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxFileLines)
            .Select(f => $"{f.File} ({f.Lines} lines)")
            .ToList();
        Assert.True(longFiles.Count == 0, $"files over {MaxFileLines} lines:\n" + string.Join('\n', longFiles));
    }

    /// <summary>
    /// An operation two endpoints share lives once, in <c>Domain/</c> (a pure rule) or <c>Application/</c> (it touches
    /// the database); an Api class only maps routes to its own handlers. <c>ApiSupport</c> is the service's shared
    /// support class, not an Api.
    /// </summary>
    [Fact]
    public void No_Api_class_calls_another_Api_class()
    {
        var root = Repository.Root();
        var sep = Path.DirectorySeparatorChar;
        var calls = Directory.EnumerateFiles(Path.Combine(root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{sep}Apis{sep}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, Line: line)))
            .SelectMany(l => ApiMemberAccess().Matches(l.Line)
                .Select(m => m.Groups["type"].Value)
                .Where(type => type != "ApiSupport" && type != Path.GetFileNameWithoutExtension(l.File))
                .Select(type => $"{Path.GetRelativePath(root, l.File)}:{l.Number} → {type}"))
            .ToList();
        Assert.True(calls.Count == 0, "Api classes calling other Api classes:\n" + string.Join('\n', calls));
    }

    /// <summary>
    /// Every service: a README, a short Program.cs (a few calls), <c>Apis/</c>, <c>Data/</c> and <c>Domain/</c>.
    /// </summary>
    [Fact]
    public void Every_service_has_the_same_layout()
    {
        var root = Repository.Root();
        var services = Directory.EnumerateDirectories(Path.Combine(root, "services")).Order(StringComparer.Ordinal).ToList();
        Assert.True(services.Count >= 6, $"only {services.Count} services found");
        var problems = new List<string>();
        foreach (var serviceDir in services)
        {
            var service = Path.GetFileName(serviceDir);
            if (!File.Exists(Path.Combine(serviceDir, "README.md"))) problems.Add($"{service}: no README.md");
            var project = Directory.EnumerateDirectories(serviceDir, "Party.*").Single();
            foreach (var folder in new[] { "Apis", "Data", "Domain" })
            {
                if (!Directory.Exists(Path.Combine(project, folder))) problems.Add($"{service}: no {folder}/");
            }
            var statements = Statements(Path.Combine(project, "Program.cs"));
            if (statements > 15) problems.Add($"{service}: Program.cs has {statements} statements (a few calls expected)");
        }
        var gatewayStatements = Statements(Path.Combine(root, "gateway", "Party.Gateway", "Program.cs"));
        if (gatewayStatements > 12)
        {
            problems.Add($"gateway: Program.cs has {gatewayStatements} statements (AddGateway/MapGateway expected)");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>
    /// Every library under <c>libs/</c> says what it is for in a README whose title names it, so a newcomer picks the right
    /// one before opening its code.
    /// </summary>
    [Fact]
    public void Every_lib_has_a_README()
    {
        var root = Repository.Root();
        var libs = Directory.EnumerateDirectories(Path.Combine(root, "libs"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(libs.Count >= 5, $"only {libs.Count} libraries found");
        var problems = new List<string>();
        foreach (var lib in libs)
        {
            var name = Path.GetFileName(lib);
            var readme = Path.Combine(lib, "README.md");
            if (!File.Exists(readme)) problems.Add($"{name}: no README.md");
            else if (!File.ReadLines(readme).FirstOrDefault("").StartsWith($"# {name} ", StringComparison.Ordinal))
                problems.Add($"{name}: README.md does not start with '# {name} — what it is for'");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>Statements of a top-level Program.cs, roughly: lines ending in ';' that are not usings.</summary>
    private static int Statements(string programFile) =>
        File.ReadLines(programFile).Count(l => l.TrimEnd().EndsWith(';') && !l.TrimStart().StartsWith("using ", StringComparison.Ordinal));
}
