using System.Net;
using System.Text.Json;
using Party.Contracts.Members;
using Party.Members.Domain.Calendar;
using Microsoft.EntityFrameworkCore;
using Party.Members.Domain.Development;
using Party.Members.Tests.Members;
using Party.Members.Tests.Points;
using Party.Testing;

namespace Party.Members.Tests.Development;

public class CountyCalendarTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    // National Day 2026: Thursday 1 October to Thursday 8 October off, Saturday 10 October worked (调休上班).
    private static readonly Dictionary<DateOnly, bool> NationalDay2026 = Enumerable.Range(1, 8)
        .ToDictionary(d => new DateOnly(2026, 10, d), _ => false)
        .Append(new KeyValuePair<DateOnly, bool>(new DateOnly(2026, 10, 10), true))
        .ToDictionary();

    [Theory]
    [InlineData("2026-09-30", 5, "2026-10-13")]   // Wed 30 Sep, then Fri 9, Sat 10 (worked), Mon 12, Tue 13
    [InlineData("2026-10-01", 1, "2026-10-09")]   // starts on a holiday: counting begins on the first working day
    [InlineData("2026-10-10", 1, "2026-10-10")]   // a worked Saturday counts
    [InlineData("2026-10-09", 2, "2026-10-10")]
    [InlineData("2026-09-28", 3, "2026-09-30")]   // before the holiday: Monday to Friday as usual
    public void A_notice_counts_the_county_calendar(string start, int days, string end) =>
        Assert.Equal(DateOnly.Parse(end), PublicNotice.EndOf(DateOnly.Parse(start), days, NationalDay2026));

    [Fact]
    public void Without_a_calendar_the_same_notice_counts_monday_to_friday() =>
        Assert.Equal(new DateOnly(2026, 10, 6), PublicNotice.EndOf(new DateOnly(2026, 9, 30), 5));

    private static async Task SetNationalDayAsync(HttpClient county)
    {
        for (var d = 1; d <= 8; d++)
            await (await county.PutJsonAsync($"/api/members/calendar/2026-10-{d:00}", new { isWorkingDay = false, name = "国庆节、中秋节" }))
                .AssertStatusAsync(200);
        await (await county.PutJsonAsync("/api/members/calendar/2026-10-10", new { isWorkingDay = true, name = "调休上班" }))
            .AssertStatusAsync(200);
    }

    private static async Task<DateOnly> NoticeEndAsync(HttpClient township, Guid branch, string startsOn = "2026-09-30")
    {
        var candidate = County.IdOf(await County.CreateAsync(township, County.NewMember(branch, stage: "candidate")));
        var noticed = await (await township.PostJsonAsync($"/api/members/development/{candidate}/public-notices",
            new { startsOn, content = "拟接收预备党员公示" }))
            .AssertStatusAsync(200);
        return DateOnly.Parse(noticed["notices"]![0]!["endsOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_county_calendar_lengthens_its_own_notices_only_and_only_the_county_sets_it()
    {
        var mine = await County.SeedAsync(factory);
        var other = await County.SeedAsync(factory);
        await SetNationalDayAsync(mine.CountyClient);

        Assert.Equal(new DateOnly(2026, 10, 13), await NoticeEndAsync(mine.TownshipA, mine.VillageA1));
        Assert.Equal(new DateOnly(2026, 10, 6), await NoticeEndAsync(other.TownshipA, other.VillageA1));

        var seen = await (await mine.TownshipA.GetAsync("/api/members/calendar?from=2026-01-01&to=2026-12-31")).AssertStatusAsync(200);
        Assert.Equal(9, seen.AsArray().Count);
        Assert.Empty((await (await other.TownshipA.GetAsync("/api/members/calendar?from=2026-01-01&to=2026-12-31")).AssertStatusAsync(200))
            .AsArray());

        // A township reads the calendar but does not set it; bad input changes nothing.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await mine.TownshipA.PutJsonAsync("/api/members/calendar/2026-10-09", new { isWorkingDay = false, name = "x" })).StatusCode);
        await (await mine.CountyClient.PutJsonAsync("/api/members/calendar/2026-10-09", new { isWorkingDay = false, name = " " }))
            .AssertProblemAsync(400, "validation.failed");
        await (await mine.CountyClient.PutJsonAsync("/api/members/calendar/2026-10-09", new { name = "国庆节" }))
            .AssertProblemAsync(400, "validation.failed");
        await (await mine.CountyClient.GetAsync("/api/members/calendar?from=2026-12-31&to=2026-01-01"))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(9,
            (await (await mine.CountyClient.GetAsync("/api/members/calendar?from=2026-01-01&to=2026-12-31")).AssertStatusAsync(200))
            .AsArray().Count);

        // Changing a day keeps one row; withdrawing it restores Monday to Friday; another county cannot withdraw it.
        var changed = await (await mine.CountyClient.PutJsonAsync("/api/members/calendar/2026-10-10",
            new { isWorkingDay = false, name = "取消调休" })).AssertStatusAsync(200);
        Assert.False(changed["isWorkingDay"]!.GetValue<bool>());
        await (await other.CountyClient.DeleteAsync("/api/members/calendar/2026-10-10")).AssertProblemAsync(404, "calendar_days.not_found");
        Assert.Equal(HttpStatusCode.NoContent, (await mine.CountyClient.DeleteAsync("/api/members/calendar/2026-10-10")).StatusCode);
        await (await mine.CountyClient.DeleteAsync("/api/members/calendar/2026-10-10")).AssertProblemAsync(404, "calendar_days.not_found");
        Assert.Equal(8,
            (await (await mine.TownshipA.GetAsync("/api/members/calendar?from=2026-01-01&to=2026-12-31")).AssertStatusAsync(200)).AsArray()
            .Count);

        var audited = await TestMembers.WithDbAsync(factory.Services, db => db.AuditEntries
            .Where(a => a.Entity == "calendar_day"
                && a.OrgPath.StartsWith(db.OrgUnits.Where(u => u.Id == mine.Tree.County).Select(u => u.Path).First()))
            .Select(a => a.Action).ToListAsync());
        Assert.Equal((9, 1, 1), (audited.Count(a => a == "set"), audited.Count(a => a == "changed"), audited.Count(a => a == "withdrawn")));
    }

    private static Task<List<WorkingCalendarDayChanged>> PublishedAsync(MembersFactory factory, Guid county) =>
        TestMembers.WithDbAsync(factory.Services, async db =>
            (await db.OutboxMessages.Where(o => o.Type == typeof(WorkingCalendarDayChanged).FullName)
                .OrderBy(o => o.Id).Select(o => o.Body).ToListAsync())
            .Select(b => JsonSerializer.Deserialize<WorkingCalendarDayChanged>(b, JsonSerializerOptions.Web)!)
                .Where(e => e.UnitId == county).ToList());

    [Fact]
    public async Task Every_change_is_published_for_the_other_services_and_a_withdrawal_keeps_the_day_marked_withdrawn()
    {
        var mine = await County.SeedAsync(factory);
        foreach (var (day, working) in CountyCalendars.SpringFestival2027)
            await (await mine.CountyClient.PutJsonAsync($"/api/members/calendar/{day:yyyy-MM-dd}",
                new { isWorkingDay = working, name = CountyCalendars.NameOf(day, working) }))
                .AssertStatusAsync(200);
        // The same start as the branches and honors notices (NoticeCalendarTests there): 3 February to 16 February.
        Assert.Equal(new DateOnly(2027, 2, 16), await NoticeEndAsync(mine.TownshipA, mine.VillageA1, "2027-02-03"));
        var published = await PublishedAsync(factory, mine.Tree.County);
        Assert.Equal(CountyCalendars.SpringFestival2027.OrderBy(d => d.Key),
            published.Select(e => KeyValuePair.Create(e.Day, e.IsWorkingDay)).OrderBy(d => d.Key));
        Assert.All(published, e => Assert.Equal((1L, false), (e.Version, e.Withdrawn)));
        var countyPath = await TestMembers.WithDbAsync(factory.Services, db =>
            db.OrgUnits.Where(u => u.Id == mine.Tree.County).Select(u => u.Path).FirstAsync());
        Assert.All(published, e => Assert.Equal(countyPath, e.UnitPath));

        // Withdrawing the 11th makes it a working day again (Thursday): the notice ends a day earlier, and the row stays.
        Assert.Equal(HttpStatusCode.NoContent, (await mine.CountyClient.DeleteAsync("/api/members/calendar/2027-02-11")).StatusCode);
        Assert.Equal(new DateOnly(2027, 2, 15), await NoticeEndAsync(mine.TownshipA, mine.VillageA1, "2027-02-03"));
        Assert.True(await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<CalendarDay>().AnyAsync(c => c.UnitId == mine.Tree.County && c.Day == new DateOnly(2027, 2, 11) && c.Withdrawn)));
        var withdrawal = (await PublishedAsync(factory, mine.Tree.County)).Last();
        Assert.Equal((new DateOnly(2027, 2, 11), true, 2L), (withdrawal.Day, withdrawal.Withdrawn, withdrawal.Version));
        Assert.DoesNotContain((await (await mine.TownshipA.GetAsync("/api/members/calendar?from=2027-01-01&to=2027-12-31"))
            .AssertStatusAsync(200)).AsArray(),
            d => d!["day"]!.GetValue<string>() == "2027-02-11");

        // Setting it again revives the same row with the next version.
        await (await mine.CountyClient.PutJsonAsync("/api/members/calendar/2027-02-11", new { isWorkingDay = false, name = "春节" }))
            .AssertStatusAsync(200);
        var again = (await PublishedAsync(factory, mine.Tree.County)).Last();
        Assert.Equal((false, 3L), (again.Withdrawn, again.Version));
        Assert.Equal(new DateOnly(2027, 2, 16), await NoticeEndAsync(mine.TownshipA, mine.VillageA1, "2027-02-03"));
    }
}
