using Party.Webhooks.Domain.Events;

namespace Party.Webhooks.Tests.Domain;

public class EventKindsTests
{
    // The bureaus of SPEC §7 with their scopes, as the identity service grants them.
    [Theory]
    [InlineData(new[] { "discipline.report", "honors.review" },
        new[] { "honor.awarded", "honor.revoked", "nomination.awaiting-opinion", "nomination.sanctioned-member", "sanction.reported" })]
    [InlineData(new[] { "discipline.report" }, new[] { "honor.revoked", "nomination.sanctioned-member", "sanction.reported" })]
    [InlineData(new[] { "finance.payments" }, new[] { "stipend-payment.due", "stipend-statements.approved", "subsidies.approved" })]
    [InlineData(new[] { "villages.report" }, new[] { "village.changed", "village.dissolved", "village.registered" })]
    [InlineData(new[] { "honors.review" }, new[] { "honor.awarded", "nomination.awaiting-opinion" })]
    [InlineData(new[] { "pii.read", "openid" }, new string[0])]
    [InlineData(new string[0], new string[0])]
    public void A_client_may_subscribe_to_the_kinds_of_its_scopes_only(string[] scopes, string[] kinds) =>
        Assert.Equal(kinds, EventKinds.AllowedFor(scopes).Select(k => k.Name).Order().ToArray());

    [Fact]
    public void Every_kind_names_a_bureau_scope_and_has_a_chinese_title()
    {
        var scopes = new[] { Scopes.DisciplineReport, Scopes.HonorsReview, Scopes.FinancePayments, Scopes.VillagesReport };
        Assert.All(EventKinds.All, k =>
        {
            Assert.Contains(k.Scope, scopes);
            Assert.Contains(k.Title, t => t > '\u4e00');
        });
        Assert.Equal(EventKinds.All.Count, EventKinds.All.Select(k => k.Name).Distinct().Count());
    }

