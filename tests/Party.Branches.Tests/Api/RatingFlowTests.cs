using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Party.Branches.Data;
using Party.Contracts.Branches;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.Api;

public class RatingFlowTests(ClockedBranchesFactory factory) : IClassFixture<ClockedBranchesFactory>
{
    private const string Ratings = "/api/branches/ratings";
    private static readonly string[] Goods = ["strongLeadership", "membersRole", "collectiveEconomy", "livelihood", "villageGovernance"];

    private static Dictionary<string, decimal> Sheet(decimal total) => Goods.ToDictionary(g => g, _ => total / 5);

    private async Task<Guid> SelfAssessAsync(Guid village, int year, decimal total)
    {
        var branch = factory.ClientFor(PartyRoles.Branch, village);
        var created = await (await branch.PostJsonAsync(Ratings, new { branchId = village, year, scores = Sheet(total), summary = "五好自评" }))
            .AssertStatusAsync(201);
        return created["id"]!.GetValue<Guid>();
    }

    private async Task ReviewAsync(Guid township, Guid rating, decimal total, bool keyTasksDone = true) =>
        await (await factory.ClientFor(PartyRoles.Township, township).PostJsonAsync($"{Ratings}/{rating}/review",
            new { scores = Sheet(total), keyTasksDone, comment = "乡镇审核" })).AssertStatusAsync(200);

