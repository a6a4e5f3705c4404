using System.Diagnostics;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// A member graded 优秀 at the year-end close in members is honored in honors without re-typing the grade, appears on the
/// anonymous honor roll, and loses the honor within seconds of the discipline commission reporting a sanction.
/// </summary>
[Collection(SystemCollection.Name)]
public class HonorRevocationTests(SystemFixture system)
{
    private const string ExcellentMember = "excellent-member";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RevocationBound = TimeSpan.FromSeconds(5);

    /// <summary>The reviewing units 优秀共产党员 requires, by their clients' token subjects (honors README).</summary>
    private static readonly string[] MemberReviewers = ["discipline-commission", "political-legal-committee", "public-security"];

    /// <summary>
    /// The same template as the README's first calls (<see cref="ReadmeWalkthroughTests"/>): there is one template per
    /// domain and year, so whichever test makes it first, the other finds the items it records.
    /// </summary>
    private static readonly object[] TemplateItems =
    [
        new { code = "B1", name = "政治合格", kind = "base", points = 25 },
        new { code = "B2", name = "执行纪律合格", kind = "base", points = 25 },
        new { code = "B3", name = "品德合格", kind = "base", points = 25 },
        new { code = "B4", name = "发挥作用合格", kind = "base", points = 25 },
        new { code = "C1", name = "志愿服务", kind = "contribution", points = 5, capPerYear = 10 },
        new { code = "C2", name = "带头致富", kind = "contribution", points = 10 },
    ];

