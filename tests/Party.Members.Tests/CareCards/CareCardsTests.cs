using Party.Members.Domain.CareCards;
using Party.ServiceDefaults.Auth;
using Party.Members.Tests.Points;
using Party.Testing;

namespace Party.Members.Tests.CareCards;

public class CareCardRulesTests
{
    [Theory]
    [InlineData(CareCardStatus.Active, 2026, 2026, 200, true, 5, 20, 1, null)]
    [InlineData(CareCardStatus.Active, 2026, 2026, 20, true, 5, 20, 1, null)]
    [InlineData(CareCardStatus.Active, 2026, 2026, 19, true, 5, 20, 1, RedemptionRefusal.InsufficientPoints)]
    [InlineData(CareCardStatus.Active, 2026, 2026, 200, true, 0, 20, 1, RedemptionRefusal.OutOfStock)]
    [InlineData(CareCardStatus.Active, 2026, 2026, 200, true, 2, 20, 3, RedemptionRefusal.OutOfStock)]
    [InlineData(CareCardStatus.Active, 2026, 2026, 59, true, 5, 20, 3, RedemptionRefusal.InsufficientPoints)]
    [InlineData(CareCardStatus.Active, 2026, 2026, 200, false, 5, 20, 1, RedemptionRefusal.ItemInactive)]
    [InlineData(CareCardStatus.Lapsed, 2025, 2026, 0, true, 5, 20, 1, RedemptionRefusal.CardLapsed)]
    [InlineData(CareCardStatus.Active, 2025, 2026, 200, true, 5, 20, 1, RedemptionRefusal.WrongYear)]
    public void Redemption_checks(CareCardStatus status, int cardYear, int year, int balance, bool active, int stock, int price, int qty,
        RedemptionRefusal? expected) =>
        Assert.Equal(expected, CareCardRules.Check(status, cardYear, year, balance, active, stock, price, qty));

    [Theory]
    [InlineData(2025, "2025-12-31", false)]
    [InlineData(2025, "2026-01-01", true)]
    public void Cards_lapse_when_their_year_is_over(int year, string today, bool lapses) =>
        Assert.Equal(lapses, CareCardRules.Lapses(year, DateOnly.Parse(today)));
}