    private async Task<(long Ratings, long Outbox, long Audit, long Subsidies)> CountsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
        return (await db.Ratings.LongCountAsync(), await db.OutboxMessages.LongCountAsync(), await db.AuditEntries.LongCountAsync(),
            await db.Subsidies.LongCountAsync());
    }

    private async Task<List<System.Text.Json.Nodes.JsonNode>> SubsidiesApprovedAsync(Guid county)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
        var bodies = await db.OutboxMessages.AsNoTracking().Where(m => m.Type == typeof(SubsidiesApproved).FullName).Select(m => m.Body)
            .ToListAsync();
        return bodies.Select(b => System.Text.Json.Nodes.JsonNode.Parse(b)!).Where(e => e["countyId"]!.GetValue<Guid>() == county).ToList();
    }

    [Fact]
    public async Task A_rating_round_for_thirty_villages_ends_in_published_events_subsidy_rows_and_payment()
    {
        factory.Clock.Set(new DateTimeOffset(2027, 1, 11, 2, 0, 0, TimeSpan.Zero)); // Monday 10:00 in Shanghai
        var tree = await factory.NewCountyAsync(3, 10);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        await using var probe = await factory.ProbeAsync<BranchRatingPublished>();

        // The county caps ★5 at 10% (3 of 30) for 2026.
        await (await county.PostJsonAsync("/api/branches/policies",
            new { effectiveFrom = "2026-01-01", reason = "县委常委会决定五星比例", quotaEnabled = true, star5QuotaPercent = 10 }))
            .AssertStatusAsync(201);

        // Village i scores 100 − 1.5·i: ★5 for i ≤ 6, ★4 for 7–13, ★3 for 14–20, ★2 for 21–26, ★1 for 27–29.
        var villages = tree.Townships.SelectMany(t => t.Villages.Select(v => (Township: t.Id, Village: v))).ToList();
        var ratings = new List<(Guid Township, Guid Village, Guid Rating, decimal Score)>();
        for (var i = 0; i < villages.Count; i++)
        {
            var score = 100 - 1.5m * i;
            ratings.Add((villages[i].Township, villages[i].Village, await SelfAssessAsync(villages[i].Village, 2026, score - 2), score));
        }
        for (var i = 0; i < ratings.Count - 1; i++)
            await ReviewAsync(ratings[i].Township, ratings[i].Rating, ratings[i].Score, keyTasksDone: i != 1);

        // The quota needs the whole county: approval waits for the last township review.
        await (await county.PostAsync("/api/branches/rating-rounds/2026/approve", null))
            .AssertProblemAsync(409, "ratings.round_incomplete");
        await ReviewAsync(ratings[^1].Township, ratings[^1].Rating, ratings[^1].Score);

        var approval = await (await county.PostAsync("/api/branches/rating-rounds/2026/approve", null)).AssertStatusAsync(200);
        Assert.Equal(30, approval["approved"]!.GetValue<int>());
        Assert.Equal(4, approval["quotaDropped"]!.GetValue<int>());
        Assert.Equal(("2027-01-11", "2027-01-15"),
            (approval["noticeStartsOn"]!.GetValue<string>(),
                approval["noticeEndsOn"]!.GetValue<string>())); // Mon–Fri, the start day counts

        // An objection during notice blocks that village only.
        var objected = ratings[10];
        var objection = await (await factory.ClientFor(PartyRoles.Branch, objected.Village)
            .PostJsonAsync($"{Ratings}/{objected.Rating}/objections", new { text = "集体经济数据有误" }))
            .AssertStatusAsync(201);

        var early = await (await county.PostAsync("/api/branches/rating-rounds/2026/finalize", null)).AssertStatusAsync(200);
        Assert.Equal(0, early["published"]!.GetValue<int>());

        factory.Clock.Advance(TimeSpan.FromDays(4)); // Friday 15th is the last notice day
        Assert.Equal(0,
            (await (await county.PostAsync("/api/branches/rating-rounds/2026/finalize", null))
                .AssertStatusAsync(200))["published"]!.GetValue<int>());
        factory.Clock.Advance(TimeSpan.FromDays(4)); // Tuesday 19th, after the notice
        var first = await (await county.PostAsync("/api/branches/rating-rounds/2026/finalize", null)).AssertStatusAsync(200);
        Assert.Equal(29, first["published"]!.GetValue<int>());
        Assert.Equal(1, first["blockedByObjections"]!.GetValue<int>());

        await (await county.PostJsonAsync($"{Ratings}/{objected.Rating}/objections/{objection["id"]}/resolve",
            new { resolution = "经核实数据无误，维持评定" }))
            .AssertStatusAsync(200);
        var second = await (await county.PostAsync("/api/branches/rating-rounds/2026/finalize", null)).AssertStatusAsync(200);
        Assert.Equal(1, second["published"]!.GetValue<int>());
        Assert.Equal(0,
            (await (await county.PostAsync("/api/branches/rating-rounds/2026/finalize", null))
                .AssertStatusAsync(200))["published"]!.GetValue<int>());

        var events = await Eventually.ResultAsync(() =>
            Task.FromResult(probe.Received.Where(e => ratings.Any(r => r.Rating == e.RatingId)).ToList()),
            list => list.Count >= 30, TimeSpan.FromSeconds(30), "30 BranchRatingPublished events");
        Assert.Equal(30, events.Select(e => e.RatingId).Distinct().Count());
        // Delivery is at least once: a repeat would carry the same rating, so group before indexing.
        var starsByVillage = events.GroupBy(e => e.BranchId).ToDictionary(g => g.Key, g => g.First().Stars);
        int[] expected = [5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1];
        Assert.Equal(expected, ratings.Select(r => starsByVillage[r.Village]).ToArray());
        Assert.Equal(100m, events.Single(e => e.BranchId == ratings[0].Village).Score);
        Assert.All(events, e => Assert.Equal(2026, e.Year));

        // Subsidy rows: 3 × ★5 and 11 × ★4 with the 20% secretary share.
        var subsidies = await (await county.GetAsync("/api/branches/subsidies?year=2026&pageSize=200")).AssertStatusAsync(200);
        var rows = subsidies["items"]!.AsArray();
        Assert.Equal(14, rows.Count);
        Assert.Equal(3 * 10_000m + 11 * 5_000m, rows.Sum(r => r!["amount"]!.GetValue<decimal>()));
        Assert.All(rows, r => Assert.Equal(r!["amount"]!.GetValue<decimal>() * 0.2m, r["secretaryShare"]!.GetValue<decimal>()));

        // History: the ★5 village with key tasks done lifts next year's remuneration; village 1 did not finish its key tasks.
        var history0 = await (await county.GetAsync($"/api/branches/branches/{ratings[0].Village}/rating-history")).AssertStatusAsync(200);
        Assert.True(history0[0]!["nextYearUplift"]!.GetValue<bool>());
        var history1 = await (await county.GetAsync($"/api/branches/branches/{ratings[1].Village}/rating-history")).AssertStatusAsync(200);
        Assert.False(history1[0]!["nextYearUplift"]!.GetValue<bool>());

        // Approval, then payment confirmation by the finance bureau, retried with the same key.
        var finance = factory.ClientFor(PartyRoles.Bureau, tree.County, "finance.payments");
        var row = rows[0]!;
        var rowId = row["id"]!.GetValue<Guid>();
        await (await finance.PostJsonAsync($"/api/branches/subsidies/{rowId}/confirm",
            new { reference = "CZ-2027-001", paidOn = "2027-01-19" }))
            .AssertProblemAsync(409, "subsidies.not_approved");
        Assert.Equal(14,
            (await (await county.PostJsonAsync("/api/branches/subsidies/approve", new { year = 2026 }))
                .AssertStatusAsync(200))["approved"]!.GetValue<int>());
        // The finance bureau's webhook is driven by one event of the approval, in its transaction; approving again adds none.
        var announced = Assert.Single(await SubsidiesApprovedAsync(tree.County));
        Assert.Equal((2026, 14, 85_000m),
            (announced["year"]!.GetValue<int>(), announced["entries"]!.GetValue<int>(), announced["total"]!.GetValue<decimal>()));
        Assert.Equal(0,
            (await (await county.PostJsonAsync("/api/branches/subsidies/approve", new { year = 2026 }))
                .AssertStatusAsync(200))["approved"]!.GetValue<int>());
        Assert.Single(await SubsidiesApprovedAsync(tree.County));

        // The finance bureau's client reads the approved statement through the API (its token is scoped to the county).
        var statement = await (await finance.GetAsync("/api/branches/subsidies?year=2026&status=approved&pageSize=200"))
            .AssertStatusAsync(200);
        Assert.Equal(14, statement["total"]!.GetValue<long>());
        await (await finance.GetAsync("/api/branches/subsidies?year=2026&status=bogus")).AssertProblemAsync(400, "validation.failed");

        var xlsx = await county.GetAsync("/api/branches/subsidies/export.xlsx?year=2026");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var sheet = (await new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()).QueryAsync(useHeaderRow: true))
            .Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(14, sheet.Count);
        Assert.Equal(85_000m, sheet.Sum(r => Convert.ToDecimal(r["金额(元)"])));

        var before = await CountsAsync();
        HttpRequestMessage Pay()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/branches/subsidies/{rowId}/confirm")
            {
                Content = new StringContent("""{"reference":"CZ-2027-001","paidOn":"2027-01-19"}""", System.Text.Encoding.UTF8,
                    new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add("Idempotency-Key", "pay-" + rowId);
            return request;
        }
        var paid = await (await finance.SendAsync(Pay())).AssertStatusAsync(200);
        Assert.Equal("paid", paid["status"]!.GetValue<string>());
        var replay = await finance.SendAsync(Pay());
        await replay.AssertStatusAsync(200);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        // The row is the payment's natural key: the same confirmation under another key is the first one.
        var again = Pay();
        again.Headers.Remove("Idempotency-Key");
        again.Headers.Add("Idempotency-Key", "pay-again-" + rowId);
        Assert.Equal(paid.ToJsonString(), (await (await finance.SendAsync(again)).AssertStatusAsync(200)).ToJsonString());
        // The deprecated first shape of the confirmation still answers, the same record, and says what replaces it and until when.
        var legacy = await finance.PostJsonAsync($"/api/branches/subsidies/{rowId}/payment",
            new { paymentReference = "CZ-2027-001", paidOn = "2027-01-19" });
        Assert.Equal(paid.ToJsonString(), (await legacy.AssertStatusAsync(200)).ToJsonString());
        Assert.Equal("@1796083200", Assert.Single(legacy.Headers.GetValues("Deprecation"))); // 2026-12-01T00:00:00Z
        Assert.Equal("Wed, 30 Jun 2027 00:00:00 GMT", Assert.Single(legacy.Headers.GetValues("Sunset")));
        Assert.Contains($"</api/branches/subsidies/{rowId}/confirm>; rel=\"successor-version\"",
            string.Join(", ", legacy.Headers.GetValues("Link")));
        Assert.False((await finance.SendAsync(Pay())).Headers.Contains("Deprecation"));
        var after = await CountsAsync();
        Assert.Equal(before.Audit + 1, after.Audit); // paid once

        await (await finance.PostJsonAsync($"/api/branches/subsidies/{rowId}/confirm",
            new { reference = "CZ-2027-999", paidOn = "2027-01-19" }))
            .AssertProblemAsync(409, "subsidies.paid_immutable");
        await (await county.PostJsonAsync($"/api/branches/subsidies/{rowId}/confirm", new { reference = "CZ-X", paidOn = "2027-01-19" }))
            .AssertStatusAsync(403);
        var stored = await (await county.GetAsync($"/api/branches/subsidies/{rowId}")).AssertStatusAsync(200);
        Assert.Equal("CZ-2027-001", stored["paymentReference"]!.GetValue<string>());

        // Another township sees none of the first township's ratings or subsidies.
        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"{Ratings}/{ratings[0].Rating}")).AssertProblemAsync(404, "ratings.not_found");
        await (await other.GetAsync($"/api/branches/subsidies/{rowId}")).AssertProblemAsync(404, "subsidies.not_found");
        await (await other.GetAsync($"/api/branches/branches/{ratings[0].Village}/rating-history"))
            .AssertProblemAsync(404, "ratings.branch.not_found");
        Assert.Equal(10, (await (await other.GetAsync($"{Ratings}?year=2026")).AssertStatusAsync(200))["total"]!.GetValue<long>());
        Assert.Equal(4,
            (await (await other.GetAsync("/api/branches/subsidies?year=2026")).AssertStatusAsync(200))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task One_star_two_years_running_opens_an_adjustment_case_but_not_across_a_gap()
    {
        factory.Clock.Set(new DateTimeOffset(2027, 3, 1, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(1, 3);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var township = tree.Townships[0].Id;
        var (twice, gap, better) = (tree.Townships[0].Villages[0], tree.Townships[0].Villages[1], tree.Townships[0].Villages[2]);

        async Task RoundAsync(int year, params (Guid Village, decimal Score)[] villages)
        {
            foreach (var (village, score) in villages) await ReviewAsync(township, await SelfAssessAsync(village, year, score), score);
            await (await county.PostAsync($"/api/branches/rating-rounds/{year}/approve", null)).AssertStatusAsync(200);
            factory.Clock.Advance(TimeSpan.FromDays(10));
            Assert.Equal(villages.Length,
                (await (await county.PostAsync($"/api/branches/rating-rounds/{year}/finalize", null))
                    .AssertStatusAsync(200))["published"]!.GetValue<int>());
        }

        await RoundAsync(2024, (gap, 50));
        await RoundAsync(2025, (twice, 50), (better, 65));
        await RoundAsync(2026, (twice, 40), (gap, 55), (better, 50));

        var cases = await (await county.GetAsync("/api/branches/adjustment-cases")).AssertStatusAsync(200);
        var single = Assert.Single(cases["items"]!.AsArray());
        Assert.Equal(twice, single!["branchId"]!.GetValue<Guid>());
        Assert.Equal(2026, single["year"]!.GetValue<int>());
        Assert.Equal(0,
            (await (await factory.ClientFor(PartyRoles.Branch, gap).GetAsync("/api/branches/adjustment-cases"))
                .AssertStatusAsync(200))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Bad_rating_input_gets_a_problem_and_changes_nothing()
    {
        factory.Clock.Set(new DateTimeOffset(2027, 1, 11, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 1);
        var village = tree.Townships[0].Villages[0];
        var branch = factory.ClientFor(PartyRoles.Branch, village);
        var before = await CountsAsync();

        var bad = await (await branch.PostJsonAsync(Ratings,
            new { branchId = village, year = 2026,
                scores = new Dictionary<string, decimal> { ["strongLeadership"] = 25, ["galaxy"] = 1 } }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.True(bad["errors"]!.AsObject().Count >= 5);
        await (await branch.PostJsonAsync(Ratings, new { branchId = village, year = 2031, scores = Sheet(90) }))
            .AssertProblemAsync(400, "validation.failed");
        await (await branch.PostJsonAsync(Ratings, new { branchId = tree.Townships[1].Villages[0], year = 2026, scores = Sheet(90) }))
            .AssertProblemAsync(404, "ratings.branch.not_found");
        await (await branch.PostJsonAsync(Ratings, new { branchId = tree.Townships[0].Id, year = 2026, scores = Sheet(90) }))
            .AssertProblemAsync(404, "ratings.branch.not_found");
        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id)
            .PostJsonAsync(Ratings, new { branchId = tree.Townships[0].Id, year = 2026, scores = Sheet(90) }))
            .AssertProblemAsync(422, "ratings.branch.not_a_branch");
        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id)
            .PostAsync("/api/branches/rating-rounds/2026/approve", null)).AssertStatusAsync(403);
        Assert.Equal(before, await CountsAsync());

        var id = await SelfAssessAsync(village, 2026, 90);
        await (await branch.PostJsonAsync(Ratings, new { branchId = village, year = 2026, scores = Sheet(90) }))
            .AssertProblemAsync(409, "ratings.exists");
        await (await branch.PostJsonAsync($"{Ratings}/{id}/objections", new { text = "尚未公示" }))
            .AssertProblemAsync(409, "ratings.not_in_notice");
        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id)
            .PostJsonAsync($"{Ratings}/{id}/review", new { keyTasksDone = true }))
            .AssertProblemAsync(404, "ratings.not_found");

        // A stale If-Match on review is refused.
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        var stale = new HttpRequestMessage(HttpMethod.Post, $"{Ratings}/{id}/review")
            { Content = JsonContent.Create(new { keyTasksDone = true }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await (await township.SendAsync(stale)).AssertProblemAsync(412, "concurrency.stale");
        var reviewed = await (await township.PostJsonAsync($"{Ratings}/{id}/review", new { keyTasksDone = true })).AssertStatusAsync(200);
        Assert.Equal(90m, reviewed["score"]!.GetValue<decimal>());
        Assert.Equal(5, reviewed["thresholdStars"]!.GetValue<int>());
        await (await township.PostJsonAsync($"{Ratings}/{id}/review", new { keyTasksDone = true }))
            .AssertProblemAsync(409, "ratings.wrong_status");
    }
}
