using System.Text;
using System.Text.RegularExpressions;

namespace Party.Platform.Tests;

/// <summary>
/// <c>docs/bureaus/problem-codes.md</c> (served at <c>/docs/guides/problem-codes.md</c>, linked from every bureau document)
/// lists every problem <c>code</c> the services and the gateway write, with the Chinese detail that explains it. It is
/// generated from the source: a code added without updating the file fails here (regenerate with PARTY_UPDATE_DOCS=1).
/// </summary>
public partial class ProblemCodesCatalogTests
{
    [GeneratedRegex(
        """"(?:DomainException(?:\.Conflict)?\(|\bnew\(|Problem(?:Async)?\(|WriteProblem\w*\(|WriteAsync\(\s*http\s*,)"""" +
        """"[^;{]*?"(?<code>[a-z][a-z_]*(?:\.[a-z][a-z_]*)+)"\s*,\s*\$?"(?<detail>(?:[^"\\]|\\.)*)" """" +
        // A long detail is written as literals joined by '+' (lines stay within 140 characters): the parts are one detail.
        """"(?:\s*\+\s*\$?"(?<detail>(?:[^"\\]|\\.)*)")*"""",
        RegexOptions.Singleline | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ProblemCall();

    [GeneratedRegex("""DomainException\.NotFound\(\s*"(?<what>[a-z_]+)"\s*\)""")]
    private static partial Regex NotFoundCall();

    internal static string Generate(string root)
    {
        var codes = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string code, string detail)
        {
            if (!codes.TryGetValue(code, out var set)) codes[code] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(detail.Replace("|", "\\|").Replace("\\\"", "\""));
        }
        var sources = new[] { "services", "libs", "gateway" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f =>
                !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal);
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in ProblemCall().Matches(text))
            {
                Add(m.Groups["code"].Value, string.Concat(m.Groups["detail"].Captures.Select(c => c.Value)));
            }
            foreach (Match m in NotFoundCall().Matches(text)) Add($"{m.Groups["what"].Value}.not_found", "未找到该记录，或不在您的管辖范围内。");
        }
        var md = new StringBuilder();
        md.AppendLine("# 错误代码一览（problem `code`）");
        md.AppendLine();
        md.AppendLine("每个错误应答都是 RFC 9457 problem details（`application/problem+json`），其中 `code` 稳定不变，可用于程序判断；");
        md.AppendLine("`detail` 是给经办人看的中文说明（`{…}` 处为具体内容）。`validation.failed` 另带 `errors`，列出每个有误的字段；");
        md.AppendLine("参数或字段的取值类型不符时（`request.invalid`、`request.malformed_json`），`errors` 同样列出该参数或字段及应填的类型。");
        md.AppendLine("本表由测试从源代码生成（`ProblemCodesCatalogTests`），新增代码而未更新本表时测试失败。");
        md.AppendLine();
        md.AppendLine("| code | 含义（detail） |");
        md.AppendLine("|---|---|");
        foreach (var (code, details) in codes) md.AppendLine($"| `{code}` | {string.Join("<br>", details)} |");
        return md.ToString();
    }

    [Fact]
    public void The_catalogue_lists_every_problem_code_the_source_writes()
    {
        var root = Repository.Root();
        var expected = Generate(root);
        var path = Path.Combine(root, "docs", "bureaus", "problem-codes.md");
        if (Environment.GetEnvironmentVariable("PARTY_UPDATE_DOCS") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path), $"{path} is missing: run the test once with PARTY_UPDATE_DOCS=1");
        var actual = File.ReadAllText(path);
        var missing = expected.Split('\n').Except(actual.Split('\n')).Take(10).ToList();
        Assert.True(missing.Count == 0,
            "docs/bureaus/problem-codes.md is out of date (regenerate with PARTY_UPDATE_DOCS=1); lines missing:\n"
            + string.Join("\n", missing));
        Assert.Equal(expected, actual);
        // The catalogue is not empty by accident: the codes every service shares are in it.
        Assert.Contains("| `validation.failed` |", actual);
        Assert.Contains("| `webhooks.subscription_disabled` |", actual);
        Assert.Contains("| `payments.reference_conflict` |", actual);
    }
}