public class CareCardsApiTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    private async Task<(CountyTree Tree, HttpClient Township, Guid Card, Guid Item)> SetupAsync(int price, int stock)
    {
        factory.SetToday("2026-05-10");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        var member = await TestMembers.AddAsync(factory.Services, tree.Townships[0].Villages[0], "困难党员");
        var card = await (await township.PostJsonAsync("/api/members/care-cards", new { memberId = member, reason = "因病致贫，村支部推荐，乡镇党委审批" }))
            .AssertStatusAsync(201);
        Assert.Equal(200, card["balance"]!.GetValue<int>());
        var item = await (await township.PostJsonAsync("/api/members/care-cards/items",
            new { ownerUnitId = tree.Townships[0].Id, name = "大米 10 斤", pricePoints = price, stock }))
            .AssertStatusAsync(201);
        return (tree, township, card["id"]!.GetValue<Guid>(), item["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Fifty_concurrent_redemptions_on_a_card_worth_ten_leave_exactly_ten_and_a_zero_balance()
    {
        var (_, township, card, item) = await SetupAsync(price: 20, stock: 100);
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            township.PostJsonAsync($"/api/members/care-cards/{card}/redemptions",
                new { itemId = item, quantity = 1, clientKey = $"pos-{i}" })));
        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(10, statuses.Count(s => s == 201));
        Assert.Equal(40, statuses.Count(s => s == 409));
        foreach (var refused in responses.Where(r => (int)r.StatusCode == 409))
            await refused.AssertProblemAsync(409, "care_cards.insufficient_points");
        var after = await (await township.GetAsync($"/api/members/care-cards/{card}")).AssertStatusAsync(200);
        Assert.Equal(0, after["card"]!["balance"]!.GetValue<int>());
        Assert.Equal(10, after["redemptions"]!.AsArray().Count);
        var items = await (await township.GetAsync("/api/members/care-cards/items")).AssertStatusAsync(200);
        Assert.Equal(90, items["items"]!.AsArray().Single(i => i!["id"]!.GetValue<Guid>() == item)!["stock"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stock_never_goes_negative_under_concurrent_redemptions()
    {
        var (tree, township, card, item) = await SetupAsync(price: 1, stock: 3);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            township.PostJsonAsync($"/api/members/care-cards/{card}/redemptions", new { itemId = item, clientKey = $"k-{i}" })));
        Assert.Equal(3, responses.Count(r => (int)r.StatusCode == 201));
        Assert.All(responses.Where(r => (int)r.StatusCode != 201), r => Assert.Equal(409, (int)r.StatusCode));
        var after = await (await township.GetAsync($"/api/members/care-cards/{card}")).AssertStatusAsync(200);
        Assert.Equal(197, after["card"]!["balance"]!.GetValue<int>());
        var report = await (await township.GetAsync("/api/members/care-cards/report?year=2026")).AssertStatusAsync(200);
        Assert.Contains(report["outOfStock"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == item);
        Assert.Equal(3, report["pointsRedeemed"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_retried_redemption_with_the_same_key_is_answered_once()
    {
        var (_, township, card, item) = await SetupAsync(price: 30, stock: 10);
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            township.PostJsonAsync($"/api/members/care-cards/{card}/redemptions",
                new { itemId = item, quantity = 2, clientKey = "same-key" })));
        Assert.Single(responses, r => (int)r.StatusCode == 201);
        Assert.Equal(4, responses.Count(r => (int)r.StatusCode == 200));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync())["id"]!.GetValue<Guid>()));
        Assert.Single(ids.Distinct());
        var after = await (await township.GetAsync($"/api/members/care-cards/{card}")).AssertStatusAsync(200);
        Assert.Equal(140, after["card"]!["balance"]!.GetValue<int>());
        await (await township.PostJsonAsync($"/api/members/care-cards/{card}/redemptions",
            new { itemId = item, quantity = 1, clientKey = "same-key" }))
            .AssertProblemAsync(409, "care_cards.client_key_reused");
        await (await township.PostJsonAsync($"/api/members/care-cards/{card}/redemptions", new { itemId = item }))
            .AssertProblemAsync(400, "validation.failed");
    }

    [Fact]
    public async Task Unused_points_lapse_at_year_end_once_and_another_township_sees_nothing()
    {
        var (tree, township, card, item) = await SetupAsync(price: 50, stock: 10);
        await (await township.PostJsonAsync($"/api/members/care-cards/{card}/redemptions", new { itemId = item, clientKey = "a" }))
            .AssertStatusAsync(201);
        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"/api/members/care-cards/{card}")).AssertProblemAsync(404, "care_cards.not_found");
        await (await other.PostJsonAsync($"/api/members/care-cards/{card}/redemptions", new { itemId = item, clientKey = "x" }))
            .AssertProblemAsync(404, "care_cards.not_found");
        Assert.Equal(0, (await (await other.GetAsync("/api/members/care-cards")).AssertStatusAsync(200))["total"]!.GetValue<long>());
        var branch = factory.ClientFor(PartyRoles.Branch, tree.Townships[0].Villages[0]);
        await (await branch.PostJsonAsync("/api/members/care-cards/lapse", new { year = 2026 }))
            .AssertProblemAsync(403, "auth.township_only");
        await (await township.PostJsonAsync("/api/members/care-cards/lapse", new { year = 2026 }))
            .AssertProblemAsync(400, "validation.failed");

        factory.SetToday("2027-01-02");
        await (await township.PostJsonAsync($"/api/members/care-cards/{card}/redemptions", new { itemId = item, clientKey = "b" }))
            .AssertProblemAsync(409, "care_cards.wrong_year");
        var lapsed = await (await township.PostJsonAsync("/api/members/care-cards/lapse", new { year = 2026 })).AssertStatusAsync(200);
        Assert.Equal((1, 150L), (lapsed["cards"]!.GetValue<int>(), lapsed["pointsLapsed"]!.GetValue<long>()));
        var again = await (await township.PostJsonAsync("/api/members/care-cards/lapse", new { year = 2026 })).AssertStatusAsync(200);
        Assert.Equal(0, again["cards"]!.GetValue<int>());
        var after = await (await township.GetAsync($"/api/members/care-cards/{card}")).AssertStatusAsync(200);
        Assert.Equal((0, 150, "lapsed"),
            (after["card"]!["balance"]!.GetValue<int>(), after["card"]!["pointsLapsed"]!.GetValue<int>(),
                after["card"]!["status"]!.GetValue<string>()));
        var report = await (await township.GetAsync("/api/members/care-cards/report?year=2026")).AssertStatusAsync(200);
        Assert.Equal((1, 200L, 50L, 150L),
            (report["cardsIssued"]!.GetValue<int>(), report["pointsIssued"]!.GetValue<long>(), report["pointsRedeemed"]!.GetValue<long>(),
                report["pointsLapsed"]!.GetValue<long>()));

        // The sheet a clerk sends on: branch and member by name, the state in words, no ids; the other township's is empty.
        var row = Assert.Single(await Sheets.ReadAsync(await township.GetAsync("/api/members/care-cards?year=2026&format=xlsx")));
        Assert.Equal(("第1乡镇第1村党支部", "困难党员", "150", "已到期作废"),
            ((string)row["支部"], (string)row["党员"], row["作废积分"].ToString(), (string)row["状态"]));
        Assert.False(Sheets.HoldsAnId(row));
        Assert.Empty(await Sheets.ReadAsync(await other.GetAsync("/api/members/care-cards?year=2026&format=xlsx")));
    }

    [Fact]
    public async Task Only_a_township_or_the_county_issues_one_card_per_member_and_year()
    {
        factory.SetToday("2026-05-10");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var member = await TestMembers.AddAsync(factory.Services, tree.Townships[0].Villages[0], "年老体弱");
        var branch = factory.ClientFor(PartyRoles.Branch, tree.Townships[0].Villages[0]);
        await (await branch.PostJsonAsync("/api/members/care-cards", new { memberId = member, reason = "x" }))
            .AssertProblemAsync(403, "auth.township_only");
        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.PostJsonAsync("/api/members/care-cards", new { memberId = member, reason = "x" }))
            .AssertProblemAsync(404, "members.not_found");
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        await (await township.PostJsonAsync("/api/members/care-cards", new { memberId = member }))
            .AssertProblemAsync(400, "validation.failed");
        await (await township.PostJsonAsync("/api/members/care-cards", new { memberId = member, reason = "年老体弱，无固定收入" }))
            .AssertStatusAsync(201);
        await (await township.PostJsonAsync("/api/members/care-cards", new { memberId = member, reason = "重复" }))
            .AssertProblemAsync(409, "care_cards.already_issued");
    }
}
