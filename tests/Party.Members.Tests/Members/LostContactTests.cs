using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Branches;
using Party.Contracts.Members;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Jobs;
using Party.Testing;
using Member = Party.Members.Domain.Members.Member;

namespace Party.Members.Tests.Members;

public class LostContactTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    private async Task<T> WithDb<T>(Func<MembersDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<MembersDbContext>());
    }

    private Task<int> SetDates(Guid id, DateOnly? life, DateOnly? dues) => WithDb(db => db.Set<Member>().Where(m => m.Id == id)
        .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastOrganizationLifeOn, life).SetProperty(m => m.LastDuesPaidOn, dues)));

    [Fact]
    public async Task The_daily_check_marks_members_without_organization_life_and_dues_for_six_months_once()
    {
        await using var probe = await EventProbe<MemberStatusChanged>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        // A day far enough ahead that records created now are over six months old by then.
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(400);
        var cutoff = LostContactRule.Cutoff(day, 6);

        async Task<Guid> New(string stage = "full", string? status = null) =>
            County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, stage: stage, status: status)));
        var nothing = await New();
        var recentLife = await New();
        var recentDues = await New();
        var bothAtCutoff = await New();
        var candidate = await New("candidate");
        var mobile = await New(status: "mobile");
        var deceased = await New();
        await SetDates(recentLife, cutoff.AddDays(1), cutoff.AddDays(-100));
        await SetDates(recentDues, cutoff.AddDays(-100), cutoff.AddDays(1));
        await SetDates(bothAtCutoff, cutoff, cutoff);
        await (await a.PostJsonAsync($"/api/members/members/{deceased}/status", new { status = "deceased", reason = "病故" }))
            .AssertStatusAsync(200);

        var marked = await WithDb(db => LostContactCheck.RunAsync(db, day, DateTimeOffset.UtcNow, default));
        Assert.Equal(3, marked);
        var statuses = await WithDb(db =>
            db.Set<Member>().AsNoTracking().Where(m => m.BranchId == county.VillageA1).ToDictionaryAsync(m => m.Id, m => m.Status));
        Assert.Equal(MemberStatus.LostContact, statuses[nothing]);
        Assert.Equal(MemberStatus.LostContact, statuses[bothAtCutoff]);
        Assert.Equal(MemberStatus.LostContact, statuses[mobile]);
        Assert.Equal(MemberStatus.Active, statuses[recentLife]);
        Assert.Equal(MemberStatus.Active, statuses[recentDues]);
        Assert.Equal(MemberStatus.Active, statuses[candidate]);
        Assert.Equal(MemberStatus.Deceased, statuses[deceased]);

        var fromMobile = await probe.WaitForAsync(e => e.MemberId == mobile && e.ToStatus == "lostContact",
            "MemberStatusChanged for the mobile member");
        Assert.Equal("mobile", fromMobile.FromStatus);
        Assert.Equal(county.VillageA1, fromMobile.BranchId);
        await probe.WaitForAsync(e => e.MemberId == nothing && e.ToStatus == "lostContact", "MemberStatusChanged");
        var history = await (await a.GetAsync($"/api/members/members/{nothing}/history")).AssertStatusAsync(200);
        Assert.Contains(history["items"]!.AsArray(), i =>
            i!["action"]!.GetValue<string>() == "status_changed" && i["to"]!.GetValue<string>() == "LostContact");

        // The same day again does not run; the next day finds only the two who were one day short, when the cutoff moved
        // (six months before two consecutive days can be the same date at a month's end).
        Assert.Null(await WithDb(db => LostContactCheck.RunAsync(db, day, DateTimeOffset.UtcNow, default)));
        Assert.Equal(LostContactRule.Cutoff(day.AddDays(1), 6) > cutoff ? 2 : 0,
            await WithDb(db => LostContactCheck.RunAsync(db, day.AddDays(1), DateTimeOffset.UtcNow, default)));
        Assert.Equal(3,
            probe.Messages.Count(e => e.ToStatus == "lostContact" && new[] { nothing, bothAtCutoff, mobile }.Contains(e.MemberId)));
    }
}

/// <summary>A class of its own (its own database), so the lost-contact check above counts only its own members.</summary>
public class OrganizationLifeTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    private async Task<T> WithDb<T>(Func<MembersDbContext, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<MembersDbContext>());
    }

    [Fact]
    public async Task Attending_a_branch_meeting_moves_the_organization_life_date_forward_once()
    {
        var county = await County.SeedAsync(factory);
        var attendee = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1)));
        var absent = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1)));
        var bus = factory.Services.GetRequiredService<IBus>();
        BranchMeetingHeld Meeting(DateOnly on) => new()
        {
            MeetingId = Guid.NewGuid(), BranchId = county.VillageA1, Kind = "themePartyDay", HeldOn = on, Topic = "主题党日",
            Attendees = [attendee], AbsentWithLeave = [], AbsentWithoutLeave = [absent], OccurredAt = DateTimeOffset.UtcNow,
        };
        var later = Meeting(new DateOnly(2026, 9, 15));
        var messageId = NewId.NextGuid();
        await bus.Publish(later, c => c.MessageId = messageId);
        await bus.Publish(later, c => c.MessageId = messageId);
        await bus.Publish(Meeting(new DateOnly(2026, 8, 15)));   // an older meeting arriving late

        await Eventually.TrueAsync(async () =>
            await WithDb(db => db.Set<Member>().AnyAsync(m => m.Id == attendee && m.LastOrganizationLifeOn != null)),
            TimeSpan.FromSeconds(15), "organization life recorded");
        // The older meeting is consumed on the same queue after the later one; once it is in the inbox, nothing further can change.
        await Eventually.TrueAsync(async () =>
            await WithDb(db => db.InboxMessages.CountAsync(i => i.Consumer == "OrganizationLifeConsumer")) >= 2,
            TimeSpan.FromSeconds(15), "both meetings handled");
        var member = await WithDb(db => db.Set<Member>().AsNoTracking().SingleAsync(m => m.Id == attendee));
        Assert.Equal(new DateOnly(2026, 9, 15), member.LastOrganizationLifeOn);
        Assert.Null((await WithDb(db => db.Set<Member>().AsNoTracking().SingleAsync(m => m.Id == absent))).LastOrganizationLifeOn);
        Assert.Equal(2, await WithDb(db => db.InboxMessages.CountAsync(i => i.Consumer == "OrganizationLifeConsumer")));
    }
}
