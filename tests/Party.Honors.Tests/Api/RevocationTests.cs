using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

public class RevocationTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    public static TheoryData<string> Triggers => ["sanction", "veto", "expulsion"];

    [Theory, MemberData(nameof(Triggers))]
    public async Task A_member_event_revokes_the_honor_once_keeps_the_reason_and_clears_the_roll_within_5_s(string trigger)
    {
        var tree = await TreeOf.SeedAsync(factory);
        var (memberId, awardId, year) = await Rounds.AwardedMemberAsync(factory, tree, "周光荣");
        var anonymous = factory.CreateClient();
        var roll = $"/api/honors/roll?org={tree.Township(0)}&year={year}";
        // Warm the cache so the test shows invalidation, not a cold read.
        await Eventually.TrueAsync(async () => (await anonymous.GetStringAsync(roll)).Contains(awardId.ToString()), TimeSpan.FromSeconds(5),
            "award on the roll");
        Assert.Contains(awardId.ToString(), await anonymous.GetStringAsync(roll));

        var messageId = NewId.NextGuid();
        var now = DateTimeOffset.UtcNow;
        object message = trigger switch
        {
            "sanction" => new DisciplineSanctionReported
            {
                SanctionId = Guid.NewGuid(), MemberId = memberId, BranchId = tree.Village(0), Kind = "seriousWarning",
                DecidedOn = new DateOnly(year, 11, 1), Reason = "违规收受礼金", OccurredAt = now,
            },
            "veto" => new MemberVetoed
            {
                MemberId = memberId, BranchId = tree.Village(0), Year = year, Reason = "参与非法集资", Source = "branch", OccurredAt = now,
            },
            _ => new MemberStatusChanged
            {
                MemberId = memberId, BranchId = tree.Village(0), FromStatus = "active", ToStatus = "expelled", Reason = "严重违纪",
                OccurredAt = now,
            },
        };
        var started = DateTime.UtcNow;
        await factory.Bus.Publish(message, message.GetType(), c => c.MessageId = messageId);
        await factory.Bus.Publish(message, message.GetType(), c => c.MessageId = messageId);
        await Eventually.TrueAsync(async () => !(await anonymous.GetStringAsync(roll)).Contains(awardId.ToString()),
            TimeSpan.FromSeconds(5), "revoked honor gone from the roll");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));

        var county = factory.Client(PartyRoles.County, tree.County);
        var award = await (await county.GetAsync($"/api/honors/awards/{awardId}")).AssertStatusAsync(200);
        Assert.Equal("revoked", award["status"]!.GetValue<string>());
        var reason = award["revocationReason"]!.GetValue<string>();
        Assert.Contains(trigger switch { "sanction" => "违规收受礼金", "veto" => "参与非法集资", _ => "严重违纪" }, reason);

        // A marker event on the same queue shows both deliveries were handled before counting.
        var consumer = trigger switch { "sanction" => "DisciplineSanctionReportedConsumer", "veto" => "MemberVetoedConsumer",
            _ => "MemberStatusChangedConsumer" };
        await Eventually.TrueAsync(() =>
            Facts.Db(factory, db => db.InboxMessages.AnyAsync(i => i.MessageId == messageId && i.Consumer == consumer)),
            TimeSpan.FromSeconds(5), "inbox");
        Assert.Equal(1, await Facts.Db(factory,
            db => db.AuditEntries.CountAsync(a => a.EntityId == awardId.ToString() && a.Action == "revoked")));
        Assert.Equal(1, await Facts.OutboxCountAsync(factory, "HonorRevoked", awardId));
        Assert.Equal(1, await Facts.Db(factory, db => db.MemberMarks.CountAsync(m => m.MemberId == memberId)));
    }

    [Fact]
    public async Task Yearly_re_review_keeps_downgrades_with_a_deadline_or_revokes()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var (_, awardId, year) = await Rounds.AwardedMemberAsync(factory, tree, "吴复核");
        var county = factory.Client(PartyRoles.County, tree.County);
        var url = $"/api/honors/awards/{awardId}/re-reviews";
        var due = await (await county.GetAsync($"/api/honors/awards?reReviewDue={year + 1}&pageSize=200")).AssertStatusAsync(200);
        Assert.Contains(due["items"]!.AsArray(), a => a!["id"]!.GetValue<string>() == awardId.ToString());
        Assert.DoesNotContain((await (await county.GetAsync($"/api/honors/awards?reReviewDue={year}&pageSize=200"))
            .AssertStatusAsync(200))["items"]!.AsArray(), a => a!["id"]!.GetValue<string>() == awardId.ToString());
        var invalid = await (await county.PostJsonAsync(url, new { year, outcome = "downgrade" }))
            .AssertProblemAsync(422, "honors.re_review_invalid");
        Assert.NotNull(invalid["errors"]!["deadline_required"]);

        var deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(3);
        var downgraded = await (await county.PostJsonAsync(url,
            new { year, outcome = "downgrade", rectificationDeadline = deadline, reason = "组织生活参加不够" })).AssertStatusAsync(200);
        Assert.Equal("downgraded", downgraded["awardStatus"]!.GetValue<string>());
        await (await county.PostJsonAsync(url, new { year, outcome = "keep" })).AssertProblemAsync(409, "honors.already_re_reviewed");
        var award = await (await county.GetAsync($"/api/honors/awards/{awardId}")).AssertStatusAsync(200);
        Assert.Equal(deadline.ToString("yyyy-MM-dd"), award["rectificationDeadline"]!.GetValue<string>());
        // A downgraded honor is still current: it stays on the roll.
        Assert.Contains(awardId.ToString(), await factory.CreateClient().GetStringAsync($"/api/honors/roll?org={tree.County}&year={year}"));

        var revoked = await (await county.PostJsonAsync(url, new { year = year + 1, outcome = "revoke", reason = "整改期满仍未整改" }))
            .AssertStatusAsync(200);
        Assert.DoesNotContain((await (await county.GetAsync($"/api/honors/awards?reReviewDue={year + 1}&pageSize=200"))
            .AssertStatusAsync(200))["items"]!.AsArray(), a => a!["id"]!.GetValue<string>() == awardId.ToString());
        Assert.Equal("revoked", revoked["awardStatus"]!.GetValue<string>());
        await (await county.PostJsonAsync(url, new { year = year + 2, outcome = "keep" }))
            .AssertProblemAsync(422, "honors.re_review_invalid");
        Assert.Equal(1, await Facts.OutboxCountAsync(factory, "HonorRevoked", awardId));
        Assert.DoesNotContain(awardId.ToString(),
            await factory.CreateClient().GetStringAsync($"/api/honors/roll?org={tree.County}&year={year}"));
        var history = await (await county.GetAsync(url)).AssertStatusAsync(200);
        Assert.Equal(["downgrade", "revoke"], history.AsArray().Select(h => h!["outcome"]!.GetValue<string>()).ToArray());
        await (await factory.Client(PartyRoles.Township, tree.Township(0)).PostJsonAsync(url, new { year = year + 3, outcome = "keep" }))
            .AssertStatusAsync(403);
    }
}
