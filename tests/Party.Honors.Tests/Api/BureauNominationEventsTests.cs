using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Honors;
using Party.Contracts.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>
/// The events the bureaus' webhooks need while a nomination is open: awaiting opinion (to the reviewing units the type
/// requires) and a sanctioned member nominated (to the discipline commission). Each is an outbox row of the very
/// transaction that made the change, so a refused write leaves none and a sanction sent again adds none.
/// </summary>
public class BureauNominationEventsTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    private static readonly string[] AllLeads =
        ["publicWelfare", "discipline", "fairPrices", "customsReform", "environment", "kindness", "hospitality", "commonProsperity",
            "innovation", "civilizedTourism"];

    [Fact]
    public async Task A_nomination_awaits_the_opinion_of_its_reviewers_only_when_it_is_created()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), "王评议");
        var township = factory.Client(PartyRoles.Township, tree.Township(0));

        var id = Guid.Parse((await Rounds.NominateMemberAsync(township, memberId))["id"]!.GetValue<string>());
        var awaiting = Assert.Single(await OutboxAsync<NominationAwaitingReview>(id));
        Assert.Equal((memberId, "王评议", tree.Village(0), "excellent-member", "优秀共产党员"),
            (awaiting.SubjectId, awaiting.SubjectName, awaiting.OrgUnitId, awaiting.HonorTypeCode, awaiting.HonorName));
        Assert.Equal(["disciplineCommission", "politicalLegalCommittee", "publicSecurity"], awaiting.RequiredReviewers);
        Assert.Equal(Rounds.MemberBureaus.Order(), awaiting.ReviewerClients.Order());
        Assert.Equal(["discipline", "political-legal", "public-security"], awaiting.ReviewerBureaus);
        Assert.Empty(await OutboxAsync<SanctionedMemberNominated>(id));

        // Refused writes publish nothing: a second nomination of the same member, an ineligible one.
        await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = memberId, deeds = "再次推荐。" }))
            .AssertProblemAsync(409, "honors.duplicate_nomination");
        var qualified = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, qualified, tree.Village(0), "赵合格", grade: "qualified");
        await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = qualified, deeds = "事迹。" }))
            .AssertProblemAsync(422, "honors.not_eligible");
        Assert.Equal(1, await Facts.OutboxCountAsync(factory, nameof(NominationAwaitingReview), memberId));
        Assert.Equal(0, await Facts.OutboxCountAsync(factory, nameof(NominationAwaitingReview), qualified));
    }

    [Fact]
    public async Task The_discipline_commission_hears_of_a_sanctioned_owner_nominated_and_of_a_sanction_on_an_open_nomination_once()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var today = factory.Clock.Today();

        // A guesthouse owner sanctioned this year: the guesthouse rules do not bar it, so the nomination stands and is flagged.
        var owner = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, owner, tree.Village(0), "钱店主", grade: "qualified");
        var earlier = await SanctionAsync(owner, tree.Village(0), today.AddDays(-30), NewId.NextGuid());
        var guesthouse = await (await township.PostJsonAsync("/api/honors/nominations", new
        {
            honorTypeCode = "model-guesthouse", deeds = "诚信经营，带动周边农户。",
            guesthouse = new { name = "钱家农家宾馆", ownerMemberId = owner, businessLicence = "92510000MA000002", openedOn = today.AddMonths(-7),
                leadsMet = AllLeads },
        })).AssertStatusAsync(201);
        var guesthouseId = Guid.Parse(guesthouse["id"]!.GetValue<string>());
        var flagged = Assert.Single(await OutboxAsync<SanctionedMemberNominated>(guesthouseId));
        Assert.Equal(("nominated", owner, "guesthouse", "underReview", tree.Village(0)),
            (flagged.Trigger, flagged.MemberId, flagged.SubjectKind, flagged.NominationStatus, flagged.OrgUnitId));
        Assert.Equal([earlier], flagged.SanctionIds);
        var awaitingGuesthouse = Assert.Single(await OutboxAsync<NominationAwaitingReview>(guesthouseId));
        Assert.Equal((7, 7), (awaitingGuesthouse.ReviewerClients.Count, awaitingGuesthouse.ReviewerBureaus.Count));

        // A clean member nominated, then sanctioned while the nomination is open: flagged once, however often the sanction arrives.
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0, 1), "孙先进");
        var nominationId = Guid.Parse((await Rounds.NominateMemberAsync(township, memberId))["id"]!.GetValue<string>());
        Assert.Empty(await OutboxAsync<SanctionedMemberNominated>(nominationId));
        var sanctionId = await SanctionAsync(memberId, tree.Village(0, 1), today, NewId.NextGuid());
        var late = Assert.Single(await OutboxAsync<SanctionedMemberNominated>(nominationId));
        Assert.Equal(("sanctioned", memberId, "member", "excellent-member"),
            (late.Trigger, late.MemberId, late.SubjectKind, late.HonorTypeCode));
        Assert.Equal([sanctionId], late.SanctionIds);
        Assert.Equal(1, await Facts.Db(factory, db => db.MemberMarks.CountAsync(m => m.MemberId == memberId)));
        // The same sanction under a new message id is still one sanction: no second event.
        await SanctionAsync(memberId, tree.Village(0, 1), today, NewId.NextGuid(), sanctionId);
        Assert.Single(await OutboxAsync<SanctionedMemberNominated>(nominationId));

        // A decided nomination is not reopened by a later sanction.
        var rejected = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, rejected, tree.Village(0, 1), "李已否");
        var rejectedId = Guid.Parse((await Rounds.NominateMemberAsync(township, rejected))["id"]!.GetValue<string>());
        await (await factory.Client(PartyRoles.County, tree.County)
            .PostJsonAsync($"/api/honors/nominations/{rejectedId}/reject", new { reason = "名额已满。" }))
            .AssertStatusAsync(200);
        await SanctionAsync(rejected, tree.Village(0, 1), today, NewId.NextGuid());
        Assert.Empty(await OutboxAsync<SanctionedMemberNominated>(rejectedId));
    }

    /// <summary>Publishes a sanction and waits until its consumer handled that message (the inbox row commits with its effects).</summary>
    private async Task<Guid> SanctionAsync(Guid memberId, Guid branch, DateOnly decidedOn, Guid messageId, Guid? sanctionId = null)
    {
        var id = sanctionId ?? Guid.NewGuid();
        await factory.Bus.Publish(new DisciplineSanctionReported
        {
            SanctionId = id, MemberId = memberId, BranchId = branch, Kind = "warning", DecidedOn = decidedOn, Reason = "违反廉洁纪律",
            OccurredAt = DateTimeOffset.UtcNow,
        }, c => c.MessageId = messageId);
        await Eventually.TrueAsync(() =>
            Facts.Db(factory, db => db.InboxMessages.AnyAsync(i => i.MessageId == messageId
                && i.Consumer == "DisciplineSanctionReportedConsumer")),
            TimeSpan.FromSeconds(10), "sanction handled");
        return id;
    }

    private Task<List<T>> OutboxAsync<T>(Guid nominationId) => Facts.Db(factory, async db =>
        (await db.OutboxMessages.Where(o => o.Type == typeof(T).FullName).Select(o => o.Body).ToListAsync())
        .Where(b => b.Contains(nominationId.ToString()))
        .Select(b => JsonSerializer.Deserialize<T>(b, JsonSerializerOptions.Web)!).ToList());
}
