using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.Testing;

namespace Party.Members.Tests.Points;

/// <summary>The members service with a clock the test sets, so window and deadline rules can be exercised on chosen dates.</summary>
public sealed class ClockedMembersFactory() : ServiceFactory<Program>(Extensions.Database)
{
    public SettableClock Clock { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>Sets the clock to 10:00 Beijing time on a local date.</summary>
    public void SetToday(string localDate) =>
        Clock.Now = (new DateTimeOffset(DateOnly.Parse(localDate).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8))
            .ToUniversalTime());
}

/// <summary>
/// A clock whose "now" the test sets; timers and delays stay real, so background work (the outbox
/// dispatcher's back-off) is not frozen by a test's chosen date.
/// </summary>
public sealed class SettableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => Now;
}

public static class TestMembers
{
    private static int _seq;

    /// <summary>Inserts a member row directly (the member API belongs to another area); returns its id.</summary>
    public static async Task<Guid> AddAsync(IServiceProvider services, Guid branchId, string name, MemberStage stage = MemberStage.Full,
        RuralCategory? category = null, MemberStatus status = MemberStatus.Active)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MembersDbContext>();
        var path = await db.OrgUnits.Where(u => u.Id == branchId).Select(u => u.Path).SingleAsync();
        var id = Guid.NewGuid();
        var n = Interlocked.Increment(ref _seq);
        db.Set<Member>().Add(new Member
        {
            Id = id, Name = name, Ethnicity = "汉族", BirthDate = new DateOnly(1980, 1, 1),
            CitizenId = $"T{Guid.NewGuid():N}"[..17] + (n % 10),
            BranchId = branchId, OrgPath = path, Stage = stage, Status = status, RuralCategory = category,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>Writes the assessment row the year-end close would write for the member, without running a close.</summary>
    public static async Task GradeAsync(IServiceProvider services, Guid memberId, int year, Grade grade, decimal score = 60m,
        decimal contribution = 0m)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MembersDbContext>();
        var m = await db.Set<Member>().AsNoTracking().SingleAsync(x => x.Id == memberId);
        db.Set<AnnualAssessment>().Add(new AnnualAssessment
        {
            MemberId = m.Id, Year = year, BranchId = m.BranchId, OrgPath = m.OrgPath, MemberName = m.Name, Stage = m.Stage.ToString(),
            BaseScore = score - contribution, Contribution = contribution, Score = score, Grade = grade, CloseId = Guid.NewGuid(),
        });
        await db.SaveChangesAsync();
    }

    public static async Task<T> WithDbAsync<T>(IServiceProvider services, Func<MembersDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MembersDbContext>());
    }
}

public static class PointsSetup
{
    /// <summary>
    /// A body for <c>POST /api/members/points/rules</c> stating every value (a new rule set takes nothing over from the rules
    /// in force), with the seeds' numbers; a test changes the ones it is about.
    /// </summary>
    public static JsonObject RulesBody(string effectiveFrom) => new()
    {
        ["effectiveFrom"] = effectiveFrom, ["excellentMin"] = 110, ["qualifiedMin"] = 90, ["basicallyQualifiedMin"] = 60,
        ["excellentShareCap"] = 0.2m, ["excellentQuotaRounding"] = "floor", ["excellentQuotaMinimum"] = 1, ["appealDays"] = 7,
        ["entryGraceDays"] = 0,
        ["absenceDeduction"] = 5, ["honorCounty"] = 5, ["honorCity"] = 8, ["honorProvince"] = 10, ["honorNational"] = 15,
        ["warningDeduction"] = 10, ["seriousWarningDeduction"] = 20, ["activistPriorityMin"] = 100,
    };

    public static object[] TemplateItems =>
    [
        new { code = "B1", name = "政治合格", kind = "base", points = 25 },
        new { code = "B2", name = "执行纪律合格", kind = "base", points = 25 },
        new { code = "B3", name = "品德合格", kind = "base", points = 25 },
        new { code = "B4", name = "发挥作用合格", kind = "base", points = 25 },
        new { code = "C1", name = "志愿服务", kind = "contribution", points = 5, capPerYear = 10 },
        new { code = "C2", name = "带头致富", kind = "contribution", points = 10 },
        new { code = "D1", name = "无故不参加学习", kind = "deduction", points = 5 },
        new { code = "D2", name = "违反村规民约", kind = "deduction", points = 30 },
        new { code = "V1", name = "违法犯罪", kind = "veto", points = 0 },
    ];

    /// <summary>A county template for rural branches of a year, and the branch's scheme adopting all of it.</summary>
    public static async Task AdoptAsync(HttpClient county, HttpClient branchClient, Guid branchId, int year)
    {
        var t = await county.PostJsonAsync("/api/members/points/templates",
            new { domain = "ruralCommunity", year, name = $"{year} 农村积分模板", items = TemplateItems });
        if ((int)t.StatusCode != 409) await t.AssertStatusAsync(201);
        await (await branchClient.PostJsonAsync("/api/members/points/schemes", new { branchId, year })).AssertStatusAsync(201);
    }

    public static async Task<Guid> EntryAsync(HttpClient client, Guid memberId, string item, string date, bool approve = true)
    {
        var body = await (await client.PostJsonAsync("/api/members/points/entries",
            new { memberId, itemCode = item, occurredOn = date, source = "branchRecorded" }))
            .AssertStatusAsync(201);
        var id = body["id"]!.GetValue<Guid>();
        if (approve)
            await (await client.PostJsonAsync($"/api/members/points/entries/{id}/review", new { decision = "approve" }))
                .AssertStatusAsync(200);
        return id;
    }
}
