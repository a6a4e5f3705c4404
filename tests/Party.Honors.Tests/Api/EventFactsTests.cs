using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.ResidentCadres;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

public class EventFactsTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    [Fact]
    public async Task Star_ratings_decide_organization_secretary_and_demonstration_site_eligibility()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var secretary = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, secretary, tree.Village(0), "褚书记");
        await Facts.RatingAsync(factory, tree.Village(0), 2025, 5, secretary);
        await Facts.RatingAsync(factory, tree.Village(0, 1), 2025, 3);

        async Task<string[]> Reasons(string type, Guid subject) =>
            (await (await township.GetAsync($"/api/honors/eligibility?type={type}&subjectId={subject}"))
                .AssertStatusAsync(200))["reasons"]!.AsArray()
                .Select(r => r!["code"]!.GetValue<string>()).ToArray();

        Assert.Empty(await Reasons("model-secretary", secretary));
        Assert.Empty(await Reasons("advanced-organization", tree.Village(0)));
        Assert.Empty(await Reasons("demonstration-site", tree.Village(0)));
        Assert.Equal(["rating_below_minimum"], await Reasons("advanced-organization", tree.Village(0, 1)));
        Assert.Equal(["rating_below_minimum"], await Reasons("demonstration-site", tree.Village(0, 1)));

        // A later rating naming someone else ends the secretary's position; a later lower rating ends ★5.
        await Facts.RatingAsync(factory, tree.Village(0), 2026, 4, Guid.NewGuid());
        Assert.Equal(["not_a_secretary"], await Reasons("model-secretary", secretary));
        Assert.Empty(await Reasons("advanced-organization", tree.Village(0)));
    }

    [Fact]
    public async Task A_star_of_month_nomination_arrives_as_an_event_once_and_is_checked_against_the_closed_month()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var good = Guid.NewGuid();
        var violator = Guid.NewGuid();
        await factory.Bus.Publish(new MonthlyAttendanceClosed
        {
            CloseId = Guid.NewGuid(), TownshipId = tree.Township(0), Year = 2026, Month = 10, OccurredAt = DateTimeOffset.UtcNow,
            Cadres =
            [
                new CadreMonthAttendance { CadreId = good, CadreName = "卫驻村", VillageId = tree.Village(0), InVillageDays = 24,
                    RequiredDays = 22, Compliant = true, Violations = 0 },
                new CadreMonthAttendance { CadreId = violator, CadreName = "蒋缺勤", VillageId = tree.Village(0, 1), InVillageDays = 23,
                    RequiredDays = 22, Compliant = true, Violations = 0 },
            ],
        });
        // The violation arrives separately (a spot check recorded after the close).
        await factory.Bus.Publish(new CadreViolationRecorded
        {
            ViolationId = Guid.NewGuid(), CadreId = violator, VillageId = tree.Village(0, 1), Day = new DateOnly(2026, 10, 14),
            Kind = "absence", Detail = "抽查不在岗", OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() =>
            Facts.Db(factory, async db => await db.CadreMonths.CountAsync(c => c.CadreId == good || c.CadreId == violator) == 2
            && await db.CadreViolations.AnyAsync(v => v.CadreId == violator)), TimeSpan.FromSeconds(10), "attendance facts");

        var goodNomination = new StarOfMonthNominated
        {
            NominationId = Guid.NewGuid(), CadreId = good, CadreName = "卫驻村", VillageId = tree.Village(0), TownshipId = tree.Township(0),
            Year = 2026, Month = 10, OccurredAt = DateTimeOffset.UtcNow,
        };
        var badNomination = goodNomination with { NominationId = Guid.NewGuid(), CadreId = violator, CadreName = "蒋缺勤",
            VillageId = tree.Village(0, 1) };
        var messageId = NewId.NextGuid();
        await factory.Bus.Publish(goodNomination, c => c.MessageId = messageId);
        await factory.Bus.Publish(goodNomination, c => c.MessageId = messageId);
        await factory.Bus.Publish(badNomination);

        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var nomination = await Eventually.ResultAsync(async () =>
            await township.GetAsync($"/api/honors/nominations/{goodNomination.NominationId}"),
            r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(10), "star-of-month nomination");
        var body = await nomination.AssertStatusAsync(200);
        Assert.Equal("underReview", body["status"]!.GetValue<string>());
        Assert.Equal("star-of-month", body["honorTypeCode"]!.GetValue<string>());
        Assert.Equal(10, body["month"]!.GetValue<int>());
        var rejected = await Eventually.ResultAsync(async () =>
            await township.GetAsync($"/api/honors/nominations/{badNomination.NominationId}"),
            r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(10), "rejected star-of-month nomination");
        var rejectedBody = await rejected.AssertStatusAsync(200);
        Assert.Equal("rejected", rejectedBody["status"]!.GetValue<string>());
        Assert.Contains("违规", rejectedBody["rejectionReason"]!.GetValue<string>());
        Assert.Equal(1, await Facts.Db(factory, db => db.Nominations.CountAsync(n => n.SubjectId == good)));
        await (await factory.Client(PartyRoles.Township, tree.Township(1))
            .GetAsync($"/api/honors/nominations/{goodNomination.NominationId}"))
            .AssertProblemAsync(404, "nominations.not_found");

        // The same check through the API for a month not yet closed.
        var open = await (await township.GetAsync($"/api/honors/eligibility?type=star-of-month&subjectId={good}&year=2026&month=11"))
            .AssertStatusAsync(200);
        Assert.Equal("month_not_closed", open["reasons"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_month_split_by_a_move_is_compliant_only_when_both_townships_closes_say_so_in_either_order()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var county = factory.Client(PartyRoles.County, tree.County);
        async Task<string[]> Reasons(Guid cadre) =>
            (await (await county.GetAsync($"/api/honors/eligibility?type=star-of-month&subjectId={cadre}&year=2026&month=9"))
                .AssertStatusAsync(200))["reasons"]!.AsArray()
                .Select(r => r!["code"]!.GetValue<string>()).ToArray();
        MonthlyAttendanceClosed Close(Guid township, Guid village, Guid cadre, int inVillage, int required) => new()
        {
            CloseId = Guid.NewGuid(), TownshipId = township, Year = 2026, Month = 9, OccurredAt = DateTimeOffset.UtcNow,
            Cadres = [new CadreMonthAttendance { CadreId = cadre, CadreName = "调动", VillageId = village, InVillageDays = inVillage,
                RequiredDays = required, Compliant = inVillage >= required, Violations = 0 }],
        };
        // Moved on the 10th: 9 days in the first township (7 required, met), 21 in the second (16 required, 15 met).
        var (firstThenSecond, secondThenFirst) = (Guid.NewGuid(), Guid.NewGuid());
        await factory.Bus.Publish(Close(tree.Township(0), tree.Village(0), firstThenSecond, 9, 7));
        await factory.Bus.Publish(Close(tree.Township(1), tree.Village(1), firstThenSecond, 15, 16));
        await factory.Bus.Publish(Close(tree.Township(1), tree.Village(1), secondThenFirst, 15, 16));
        await factory.Bus.Publish(Close(tree.Township(0), tree.Village(0), secondThenFirst, 9, 7));
        await Eventually.TrueAsync(() =>
            Facts.Db(factory, async db =>
                await db.CadreMonths.CountAsync(c => c.CadreId == firstThenSecond || c.CadreId == secondThenFirst) == 4),
            TimeSpan.FromSeconds(10), "both closes of both cadres received");
        Assert.Equal(["attendance_not_compliant"], await Reasons(firstThenSecond));
        Assert.Equal(["attendance_not_compliant"], await Reasons(secondThenFirst));
    }

    [Fact]
    public async Task A_guesthouse_application_needs_licence_six_months_and_all_ten_leads_and_seven_reviewers()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var owner = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, owner, tree.Village(0), "杨店主", grade: "qualified");
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var today = factory.Clock.Today();
        var allLeads = new[] { "publicWelfare", "discipline", "fairPrices", "customsReform", "environment", "kindness", "hospitality",
            "commonProsperity", "innovation", "civilizedTourism" };

        var refused = await (await township.PostJsonAsync("/api/honors/nominations", new
        {
            honorTypeCode = "model-guesthouse", deeds = "诚信经营，带动周边农户。",
            guesthouse = new { name = "杨家农家宾馆", ownerMemberId = owner, businessLicence = "", openedOn = today.AddMonths(-6).AddDays(1),
                leadsMet = allLeads[..9] },
        })).AssertProblemAsync(422, "honors.not_eligible");
        Assert.Equal(["leads_not_all_met", "no_business_licence", "operating_too_short"],
            refused["errors"]!.AsObject().Select(e => e.Key).Order().ToArray());

        var created = await (await township.PostJsonAsync("/api/honors/nominations", new
        {
            honorTypeCode = "model-guesthouse", deeds = "诚信经营，带动周边农户。",
            guesthouse = new { name = "杨家农家宾馆", ownerMemberId = owner, businessLicence = "92510000MA000001", openedOn = today.AddMonths(-6),
                leadsMet = allLeads },
        })).AssertStatusAsync(201);
        Assert.Equal("杨家农家宾馆", created["subjectName"]!.GetValue<string>());
        Assert.Equal("guesthouse", created["subjectKind"]!.GetValue<string>());
        Assert.Equal(7, created["requiredReviewers"]!.AsArray().Count);
        Assert.Equal(10, created["leadsMet"]!.AsArray().Count);
    }
}
