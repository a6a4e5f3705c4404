using Party.Testing;

namespace Party.Platform.Tests;

/// <summary>
/// The bureaus' guides as the gateway serves them (docs/bureaus, copied beside it): each task guide has a curl example and
/// quotes a C# sample, and the quoted code is the sample file itself — the file the test suite compiles and runs against the
/// real system (BureauGuideTests) — so the two cannot drift apart.
/// </summary>
public class GuideSamplesTests
{
    private static readonly string Guides = Path.Combine(AppContext.BaseDirectory, "bureaus");

    public static TheoryData<string> TaskGuides => new(["discipline", "finance", "review", "villages"]);

    [Theory]
    [MemberData(nameof(TaskGuides))]
    public void A_task_guide_has_curl_and_quotes_its_csharp_sample_exactly(string guide)
    {
        var markdown = File.ReadAllText(Path.Combine(Guides, guide + ".md"));
        Assert.Contains(GuideExamples.ShellBlocks(markdown), b => b.Contains("curl ", StringComparison.Ordinal));
        var quotes = GuideExamples.SampleQuotes(markdown);
        Assert.NotEmpty(quotes);
        Assert.Contains("](versioning.md)", markdown);
        foreach (var (file, code) in quotes)
        {
            var path = Path.Combine(Guides, file);
            Assert.True(File.Exists(path), $"{guide}.md quotes {file}, which docs/bureaus does not have");
            Assert.True(File.ReadAllText(path).Replace("\r\n", "\n") == code,
                $"{guide}.md's quote of {file} differs from the file: copy the file into the guide again");
        }
    }
}
