using Microsoft.EntityFrameworkCore;
using Party.Contracts.Members;
using Party.Testing;

namespace Party.Honors.Tests.Api;

/// <summary>
/// The year-end grades arrive as one event per branch (<see cref="BranchAnnualAssessmentsPublished"/>): every member in it is
/// graded, a member honors has not heard of yet becomes known, and a re-assessment's event changes only the members it names.
/// </summary>
public class BranchGradesTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    [Fact]
    public async Task A_branch_event_grades_every_member_in_it_and_a_reassessment_changes_only_the_members_it_names()
    {
        var branch = Guid.NewGuid();
        var (known, newcomer, sanctioned) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await factory.Bus.Publish(new MemberRegistered
        {
            MemberId = known, BranchId = branch, MemberName = "钱预备", Stage = "probationary", StageSince = new DateOnly(2025, 3, 1),
            Status = "active", BirthDate = new DateOnly(1996, 2, 2), ProbationaryOn = new DateOnly(2025, 3, 1), Source = "created",
            OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => Facts.Db(factory, db => db.MemberFacts.AnyAsync(f => f.MemberId == known && f.Status == "active")),
            TimeSpan.FromSeconds(10), "the registered member reached honors");

        await factory.Bus.Publish(Facts.Grades(branch, 2025,
            Facts.Assessment(known, "钱预备", 96, "qualified", "full"),
            Facts.Assessment(newcomer, "孙积极", 118, "excellent", "activist"),
            Facts.Assessment(sanctioned, "李正式", 101, "qualified", "full")));
        await Eventually.TrueAsync(() => Facts.Db(factory, async db =>
                await db.MemberGrades.CountAsync(g => (g.MemberId == known || g.MemberId == newcomer || g.MemberId == sanctioned)
                    && g.Year == 2025) == 3),
            TimeSpan.FromSeconds(10), "three grades from one event");

        var facts = await Facts.Db(factory, db => db.MemberFacts.AsNoTracking()
            .Where(f => f.MemberId == known || f.MemberId == newcomer || f.MemberId == sanctioned).ToDictionaryAsync(f => f.MemberId));
        // The stage events stay authoritative: the grade's stage only fills a gap.
        Assert.Equal("probationary", facts[known].Stage);
        Assert.Equal("active", facts[known].Status);
        Assert.Equal(("孙积极", "activist", "unknown", branch),
            (facts[newcomer].Name, facts[newcomer].Stage, facts[newcomer].Status, facts[newcomer].BranchId));
        Assert.Equal(("excellent", 118m, false), await GradeAsync(newcomer, 2025));

        // A late sanction re-assesses one member: the event names that member alone, and the others keep their grades.
        await factory.Bus.Publish(Facts.Grades(branch, 2025, Facts.Assessment(sanctioned, "李正式", 0, "unqualified", "full", vetoed: true)));
        await Eventually.TrueAsync(async () => (await GradeAsync(sanctioned, 2025)).Grade == "unqualified",
            TimeSpan.FromSeconds(10), "the re-assessed grade");
        Assert.Equal(("unqualified", 0m, true), await GradeAsync(sanctioned, 2025));
        Assert.Equal(("qualified", 96m, false), await GradeAsync(known, 2025));
        Assert.Equal(("excellent", 118m, false), await GradeAsync(newcomer, 2025));
    }

    private async Task<(string Grade, decimal Score, bool Vetoed)> GradeAsync(Guid member, int year)
    {
        var g = await Facts.Db(factory, db => db.MemberGrades.AsNoTracking().SingleAsync(x => x.MemberId == member && x.Year == year));
        return (g.Grade, g.Score, g.Vetoed);
    }
}
