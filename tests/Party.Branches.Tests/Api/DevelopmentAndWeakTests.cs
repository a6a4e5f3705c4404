using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using Party.Contracts.Branches;
using Party.Contracts.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.Api;

public class DevelopmentAndWeakTests(ClockedBranchesFactory factory) : IClassFixture<ClockedBranchesFactory>
{
    private static MemberStageChanged Admitted(Guid branch, string on, int age, string to = "probationary") => new()
    {
        MemberId = Guid.NewGuid(), BranchId = branch, MemberName = "张三", FromStage = "candidate", ToStage = to,
        ChangedOn = DateOnly.Parse(on), BirthDate = DateOnly.Parse(on).AddYears(-age), AgeAtChange = age,
        OccurredAt = DateTimeOffset.UtcNow,
    };

    private async Task<long> AdmissionsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BranchesDbContext>().DevelopmentAdmissions.LongCountAsync();
    }

    [Fact]
    public async Task Warnings_come_from_admissions_received_once_and_reach_one_two_and_three_years_exactly()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 5);
        var v = tree.Townships[0].Villages;
        var bus = factory.Services.GetRequiredService<IBus>();
        var before = await AdmissionsAsync();

        var recent = Admitted(v[0], "2025-06-02", 30);  // 364 days: no warning
        var oneYear = Admitted(v[1], "2025-06-01", 40); // exactly 1 year: reminder
        var twoYears = Admitted(v[2], "2024-06-01", 30); // exactly 2 years: talk
        var threeYears = Admitted(v[3], "2023-06-01", 50); // exactly 3 years: rectification
        var duplicateId = NewId.NextGuid();
        await bus.Publish(recent, c => c.MessageId = duplicateId);
        await bus.Publish(recent, c => c.MessageId = duplicateId);
        await bus.Publish(recent); // same member under another message id: still one admission
        await bus.Publish(Admitted(v[0], "2025-07-01", 30, to: "full")); // not an admission
        foreach (var m in new[] { oneYear, twoYears, threeYears }) await bus.Publish(m);
        await Eventually.TrueAsync(async () => await AdmissionsAsync() == before + 4, TimeSpan.FromSeconds(30), "four admissions recorded");

        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var warnings = await (await county.GetAsync("/api/branches/development/warnings?pageSize=200")).AssertStatusAsync(200);
        var byVillage = warnings["items"]!.AsArray().ToDictionary(r => r!["branchId"]!.GetValue<Guid>());
        Assert.Equal(10, warnings["total"]!.GetValue<long>());
        Assert.Equal("none", byVillage[v[0]]!["level"]!.GetValue<string>());
        Assert.Equal("reminder", byVillage[v[1]]!["level"]!.GetValue<string>());
        Assert.Equal("talk", byVillage[v[2]]!["level"]!.GetValue<string>());
        Assert.Equal("rectification", byVillage[v[3]]!["level"]!.GetValue<string>());
        Assert.Equal("rectification", byVillage[v[4]]!["level"]!.GetValue<string>()); // nothing on record
        // Young rule: v[0] admitted a 30-year-old within 2 years; v[2]'s young admission is exactly 2 years old;
        // v[1] admitted a 40-year-old.
        Assert.False(byVillage[v[0]]!["youngMemberOverdue"]!.GetValue<bool>());
        Assert.True(byVillage[v[1]]!["youngMemberOverdue"]!.GetValue<bool>());
        Assert.True(byVillage[v[2]]!["youngMemberOverdue"]!.GetValue<bool>());

        var day1Earlier = await (await county.GetAsync("/api/branches/development/warnings?asOf=2026-05-31&minLevel=reminder&pageSize=200"))
            .AssertStatusAsync(200);
        var levels = day1Earlier["items"]!.AsArray()
            .ToDictionary(r => r!["branchId"]!.GetValue<Guid>(), r => r!["level"]!.GetValue<string>());
        Assert.False(levels.ContainsKey(v[1])); // one day short of a year
        Assert.Equal("reminder", levels[v[2]]);
        Assert.Equal("talk", levels[v[3]]);

        // Three-year table 2024–2026: v[4] and the other township are blank;
        // three admissions in 2025 at v[1] are not above the norm of 3, four would be.
        foreach (var _ in Enumerable.Range(0, 3)) await bus.Publish(Admitted(v[1], "2025-03-01", 28));
        await Eventually.TrueAsync(async () => await AdmissionsAsync() == before + 7, TimeSpan.FromSeconds(30), "three more admissions");
        var table = await (await county.GetAsync("/api/branches/development/three-year-table?toYear=2026&pageSize=200"))
            .AssertStatusAsync(200);
        var rows = table["items"]!.AsArray().ToDictionary(r => r!["branchId"]!.GetValue<Guid>());
        Assert.Equal([0, 4, 0], rows[v[1]]!["admissions"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray());
        Assert.True(rows[v[1]]!["clustered"]!.GetValue<bool>());
        Assert.False(rows[v[0]]!["clustered"]!.GetValue<bool>());
        Assert.True(rows[v[4]]!["blank"]!.GetValue<bool>());
        Assert.True(rows[v[3]]!["blank"]!.GetValue<bool>()); // its only admission, 2023-06-01, is outside 2024–2026
        Assert.False(rows[v[2]]!["blank"]!.GetValue<bool>());
        Assert.Equal([1, 0, 0], rows[v[2]]!["admissions"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray());

        var sheet = await Sheets.ReadAsync(await county.GetAsync("/api/branches/development/three-year-table.xlsx?toYear=2026"));
        Assert.Equal(10, sheet.Count);
        Assert.Equal(5, sheet.Sum(r => Convert.ToInt32(r["2025年"]))); // v[0] once, v[1] four times

        // Another township sees only its own villages.
        var other = await (await factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id)
            .GetAsync("/api/branches/development/warnings")).AssertStatusAsync(200);
        Assert.Equal(5, other["total"]!.GetValue<long>());
        Assert.DoesNotContain(other["items"]!.AsArray(), r => v.Contains(r!["branchId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task A_member_entered_already_admitted_counts_as_an_admission_of_the_village_it_was_entered_in()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(1, 3);
        var v = tree.Townships[0].Villages;
        var bus = factory.Services.GetRequiredService<IBus>();
        MemberRegistered Registered(Guid branch, string stage, DateOnly? probationaryOn) => new()
        {
            MemberId = Guid.NewGuid(), BranchId = branch, MemberName = "李四", Stage = stage,
            StageSince = probationaryOn ?? new DateOnly(2026, 5, 1), Status = "active",
            BirthDate = new DateOnly(1996, 3, 2), ProbationaryOn = probationaryOn, Source = "imported", OccurredAt = DateTimeOffset.UtcNow,
        };
        var admitted = Registered(v[0], "probationary", new DateOnly(2025, 9, 1));
        await bus.Publish(admitted);
        await bus.Publish(Registered(v[1], "full", new DateOnly(2023, 6, 1)));
        await bus.Publish(Registered(v[2], "activist", null)); // not admitted: nothing to record
        // The same member's admission arriving again as a stage change is still one admission.
        await bus.Publish(new MemberStageChanged
        {
            MemberId = admitted.MemberId, BranchId = v[0], MemberName = "李四", FromStage = "candidate", ToStage = "probationary",
            ChangedOn = new DateOnly(2025, 9, 1),
            BirthDate = admitted.BirthDate, AgeAtChange = 29, OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BranchesDbContext>();
            return await db.DevelopmentAdmissions.CountAsync(a => a.BranchId == v[0] || a.BranchId == v[1]) == 2
                && await db.InboxMessages.CountAsync(i => i.Consumer == nameof(Party.Branches.Consumers.MemberStageChangedConsumer)) >= 1;
        }, TimeSpan.FromSeconds(30), "two admissions recorded");

        var warnings = await (await factory.ClientFor(PartyRoles.County, tree.County)
            .GetAsync("/api/branches/development/warnings?pageSize=200")).AssertStatusAsync(200);
        var byVillage = warnings["items"]!.AsArray().ToDictionary(r => r!["branchId"]!.GetValue<Guid>());
        Assert.Equal("none", byVillage[v[0]]!["level"]!.GetValue<string>());          // admitted 9 months ago, aged 29
        Assert.False(byVillage[v[0]]!["youngMemberOverdue"]!.GetValue<bool>());
        Assert.Equal("rectification", byVillage[v[1]]!["level"]!.GetValue<string>()); // exactly three years ago
        Assert.Equal("rectification", byVillage[v[2]]!["level"]!.GetValue<string>()); // nothing on record
    }

    [Fact]
    public async Task A_weak_and_lax_designation_is_published_and_lifted_once()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 1);
        var village = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        await using var probe = await factory.ProbeAsync<BranchDesignatedWeak>();

        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id)
            .PostJsonAsync("/api/branches/weak-designations", new { branchId = village, year = 2026, reason = "x" }))
            .AssertStatusAsync(403);
        await (await county.PostJsonAsync("/api/branches/weak-designations", new { branchId = village, year = 2026, reason = "" }))
            .AssertProblemAsync(400, "validation.failed");
        var created = await (await county.PostJsonAsync("/api/branches/weak-designations",
            new { branchId = village, year = 2026, reason = "班子不团结，长期不开展组织生活" }))
            .AssertStatusAsync(201);
        var id = created["id"]!.GetValue<Guid>();
        await (await county.PostJsonAsync("/api/branches/weak-designations", new { branchId = village, year = 2026, reason = "重复" }))
            .AssertProblemAsync(409, "weak_designations.exists");

        await (await county.PostJsonAsync($"/api/branches/weak-designations/{id}/lift", new { reason = "整顿转化验收合格" }))
            .AssertStatusAsync(200);
        await (await county.PostJsonAsync($"/api/branches/weak-designations/{id}/lift", new { reason = "再摘一次" }))
            .AssertProblemAsync(409, "weak_designations.already_lifted");

        var events = await Eventually.ResultAsync(() => Task.FromResult(probe.Received.Where(e => e.DesignationId == id).ToList()),
            l => l.Count >= 2, TimeSpan.FromSeconds(30), "designated and lifted events");
        // The probe consumes concurrently, so arrival order is not asserted; one designation and one lifting are.
        Assert.Equal([false, true], events.Select(e => e.Designated).Order().ToArray());
        Assert.All(events, e => Assert.Equal(village, e.BranchId));

        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"/api/branches/weak-designations/{id}")).AssertProblemAsync(404, "weak_designations.not_found");
        await (await other.PostJsonAsync($"/api/branches/weak-designations/{id}/lift", new { reason = "x" })).AssertStatusAsync(403);
        Assert.Equal(0,
            (await (await other.GetAsync("/api/branches/weak-designations")).AssertStatusAsync(200))["total"]!.GetValue<long>());
        Assert.Equal(1,
            (await (await factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id).GetAsync("/api/branches/weak-designations"))
                .AssertStatusAsync(200))["total"]!.GetValue<long>());
        var trail = await (await county.GetAsync($"/api/branches/audit?entityId={id}")).AssertStatusAsync(200);
        Assert.Equal(2, trail["total"]!.GetValue<long>());
    }
}
