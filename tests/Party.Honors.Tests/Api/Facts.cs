using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Branches;
using Party.Contracts.Members;
using Party.Honors.Data;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>Facts reach honors only as the other services' events; tests publish those events and wait for them to land.</summary>
public static class Facts
{
    /// <summary>The year-end close's event for a branch of one member.</summary>
    public static BranchAnnualAssessmentsPublished Graded(Guid memberId, Guid branchId, string name, int year, decimal score, string grade,
        string stage = "full") => Grades(branchId, year, Assessment(memberId, name, score, grade, stage));

    /// <summary>The year-end close's (or a re-assessment's) event for a branch.</summary>
    public static BranchAnnualAssessmentsPublished Grades(Guid branchId, int year, params MemberAnnualAssessment[] assessments) => new()
    {
        BranchId = branchId, Year = year, Assessments = assessments, OccurredAt = DateTimeOffset.UtcNow,
    };

    public static MemberAnnualAssessment Assessment(Guid memberId, string name, decimal score, string grade, string stage,
        bool vetoed = false) => new()
    {
        MemberId = memberId, MemberName = name, Score = score, Grade = grade, Vetoed = vetoed, Stage = stage,
    };

    public static async Task FullMemberAsync(HonorsFactory factory, Guid memberId, Guid branchId, string name, string grade = "excellent",
        int gradeYear = 2025)
    {
        var now = DateTimeOffset.UtcNow;
        // As the members service announces a member entered directly as a full, active member (the status is never assumed).
        await factory.Bus.Publish(new MemberRegistered
        {
            MemberId = memberId, BranchId = branchId, MemberName = name, Stage = "full", StageSince = new DateOnly(2020, 7, 1),
            Status = "active",
            BirthDate = new DateOnly(1985, 3, 3), ProbationaryOn = new DateOnly(2019, 7, 1), Source = "created", OccurredAt = now,
        });
        await factory.Bus.Publish(new MemberStageChanged
        {
            MemberId = memberId, BranchId = branchId, MemberName = name, FromStage = "probationary", ToStage = "full",
            ChangedOn = new DateOnly(2020, 7, 1), BirthDate = new DateOnly(1985, 3, 3), AgeAtChange = 35, OccurredAt = now,
        });
        await factory.Bus.Publish(Graded(memberId, branchId, name, gradeYear, 115m, grade));
        await Eventually.TrueAsync(() =>
            Db(factory, async db => await db.MemberGrades.AnyAsync(g => g.MemberId == memberId && g.Year == gradeYear)
            && await db.MemberFacts.AnyAsync(f => f.MemberId == memberId && f.Stage == "full" && f.Status == "active")),
            TimeSpan.FromSeconds(10), "member facts received");
    }

    public static async Task RatingAsync(HonorsFactory factory, Guid branchId, int year, int stars, Guid? secretary = null)
    {
        await factory.Bus.Publish(new BranchRatingPublished
        {
            RatingId = Guid.NewGuid(), BranchId = branchId, Year = year, Score = stars * 18, Stars = stars, SecretaryMemberId = secretary,
            OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() =>
            Db(factory, db => db.BranchRatings.AnyAsync(r => r.BranchId == branchId && r.Year == year && r.Stars == stars)),
            TimeSpan.FromSeconds(10), "rating received");
    }

    /// <summary>Outbox rows of an event type whose body mentions <paramref name="id"/> (bodies are jsonb, compared as text here).</summary>
    public static Task<int> OutboxCountAsync(HonorsFactory factory, string eventName, Guid id) =>
        Db(factory, async db => (await db.OutboxMessages.Where(o => o.Type == "Party.Contracts.Honors." + eventName)
            .Select(o => o.Body).ToListAsync())
            .Count(b => b.Contains(id.ToString())));

    public static async Task<T> Db<T>(HonorsFactory factory, Func<HonorsDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<HonorsDbContext>());
    }
}
