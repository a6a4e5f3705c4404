using Party.Members.Domain.Members;
using Party.Members.Domain.Training;
using Party.Members.Tests.Points;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Training;

public class TrainingRulesTests
{
    [Theory]
    [InlineData(0, 0, 100)]
    [InlineData(1, 3, 33.3)]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 16, 6.3)]   // 6.25 rounds half away from zero
    [InlineData(3, 3, 100)]
    public void Coverage_percent(long trained, long members, decimal expected) =>
        Assert.Equal(expected, TrainingRules.CoveragePercent(trained, members));

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(2, true)]
    [InlineData(100, true)]
    [InlineData(0, false)]
    [InlineData(0.4, false)]
    [InlineData(1.25, false)]
    [InlineData(100.5, false)]
    public void Hours_are_half_hours(decimal hours, bool valid) => Assert.Equal(valid, TrainingRules.ValidHours(hours));
}

public class TrainingApiTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    [Fact]
    public async Task A_session_is_entered_once_and_the_coverage_report_lists_who_was_not_trained()
    {
        factory.SetToday("2026-09-01");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 2);
        var t1 = tree.Townships[0];
        var a = await TestMembers.AddAsync(factory.Services, t1.Villages[0], "已训一");
        var b = await TestMembers.AddAsync(factory.Services, t1.Villages[0], "已训二");
        var c = await TestMembers.AddAsync(factory.Services, t1.Villages[0], "未训");
        var d = await TestMembers.AddAsync(factory.Services, t1.Villages[1], "去年训过");
        await TestMembers.AddAsync(factory.Services, t1.Villages[1], "申请人", MemberStage.Applicant);
        await TestMembers.AddAsync(factory.Services, t1.Villages[1], "已故", status: MemberStatus.Deceased);
        var foreign = await TestMembers.AddAsync(factory.Services, tree.Townships[1].Villages[0], "外乡镇");
        var township = factory.ClientFor(PartyRoles.Township, t1.Id);

        await (await township.PostJsonAsync("/api/members/training",
            new { memberIds = new[] { a, foreign }, kind = "集中轮训", hours = 8, trainedOn = "2026-08-20", organizer = "县委党校" }))
            .AssertProblemAsync(404, "members.not_found");
        await (await township.PostJsonAsync("/api/members/training",
            new { memberIds = new[] { a }, kind = "集中轮训", hours = 0.3, trainedOn = "2026-09-02" }))
            .AssertProblemAsync(400, "validation.failed");
        var session = await (await township.PostJsonAsync("/api/members/training",
            new { memberIds = new[] { a, b, a }, kind = "集中轮训", hours = 8, trainedOn = "2026-08-20", organizer = "县委党校" }))
            .AssertStatusAsync(201);
        Assert.Equal(2, session["recorded"]!.GetValue<int>());
        await (await township.PostJsonAsync("/api/members/training",
            new { memberIds = new[] { d }, kind = "线上学习", hours = 2, trainedOn = "2025-11-20", organizer = "乡镇党委" }))
            .AssertStatusAsync(201);

        var report = await (await township.GetAsync("/api/members/training/coverage?year=2026")).AssertStatusAsync(200);
        Assert.Equal((4L, 2L, 50.0m),
            (report["members"]!.GetValue<long>(), report["trained"]!.GetValue<long>(), report["coveragePercent"]!.GetValue<decimal>()));
        var untrained = report["untrained"]!["items"]!.AsArray().Select(x => x!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["未训", "去年训过"], untrained.OrderBy(x => x == "去年训过").ToList());
        var v1 = report["branches"]!.AsArray().Single(x => x!["branchId"]!.GetValue<Guid>() == t1.Villages[0])!;
        Assert.Equal(66.7m, v1["coveragePercent"]!.GetValue<decimal>());

        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        var otherReport = await (await other.GetAsync("/api/members/training/coverage?year=2026")).AssertStatusAsync(200);
        Assert.Equal(["外乡镇"], otherReport["untrained"]!["items"]!.AsArray().Select(x => x!["name"]!.GetValue<string>()));
        await (await other.GetAsync($"/api/members/training/coverage?year=2026&branchId={t1.Villages[0]}"))
            .AssertProblemAsync(404, "branches.not_found");
        Assert.Equal(0, (await (await other.GetAsync("/api/members/training")).AssertStatusAsync(200))["total"]!.GetValue<long>());
        // The coverage list downloads as a sheet (ReadAsync checks its media type).
        await Sheets.ReadAsync(await township.GetAsync("/api/members/training/coverage?year=2026&format=xlsx"));

        // The records as a clerk's sheet: who by name, in which branch, no ids; the other township sees only its own.
        var records = await Sheets.ReadAsync(await township.GetAsync("/api/members/training?format=xlsx"));
        Assert.Equal(["已训一 集中轮训 县委党校", "已训二 集中轮训 县委党校", "去年训过 线上学习 乡镇党委"],
            records.Select(r => $"{r["党员"]} {r["类别"]} {r["主办单位"]}")
                .OrderBy(x => x.StartsWith("去年", StringComparison.Ordinal)).ThenBy(x => x, StringComparer.Ordinal));
        Assert.Equal("第1乡镇第1村党支部", records.First(r => (string)r["党员"] == "已训一")["支部"]);
        Assert.DoesNotContain(records, Sheets.HoldsAnId);
        Assert.Empty(await Sheets.ReadAsync(await other.GetAsync("/api/members/training?format=xlsx")));
    }
}
