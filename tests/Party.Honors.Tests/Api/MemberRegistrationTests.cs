using Microsoft.EntityFrameworkCore;
using Party.Contracts.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>
/// Enter once (一次录入): a member created or imported in the members service reaches honors with the stage and status entered,
/// and a transfer moves the member's nominations to the new branch's scope. The members side of these paths is tested in
/// Party.Members.Tests (MemberEventsTests), which reads the same events off the broker.
/// </summary>
public class MemberRegistrationTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    private static MemberRegistered Registered(Guid memberId, Guid branchId, string name, string stage, string status,
        string source = "imported") => new()
    {
        MemberId = memberId, BranchId = branchId, MemberName = name, Stage = stage, StageSince = new DateOnly(2018, 7, 1), Status = status,
        BirthDate = new DateOnly(1980, 5, 5), ProbationaryOn = new DateOnly(2017, 7, 1), Source = source,
        OccurredAt = DateTimeOffset.UtcNow,
    };

    private async Task GradeAsync(Guid memberId, Guid branchId, string name) =>
        await factory.Bus.Publish(Facts.Graded(memberId, branchId, name, factory.Clock.GetUtcNow().Year - 1, 118m, "excellent"));

    private Task WaitForFactAsync(Guid memberId, Func<Party.Honors.Domain.Subjects.MemberFact, bool> done, string what) =>
        Eventually.TrueAsync(() =>
            Facts.Db(factory, async db => await db.MemberFacts.AsNoTracking().FirstOrDefaultAsync(f => f.MemberId == memberId) is { } f
            && done(f)
            && await db.MemberGrades.AnyAsync(g => g.MemberId == memberId)), TimeSpan.FromSeconds(10), what);

    [Fact]
    public async Task A_member_entered_as_full_reaches_honors_with_the_status_entered_and_is_never_assumed_active()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var (active, mobile, lost, stageOnly) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await factory.Bus.Publish(Registered(active, tree.Village(0), "直接建档正式党员", "full", "active", source: "created"));
        await factory.Bus.Publish(Registered(mobile, tree.Village(0), "导入流动党员", "full", "mobile"));
        await factory.Bus.Publish(Registered(lost, tree.Village(0), "导入失联党员", "full", "lostContact"));
        // Heard of only through a stage change: the status was never stated.
        await factory.Bus.Publish(new MemberStageChanged
        {
            MemberId = stageOnly, BranchId = tree.Village(0), MemberName = "只有阶段", FromStage = "probationary", ToStage = "full",
            ChangedOn = new DateOnly(2020, 7, 1),
            BirthDate = new DateOnly(1985, 3, 3), AgeAtChange = 35, OccurredAt = DateTimeOffset.UtcNow,
        });
        foreach (var (id, name) in new[] { (active, "直接建档正式党员"), (mobile, "导入流动党员"), (lost, "导入失联党员"), (stageOnly, "只有阶段") })
            await GradeAsync(id, tree.Village(0), name);
        await WaitForFactAsync(active, f => f.Status == "active" && f.Stage == "full", "active member");
        await WaitForFactAsync(mobile, f => f.Status == "mobile", "mobile member");
        await WaitForFactAsync(lost, f => f.Status == "lostContact", "lost-contact member");
        await WaitForFactAsync(stageOnly, f => f.Stage == "full", "stage-only member");

        async Task<string[]> Refusal(Guid id) =>
            (await (await township.PostJsonAsync("/api/honors/nominations",
                new { honorTypeCode = "excellent-member", subjectId = id, deeds = "事迹" }))
                .AssertProblemAsync(422, "honors.not_eligible"))["errors"]!.AsObject().Select(e => e.Key).ToArray();
        Assert.Equal(["status_not_active"], await Refusal(mobile));
        Assert.Equal(["status_not_active"], await Refusal(lost));
        Assert.Equal(["status_not_active"], await Refusal(stageOnly));
        var created = await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = active, deeds = "带头致富" }))
            .AssertStatusAsync(201);
        Assert.Equal("直接建档正式党员", created["subjectName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_registration_arriving_after_a_newer_status_change_does_not_roll_the_status_back()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var id = Guid.NewGuid();
        var registered = Registered(id, tree.Village(0), "先建档后流动", "full", "active");
        await factory.Bus.Publish(new MemberStatusChanged
        {
            MemberId = id, BranchId = tree.Village(0), FromStatus = "active", ToStatus = "mobile", Reason = "外出务工",
            OccurredAt = registered.OccurredAt.AddMinutes(5),
        });
        await Eventually.TrueAsync(() => Facts.Db(factory, db => db.MemberFacts.AnyAsync(f => f.MemberId == id && f.Status == "mobile")),
            TimeSpan.FromSeconds(10), "status change");
        await factory.Bus.Publish(registered);
        await Eventually.TrueAsync(() => Facts.Db(factory, db => db.MemberFacts.AnyAsync(f => f.MemberId == id && f.Stage == "full")),
            TimeSpan.FromSeconds(10), "registration");
        Assert.Equal("mobile", await Facts.Db(factory,
            db => db.MemberFacts.Where(f => f.MemberId == id).Select(f => f.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_transfer_moves_the_member_into_the_new_townships_scope()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var id = Guid.NewGuid();
        await factory.Bus.Publish(Registered(id, tree.Village(0), "转接党员", "full", "active", source: "created"));
        await GradeAsync(id, tree.Village(0), "转接党员");
        await WaitForFactAsync(id, f => f.Status == "active", "registration");
        await factory.Bus.Publish(new MemberTransferred
        {
            MemberId = id, FromBranchId = tree.Village(0), ToBranchId = tree.Village(1), MemberName = "转接党员", Stage = "full",
            Status = "active", TransferredOn = new DateOnly(2026, 3, 1), OccurredAt = DateTimeOffset.UtcNow,
        });
        await WaitForFactAsync(id, f => f.BranchId == tree.Village(1), "transfer");

        await (await factory.Client(PartyRoles.Township, tree.Township(0)).PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = id, deeds = "事迹" })).AssertProblemAsync(404, "subjects.not_found");
        var created = await (await factory.Client(PartyRoles.Township, tree.Township(1)).PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = id, deeds = "事迹" })).AssertStatusAsync(201);
        Assert.Equal(tree.Village(1), created["orgUnitId"]!.GetValue<Guid>());
    }
}
