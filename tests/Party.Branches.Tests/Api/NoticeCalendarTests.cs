using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using Party.Contracts.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.Api;

/// <summary>A rating round's public notice counts the county calendar members publishes, by the same rule as members and honors.</summary>
public class NoticeCalendarTests(ClockedBranchesFactory factory) : IClassFixture<ClockedBranchesFactory>
{
    private static readonly string[] Goods = ["strongLeadership", "membersRole", "collectiveEconomy", "livelihood", "villageGovernance"];

    private async Task<T> DbAsync<T>(Func<BranchesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BranchesDbContext>());
    }

    [Fact]
    public async Task A_rating_notice_over_the_spring_festival_ends_on_the_day_members_gives_for_the_same_start()
    {
        factory.Clock.Set(new DateTimeOffset(2027, 2, 3, 2, 0, 0, TimeSpan.Zero)); // Wednesday 3 February, 10:00 in Shanghai
        var tree = await factory.NewCountyAsync(1, 1);
        var countyPath = await DbAsync(db => db.OrgUnits.Where(u => u.Id == tree.County).Select(u => u.Path).FirstAsync());
        var bus = factory.Services.GetRequiredService<IBus>();
        foreach (var day in CountyCalendars.AsEvents(CountyCalendars.SpringFestival2027, tree.County, countyPath)) await bus.Publish(day);
        // Out of order: the withdrawal of 30 January (version 2) arrives before a re-sent setting (version 1), which must not win.
        var withdrawn = CountyCalendars.AsEvents(CountyCalendars.SpringFestival2027, tree.County, countyPath)
            .Single(d => d.Day == new DateOnly(2027, 1, 30));
        var stale = NewId.NextGuid();
        await bus.Publish(withdrawn with { Withdrawn = true, Version = 2 });
        await bus.Publish(withdrawn, c => c.MessageId = stale);
        await Eventually.TrueAsync(() => DbAsync(async db => await db.CalendarDays.CountAsync(d => d.UnitId == tree.County) == 9
            && await db.CalendarDays.AnyAsync(d => d.Day == new DateOnly(2027, 1, 30) && d.Withdrawn)
            && await db.InboxMessages.AnyAsync(i => i.MessageId == stale)), TimeSpan.FromSeconds(15), "calendar replicated");
        Assert.True(await DbAsync(db =>
            db.CalendarDays.AnyAsync(d => d.Day == new DateOnly(2027, 1, 30) && d.Withdrawn && d.Version == 2)));

        var village = tree.Townships[0].Villages[0];
        var scores = Goods.ToDictionary(g => g, _ => 18m);
        var rating = await (await factory.ClientFor(PartyRoles.Branch, village).PostJsonAsync("/api/branches/ratings",
            new { branchId = village, year = 2026, scores, summary = "五好自评" })).AssertStatusAsync(201);
        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id)
            .PostJsonAsync($"/api/branches/ratings/{rating["id"]}/review", new { scores, keyTasksDone = true, comment = "乡镇审核" }))
            .AssertStatusAsync(200);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var approval = await (await county.PostAsync("/api/branches/rating-rounds/2026/approve", null)).AssertStatusAsync(200);

        // Members' notice of 5 working days from 2027-02-03 by this calendar (CountyCalendarTests, WorkflowTests):
        // 3 February to 16 February.
        Assert.Equal(("2027-02-03", "2027-02-16"),
            (approval["noticeStartsOn"]!.GetValue<string>(), approval["noticeEndsOn"]!.GetValue<string>()));
        factory.Clock.Set(new DateTimeOffset(2027, 2, 16, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(0,
            (await (await county.PostAsync("/api/branches/rating-rounds/2026/finalize", null))
                .AssertStatusAsync(200))["published"]!.GetValue<int>());
        factory.Clock.Set(new DateTimeOffset(2027, 2, 17, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(1,
            (await (await county.PostAsync("/api/branches/rating-rounds/2026/finalize", null))
                .AssertStatusAsync(200))["published"]!.GetValue<int>());
    }
}
