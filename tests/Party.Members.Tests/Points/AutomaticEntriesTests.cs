using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Branches;
using Party.Contracts.Honors;
using Party.Contracts.Members;
using Party.Members.Domain.Points;
using Party.Testing;

namespace Party.Members.Tests.Points;

public class AutomaticEntriesTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    private IBus Bus => factory.Services.GetRequiredService<IBus>();

    private Task<List<PointsEntry>> EntriesOf(Guid member) =>
        TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<PointsEntry>().AsNoTracking().Where(e => e.MemberId == member).OrderBy(e => e.CreatedAt).ToListAsync());

    private Task<List<PointsEntry>> WaitForEntries(Guid member, int count, string what) =>
        Eventually.ResultAsync(() => EntriesOf(member), l => l.Count >= count, TimeSpan.FromSeconds(15), what);

    private static BranchMeetingHeld Meeting(Guid branch, params Guid[] absentWithoutLeave) => new()
    {
        MeetingId = Guid.NewGuid(), BranchId = branch, Kind = "themePartyDay", HeldOn = new DateOnly(2026, 4, 15), Topic = "主题党日",
        Attendees = [], AbsentWithLeave = [], AbsentWithoutLeave = absentWithoutLeave, OccurredAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task An_absence_without_leave_becomes_one_proposed_deduction_even_when_delivered_twice()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 1);
        var branch = tree.Townships[0].Villages[0];
        var absent = await TestMembers.AddAsync(factory.Services, branch, "缺席者");
        var excused = await TestMembers.AddAsync(factory.Services, branch, "请假者");
        var marker = await TestMembers.AddAsync(factory.Services, branch, "标记");
        var meeting = Meeting(branch, absent) with { AbsentWithLeave = [excused] };
        var messageId = NewId.NextGuid();
        await Bus.Publish(meeting, c => c.MessageId = messageId);
        await Bus.Publish(meeting, c => c.MessageId = messageId);
        // The same meeting re-published under a new message id (e.g. an outbox replay after a crash) still lands once.
        await Bus.Publish(meeting);
        await Bus.Publish(Meeting(branch, marker));

        await WaitForEntries(marker, 1, "marker absence proposed");
        await Eventually.TrueAsync(async () => await TestMembers.WithDbAsync(factory.Services, db =>
                db.InboxMessages.CountAsync(i => i.Consumer == nameof(Party.Members.Consumers.BranchMeetingAbsenceConsumer))) >= 3,
            TimeSpan.FromSeconds(15), "all deliveries handled");
        var entry = Assert.Single(await EntriesOf(absent));
        Assert.Equal((PointKind.Deduction, 5m, EntryStatus.Proposed, EntrySource.Automatic, 2026),
            (entry.Kind, entry.Points, entry.Status, entry.Source, entry.Year));
        Assert.Equal(new DateOnly(2026, 4, 15), entry.WindowStart);
        Assert.Equal("2026-04-15 主题党日 无故缺席", entry.Description);
        Assert.Empty(await EntriesOf(excused));
    }

    [Fact]
    public async Task An_absence_for_a_settled_half_year_or_closed_year_is_recorded_as_rejected_instead_of_waiting_for_a_review()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 3);
        var (frozenBranch, closedBranch, openBranch) = (tree.Townships[0].Villages[0], tree.Townships[0].Villages[1],
            tree.Townships[0].Villages[2]);
        var inFrozen = await TestMembers.AddAsync(factory.Services, frozenBranch, "半年已冻结");
        var inClosed = await TestMembers.AddAsync(factory.Services, closedBranch, "年度已评定");
        var inOpen = await TestMembers.AddAsync(factory.Services, openBranch, "仍可审核");
        await TestMembers.WithDbAsync(factory.Services, async db =>
        {
            db.Add(new HalfYearReview
            {
                Id = Guid.NewGuid(), BranchId = frozenBranch, OrgPath = "/", Year = 2026, Half = 1, Status = HalfYearStatus.Frozen,
                FeedbackSentOn = new DateOnly(2026, 6, 20), AppealDeadline = new DateOnly(2026, 6, 27), CreatedAt = DateTimeOffset.UtcNow,
            });
            // The second half of the frozen branch is still open: only the settled half refuses.
            db.Add(new YearClose { Id = Guid.NewGuid(), BranchId = closedBranch, OrgPath = "/", Year = 2026, RulesId = 1,
                BatchId = Guid.NewGuid(), ClosedAt = DateTimeOffset.UtcNow, ClosedBy = "test" });
            return await db.SaveChangesAsync();
        });

        await Bus.Publish(Meeting(frozenBranch, inFrozen));
        await Bus.Publish(Meeting(frozenBranch, inFrozen) with { HeldOn = new DateOnly(2026, 7, 10) });
        await Bus.Publish(Meeting(closedBranch, inClosed));
        await Bus.Publish(Meeting(openBranch, inOpen));

        var frozen = await WaitForEntries(inFrozen, 2, "both absences of the frozen branch recorded");
        var april = frozen.Single(e => e.OccurredOn.Month == 4);
        Assert.Equal((EntryStatus.Rejected, "system"), (april.Status, april.ReviewedBy));
        Assert.Contains("自动登记不再计入", april.ReviewReason);
        Assert.Equal(EntryStatus.Proposed, frozen.Single(e => e.OccurredOn.Month == 7).Status);
        Assert.Equal(EntryStatus.Rejected, Assert.Single(await WaitForEntries(inClosed, 1, "closed-year absence recorded")).Status);
        Assert.Equal(EntryStatus.Proposed, Assert.Single(await WaitForEntries(inOpen, 1, "open absence proposed")).Status);
    }

    private static HonorAwarded Award(Guid member, Guid org, string level) => new()
    {
        AwardId = Guid.NewGuid(), HonorTypeCode = "excellent-member", HonorName = "优秀共产党员", Level = level, SubjectKind = "member",
        SubjectId = member,
        OrgUnitId = org, Year = 2026, Batch = "2026 七一表彰", OccurredAt = new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero),
    };

    private static HonorRevoked Revoke(HonorAwarded a) => new()
    {
        AwardId = a.AwardId, HonorTypeCode = a.HonorTypeCode, Level = a.Level, SubjectKind = "member", SubjectId = a.SubjectId,
        OrgUnitId = a.OrgUnitId,
        Year = a.Year, Reason = "受到党纪处分", OccurredAt = DateTimeOffset.UtcNow,
    };

    [Theory]
    [InlineData("county", 5)]
    [InlineData("city", 8)]
    [InlineData("province", 10)]
    [InlineData("national", 15)]
    public async Task An_honor_proposes_a_contribution_by_level(string level, decimal points)
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 1);
        var member = await TestMembers.AddAsync(factory.Services, tree.Townships[0].Villages[0], "先进");
        var award = Award(member, tree.Townships[0].Villages[0], level);
        var id = NewId.NextGuid();
        await Bus.Publish(award, c => c.MessageId = id);
        await Bus.Publish(award, c => c.MessageId = id);
        var entry = Assert.Single(await WaitForEntries(member, 1, "honor contribution"));
        Assert.Equal((PointKind.Contribution, points, EntryStatus.Proposed), (entry.Kind, entry.Points, entry.Status));
    }

    [Theory]
    [InlineData("secretary", "model-secretary", "county", 5)]
    [InlineData("member", "external", "national", 15)]
    public async Task A_model_secretary_s_honor_and_an_external_honor_earn_points_and_lose_them_on_revocation(string subjectKind,
        string type, string level, decimal points)
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 1);
        var member = await TestMembers.AddAsync(factory.Services, tree.Townships[0].Villages[0], "书记标兵");
        var award = Award(member, tree.Townships[0].Villages[0], level) with { SubjectKind = subjectKind, HonorTypeCode = type };
        await Bus.Publish(award);
        var entry = Assert.Single(await WaitForEntries(member, 1, "honor contribution"));
        Assert.Equal((PointKind.Contribution, points, EntryStatus.Proposed), (entry.Kind, entry.Points, entry.Status));
        await Bus.Publish(Revoke(award) with { SubjectKind = subjectKind });
        await Eventually.ResultAsync(async () => Assert.Single(await EntriesOf(member)), e => e.Status == EntryStatus.Rejected,
            TimeSpan.FromSeconds(15), "contribution withdrawn with the honor");
    }

    [Fact]
    public async Task A_revoked_honor_reverses_an_approved_contribution_and_withdraws_a_proposed_one()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 1);
        var branch = tree.Townships[0].Villages[0];
        var approvedMember = await TestMembers.AddAsync(factory.Services, branch, "已审核");
        var proposedMember = await TestMembers.AddAsync(factory.Services, branch, "待审核");
        var first = Award(approvedMember, branch, "city");
        var second = Award(proposedMember, branch, "county");
        await Bus.Publish(first);
        await Bus.Publish(second);
        var original = Assert.Single(await WaitForEntries(approvedMember, 1, "first award"));
        await WaitForEntries(proposedMember, 1, "second award");
        await TestMembers.WithDbAsync(factory.Services, db => db.Set<PointsEntry>().Where(e => e.Id == original.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, EntryStatus.Approved)));

        await Bus.Publish(Revoke(first));
        await Bus.Publish(Revoke(second));
        var reversed = await WaitForEntries(approvedMember, 2, "reversal proposed");
        var reversal = reversed.Single(e => e.Id != original.Id);
        Assert.Equal((-8m, EntryStatus.Proposed, original.Id), (reversal.Points, reversal.Status, reversal.ReversesEntryId!.Value));
        var withdrawn = await Eventually.ResultAsync(async () => Assert.Single(await EntriesOf(proposedMember)),
            e => e.Status == EntryStatus.Rejected, TimeSpan.FromSeconds(15), "proposed award withdrawn");
        Assert.Contains("荣誉已撤销", withdrawn.ReviewReason);
    }

    [Fact]
    public async Task A_revocation_that_arrives_before_its_award_leaves_nothing_to_approve()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 1);
        var member = await TestMembers.AddAsync(factory.Services, tree.Townships[0].Villages[0], "先撤后授");
        var marker = await TestMembers.AddAsync(factory.Services, tree.Townships[0].Villages[0], "标记");
        var award = Award(member, tree.Townships[0].Villages[0], "province");
        await Bus.Publish(Revoke(award));
        await Eventually.TrueAsync(() =>
            TestMembers.WithDbAsync(factory.Services, db => db.Set<RevokedAward>().AnyAsync(r => r.AwardId == award.AwardId)),
            TimeSpan.FromSeconds(15), "revocation remembered");
        await Bus.Publish(award);
        await Bus.Publish(Award(marker, tree.Townships[0].Villages[0], "county"));
        await WaitForEntries(marker, 1, "marker award");
        await Eventually.TrueAsync(async () => await TestMembers.WithDbAsync(factory.Services, db =>
            db.InboxMessages.CountAsync(i => i.Consumer == "honor-points-awarded")) >= 2, TimeSpan.FromSeconds(15), "late award handled");
        Assert.Empty(await EntriesOf(member));
    }

    [Theory]
    [InlineData("warning", PointKind.Deduction, 10)]
    [InlineData("seriousWarning", PointKind.Deduction, 20)]
    [InlineData("removalFromPost", PointKind.Veto, 0)]
    [InlineData("probationWithinParty", PointKind.Veto, 0)]
    [InlineData("expulsion", PointKind.Veto, 0)]
    public async Task A_reported_sanction_proposes_a_deduction_or_a_veto(string kind, PointKind effect, decimal points)
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 1);
        var member = await TestMembers.AddAsync(factory.Services, tree.Townships[0].Villages[0], "受处分");
        var sanction = new DisciplineSanctionReported
        {
            SanctionId = Guid.NewGuid(), MemberId = member, BranchId = tree.Townships[0].Villages[0], Kind = kind,
            DecidedOn = new DateOnly(2026, 9, 1),
            Reason = "违反廉洁纪律", OccurredAt = DateTimeOffset.UtcNow,
        };
        var id = NewId.NextGuid();
        await Bus.Publish(sanction, c => c.MessageId = id);
        await Bus.Publish(sanction, c => c.MessageId = id);
        var entry = Assert.Single(await WaitForEntries(member, 1, "sanction entry"));
        Assert.Equal((effect, points, EntryStatus.Proposed, 2026), (entry.Kind, entry.Points, entry.Status, entry.Year));
    }

    [Fact]
    public async Task A_sanction_reported_through_the_bureau_api_lands_once_as_a_proposed_veto()
    {
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, 1, 1);
        var member = await TestMembers.AddAsync(factory.Services, tree.Townships[0].Villages[0], "受处分二");
        var bureau = factory.ClientFor(Party.ServiceDefaults.Auth.PartyRoles.Bureau, tree.County, "discipline.report");
        bureau.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var body = new { memberId = member, kind = "probationWithinParty", decisionNumber = "县纪发〔2026〕110号",
            decidedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), reason = "严重违反组织纪律" };
        var sanction = await (await bureau.PostJsonAsync("/api/members/sanctions", body)).AssertStatusAsync(201);
        Assert.True((int)(await bureau.PostJsonAsync("/api/members/sanctions", body)).StatusCode is 200 or 201);
        var entry = Assert.Single(await WaitForEntries(member, 1, "veto proposed from the reported sanction"));
        Assert.Equal((PointKind.Veto, EntryStatus.Proposed), (entry.Kind, entry.Status));
        var sanctionId = sanction["id"]!.GetValue<Guid>();
        await Eventually.TrueAsync(() => TestMembers.WithDbAsync(factory.Services, db =>
                db.Set<Party.Members.Domain.Sanctions.Sanction>().AnyAsync(x => x.Id == sanctionId && x.PointsEntryProposedAt != null)),
            TimeSpan.FromSeconds(15), "sanction marked as proposed");
        Assert.Single(await EntriesOf(member));
    }
}