    [Fact]
    public async Task An_excellent_grade_becomes_an_honor_on_the_roll_and_a_sanction_revokes_it_within_five_seconds()
    {
        var tree = await system.CountyAsync("RVK", townships: 2, villagesEach: 1, "members", "honors");
        var village = tree.Townships[0].Villages[0];
        var county = system.Gateway(PartyRoles.County, tree.County);
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var branch = system.Gateway(PartyRoles.Branch, village);
        var today = CrossServiceSupport.Today;
        var year = today.Year;
        var nextJanuary = new DateOnly(year + 1, 1, 20);

        // Five members: 20% of 5 leaves room for exactly one 优秀.
        var excellent = await township.CreateFullMemberAsync(village, "优秀党员");
        foreach (var n in new[] { "党员乙", "党员丙", "党员丁", "党员戊" }) await township.CreateFullMemberAsync(village, n);

        try
        {
            // This year's scheme, and this month's entries made now, inside the open declaration window: 4 × 25 base + 10 = 110.
            var template = await county.PostJsonAsync("/api/members/points/templates",
                new { domain = "ruralCommunity", year, name = $"{year} 农村积分模板", items = TemplateItems });
            if ((int)template.StatusCode != 409) await template.AssertStatusAsync(201);
            await (await branch.PostJsonAsync("/api/members/points/schemes", new { branchId = village, year })).AssertStatusAsync(201);
            foreach (var item in new[] { "B1", "B2", "B3", "B4", "C2" })
            {
                var entry = await (await branch.PostJsonAsync("/api/members/points/entries",
                    new { memberId = excellent, itemCode = item, occurredOn = today, source = "branchRecorded" })).AssertStatusAsync(201);
                await (await branch.PostJsonAsync($"/api/members/points/entries/{entry["id"]}/review", new { decision = "approve" }))
                    .AssertStatusAsync(200);
            }

            // The year closes only after January 15th: members (and honors, which judges "this year or last" by its own clock)
            // move to January 20th.
            await system.SetClockAsync("members", CrossServiceSupport.DaysUntil(nextJanuary));
            await system.SetClockAsync("honors", CrossServiceSupport.DaysUntil(nextJanuary));
            var close = await (await township.PostJsonAsync("/api/members/points/year-closes", new { branchId = village, year }))
                .AssertStatusAsync(200);
            Assert.Equal((5, 1), (close["members"]!.GetValue<int>(), close["excellent"]!.GetValue<int>()));

            // Honors learns the grade from BranchAnnualAssessmentsPublished: nobody types it in again.
            var eligible = await county.EligibilityBecomesAsync(ExcellentMember, excellent, year + 1, null, [], Propagation,
                "the 优秀 grade in honors");
            Assert.True(eligible["eligible"]!.GetValue<bool>());

            // Nomination by the township, opinions of the three required bureaus (a retry with the same key is the same opinion).
            var nominated = await (await township.PostJsonAsync("/api/honors/nominations",
                new { honorTypeCode = ExcellentMember, subjectId = excellent, year = year + 1, deeds = "带头致富，热心公益，年度积分 110 分。" }))
                    .AssertStatusAsync(201);
            var nomination = nominated["id"]!.GetValue<Guid>();
            Assert.Equal(MemberReviewers.Length, nominated["missingOpinions"]!.AsArray().Count);
            foreach (var reviewer in MemberReviewers)
            {
                var bureau = system.GatewayAs(reviewer, PartyRoles.Bureau, tree.County, "honors.review");
                var key = Guid.NewGuid().ToString();
                var opinion = new { verdict = "pass", comment = "经核查无不良记录" };
                await (await bureau.PostWithKeyAsync($"/api/honors/nominations/{nomination}/opinions", opinion, key))
                    .AssertStatusAsync(200);
                var retry = await bureau.PostWithKeyAsync($"/api/honors/nominations/{nomination}/opinions", opinion, key);
                Assert.True(retry.IsSuccessStatusCode, $"{reviewer} retry answered {(int)retry.StatusCode}");
            }
            var reviewed = await (await county.GetAsync($"/api/honors/nominations/{nomination}")).AssertStatusAsync(200);
            Assert.Empty(reviewed["missingOpinions"]!.AsArray());
            Assert.Equal(MemberReviewers.Length, reviewed["opinions"]!.AsArray().Count);

            // County approval starts the public notice; the award waits for its end.
            var approved = await (await county.PostAsync($"/api/honors/nominations/{nomination}/approve", null)).AssertStatusAsync(200);
            var noticeEndsOn = DateOnly.Parse(approved["noticeEndsOn"]!.GetValue<string>());
            var batch = new { name = $"{year + 1} 年度优秀共产党员表彰", nominationIds = new[] { nomination } };
            await (await county.PostJsonAsync("/api/honors/award-batches", batch)).AssertProblemAsync(422, "honors.award_blocked");
            await system.SetClockAsync("honors", CrossServiceSupport.DaysUntil(noticeEndsOn.AddDays(1)));
            var awarded = await (await county.PostJsonAsync("/api/honors/award-batches", batch)).AssertStatusAsync(200);
            var awardId = Assert.Single(awarded["awards"]!.AsArray())!["awardId"]!.GetValue<Guid>();

            // The anonymous honor roll, through the gateway without a token.
            using var anonymous = new HttpClient { BaseAddress = new Uri(system.GatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
            var rollUrl = $"/api/honors/roll?org={tree.County}&year={year + 1}";
            var roll = await (await anonymous.GetAsync(rollUrl)).AssertStatusAsync(200);
            var line = Assert.Single(roll["items"]!.AsArray())!;
            Assert.Equal((awardId, "优秀党员", "优秀共产党员"),
                (line["awardId"]!.GetValue<Guid>(), line["name"]!.GetValue<string>(), line["honorName"]!.GetValue<string>()));
            Assert.Null(line["citizenId"]);

            // The discipline commission reports a sanction; the honor is revoked and leaves the roll within five seconds of the answer.
            var discipline = system.Gateway(PartyRoles.Bureau, tree.County, "discipline.report");
            var sanction = await discipline.PostWithKeyAsync("/api/members/sanctions",
                new { memberId = excellent, kind = "warning", decidedOn = nextJanuary, decisionNumber = $"县纪发〔{year + 1}〕3号",
                    reason = "违反工作纪律" });
            var answered = Stopwatch.StartNew();
            await sanction.AssertStatusAsync(201);
            await Eventually.TrueAsync(async () =>
            {
                var page = await (await anonymous.GetAsync(rollUrl)).AssertStatusAsync(200);
                return page["total"]!.GetValue<long>() == 0;
            }, Propagation, "the revoked honor gone from the roll");
            var elapsed = answered.Elapsed;
            Assert.True(elapsed < RevocationBound, $"the honor left the roll {elapsed.TotalSeconds:0.0} s after the sanction was answered");

            var award = await (await county.GetAsync($"/api/honors/awards/{awardId}")).AssertStatusAsync(200);
            Assert.Equal("revoked", award["status"]!.GetValue<string>());
            Assert.Contains("sanctioned_recently", (await county.EligibilityAsync(ExcellentMember, excellent, year + 1)).ReasonCodes());

            // Another township's roll never showed it.
            var otherRoll = await (await anonymous.GetAsync($"/api/honors/roll?org={tree.Townships[1].Id}&year={year + 1}"))
                .AssertStatusAsync(200);
            Assert.Equal(0, otherRoll["total"]!.GetValue<long>());
        }
        finally
        {
            await system.SetClockAsync("members", 0);
            await system.SetClockAsync("honors", 0);
        }
    }
}
