using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>An honor's public notice counts the county calendar members publishes, by the same rule as members and branches.</summary>
public class NoticeCalendarTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    /// <summary>Tokens that outlive the clock shift to February.</summary>
    private HttpClient Client(string role, Guid org, string? subject = null, params string[] scopes)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Mint(subject ?? $"{role}-{org:N}", role, org, scopes, lifetime: TimeSpan.FromDays(3650)));
        return client;
    }

    [Fact]
    public async Task A_nomination_notice_over_the_spring_festival_ends_on_the_day_members_gives_for_the_same_start()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var countyPath = await Facts.Db(factory, db => db.OrgUnits.Where(u => u.Id == tree.County).Select(u => u.Path).FirstAsync());
        foreach (var day in CountyCalendars.AsEvents(CountyCalendars.SpringFestival2027, tree.County, countyPath))
            await factory.Bus.Publish(day);
        await Eventually.TrueAsync(() => Facts.Db(factory, async db => await db.CalendarDays.CountAsync(d => d.UnitId == tree.County) == 9),
            TimeSpan.FromSeconds(15), "calendar replicated");

        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), "郭公示");
        // Wednesday 3 February 2027, 10:00 in Shanghai.
        factory.Clock.Advance(new DateTimeOffset(2027, 2, 3, 10, 0, 0, TimeSpan.FromHours(8)) - factory.Clock.GetUtcNow());
        var nomination = await (await Client(PartyRoles.Township, tree.Township(0)).PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = memberId, deeds = "带领群众发展产业。" })).AssertStatusAsync(201);
        var id = nomination["id"]!.GetValue<Guid>();
        foreach (var bureau in Rounds.MemberBureaus)
            await (await Client(PartyRoles.Bureau, tree.County, bureau, "honors.review")
                .PostJsonAsync($"/api/honors/nominations/{id}/opinions",
                new { verdict = "pass", comment = "经核查无问题。" })).AssertStatusAsync(200);
        var approved = await (await Client(PartyRoles.County, tree.County).PostAsync($"/api/honors/nominations/{id}/approve", null))
            .AssertStatusAsync(200);

        // Members' notice of 5 working days from 2027-02-03 by this calendar (CountyCalendarTests, WorkflowTests):
        // 3 February to 16 February.
        Assert.Equal(("2027-02-03", "2027-02-16"),
            (approved["noticeStartsOn"]!.GetValue<string>(), approved["noticeEndsOn"]!.GetValue<string>()));
    }
}