    [Fact]
    public void No_payload_carries_a_citizen_id_or_a_phone()
    {
        var payloads = typeof(WebhookPayloads).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(EventKinds).Namespace && t.Name.EndsWith("Data") && t != typeof(WebhookEventData));
        var fields = payloads.SelectMany(t => t.GetProperties()).Select(p => p.Name.ToLowerInvariant()).ToList();
        Assert.NotEmpty(fields);
        Assert.DoesNotContain(fields, f => f.Contains("citizen") || f.Contains("idnumber") || f.Contains("mobile") || f.Contains("phone"));
    }

    [Theory]
    [InlineData("RuralVillage", "Branch", true)]
    [InlineData("RuralVillage", "GeneralBranch", true)]
    [InlineData("Community", "Branch", false)]
    [InlineData("RuralVillage", "TownshipCommittee", false)]
    [InlineData("GovernmentOrgan", "CountyCommittee", false)]
    public void Only_village_units_reach_the_agriculture_bureau(string domain, string kind, bool delivered)
    {
        var unit = new Party.Contracts.Branches.OrgUnitSnapshot
        {
            OrgUnitId = Guid.NewGuid(), Code = "C", Name = "东村党支部", Kind = kind, Domain = domain, Path = "/a/", Dissolved = false,
            Version = 1,
        };
        Assert.Equal(delivered, WebhookPayloads.FromOrgUnit(EventKinds.VillageRegistered, unit, DateTimeOffset.UnixEpoch) is not null);
    }

    [Fact]
    public void A_nomination_awaiting_opinion_is_addressed_to_the_reviewers_it_needs_and_the_others_are_for_every_subscriber_in_scope()
    {
        var awaiting = WebhookPayloads.From(new Party.Contracts.Honors.NominationAwaitingReview
        {
            NominationId = Guid.NewGuid(), HonorTypeCode = "excellent-member", HonorName = "优秀共产党员", Level = "county", Year = 2026,
            SubjectKind = "member", SubjectId = Guid.NewGuid(), SubjectName = "张三", OrgUnitId = Guid.NewGuid(),
            RequiredReviewers = ["disciplineCommission", "publicSecurity"],
            ReviewerClients = ["discipline-commission", "public-security"], OccurredAt = DateTimeOffset.UnixEpoch,
        });
        Assert.Equal(["discipline-commission", "public-security"], awaiting.Audience);
        Assert.Equal(EventKinds.NominationAwaitingOpinion, awaiting.Kind);
        Assert.Equal(Scopes.HonorsReview, EventKinds.Find(awaiting.Kind)!.Scope);
        var due = WebhookPayloads.From(new Party.Contracts.ResidentCadres.StipendPaymentDue
        {
            StatementId = Guid.NewGuid(), CloseId = Guid.NewGuid(), CadreId = Guid.NewGuid(), VillageId = Guid.NewGuid(), Year = 2026,
            Month = 3, Kind = "regular",
            Total = 2700m, ApprovedOn = new DateOnly(2026, 4, 1), DueOn = new DateOnly(2026, 4, 16), OccurredAt = DateTimeOffset.UnixEpoch,
        });
        Assert.Null(due.Audience);
        Assert.Equal(Scopes.FinancePayments, EventKinds.Find(due.Kind)!.Scope);
        Assert.Equal(due.OrgUnitId, ((StipendPaymentDueData)due.Data).VillageId);
    }

    /// <summary>A payload's links are the versioned bureau routes the guides teach (docs/bureaus/versioning.md), never the portal's
    /// unversioned ones.</summary>
    [Fact]
    public void Payload_links_point_at_the_versioned_bureau_routes()
    {
        var (nomination, statement, close) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var approved = (StipendStatementsApprovedData)WebhookPayloads.From(new Party.Contracts.ResidentCadres.StipendStatementsApproved
        {
            CloseId = close, TownshipId = Guid.NewGuid(), Year = 2026, Month = 3, Statements = 2, Total = 5400m,
            OccurredAt = DateTimeOffset.UnixEpoch,
        }).Data;
        Assert.Equal("/api/v1/resident-cadres/payments?year=2026&month=3", approved.PaymentsUrl);
        var due = (StipendPaymentDueData)WebhookPayloads.From(new Party.Contracts.ResidentCadres.StipendPaymentDue
        {
            StatementId = statement, CloseId = close, CadreId = Guid.NewGuid(), VillageId = Guid.NewGuid(), Year = 2026, Month = 3,
            Kind = "regular",
            Total = 2700m, ApprovedOn = new DateOnly(2026, 4, 1), DueOn = new DateOnly(2026, 4, 16), OccurredAt = DateTimeOffset.UnixEpoch,
        }).Data;
        Assert.Equal($"/api/v1/resident-cadres/payments/{statement}/confirm", due.ConfirmUrl);
        var awaiting = (NominationAwaitingOpinionData)WebhookPayloads.From(new Party.Contracts.Honors.NominationAwaitingReview
        {
            NominationId = nomination, HonorTypeCode = "party-worker", HonorName = "优秀党务工作者", Level = "county", Year = 2026,
            SubjectKind = "member",
            SubjectId = Guid.NewGuid(), SubjectName = "张三", OrgUnitId = Guid.NewGuid(), RequiredReviewers = ["disciplineCommission"],
            ReviewerClients = ["discipline-commission"], OccurredAt = DateTimeOffset.UnixEpoch,
        }).Data;
        Assert.Equal($"/api/v1/honors/nominations/{nomination}/opinions", awaiting.OpinionUrl);
        var sanctioned = (SanctionedMemberNominatedData)WebhookPayloads.From(new Party.Contracts.Honors.SanctionedMemberNominated
        {
            NominationId = nomination, HonorTypeCode = "party-worker", HonorName = "优秀党务工作者", Year = 2026, NominationStatus = "underReview",
            SubjectKind = "member", SubjectId = Guid.NewGuid(), MemberId = Guid.NewGuid(), OrgUnitId = Guid.NewGuid(),
            SanctionIds = [Guid.NewGuid()], Trigger = "nominated", OccurredAt = DateTimeOffset.UnixEpoch,
        }).Data;
        Assert.Equal($"/api/v1/honors/nominations/{nomination}", sanctioned.NominationUrl);
        var subsidies = (SubsidiesApprovedData)WebhookPayloads.From(new Party.Contracts.Branches.SubsidiesApproved
        {
            CountyId = Guid.NewGuid(), Year = 2026, Entries = 14, Total = 85_000m, OccurredAt = DateTimeOffset.UnixEpoch,
        }).Data;
        Assert.Equal("/api/v1/branches/subsidies?year=2026&status=approved", subsidies.SubsidiesUrl);
        // Every link-carrying payload is covered above: a new one must be added here too.
        var linked = typeof(WebhookPayloads).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(EventKinds).Namespace && t.Name.EndsWith("Data"))
            .Where(t => t.GetProperties().Any(p => p.Name.EndsWith("Url"))).Select(t => t.Name).Order();
        Assert.Equal([nameof(NominationAwaitingOpinionData), nameof(SanctionedMemberNominatedData), nameof(StipendPaymentDueData),
            nameof(StipendStatementsApprovedData), nameof(SubsidiesApprovedData)], linked);
    }
}
