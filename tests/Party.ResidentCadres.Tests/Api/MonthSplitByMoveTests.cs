using System.Text.Json.Nodes;
using Party.Contracts.ResidentCadres;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

/// <summary>
/// A cadre who moves township mid-month: each township's close covers only the days of its own assignment,
/// and the monthly transport and communication tariffs (400 + 100) are paid once, shared by assigned days.
/// The cadre checks in every day except the 24th to the 29th.
/// </summary>
public class MonthSplitByMoveTests(CadresFactory factory) : IClassFixture<CadresFactory>
{
    private sealed record Part(int AssignedDays, int InVillageDays, int RequiredDays, bool Compliant, decimal Living, decimal Transport,
        decimal Communication, decimal Total);

    private static readonly (DateOnly Month, int MoveDay, Part First, Part Second)[] Moves =
    [
        // April (30 days), moved on the 10th: 9 + 21 days; 22 × 9 ÷ 30 → 7 and 22 × 21 ÷ 30 → 16 required.
        (new DateOnly(2027, 4, 1), 10, new(9, 9, 7, true, 900m, 120m, 30m, 1050m),
            new(21, 15, 16, false, 1500m, 262.50m, 65.63m, 1828.13m)),
        // May (31 days), moved on the 15th: 14 + 17 days; 10 and 13 required.
        (new DateOnly(2027, 5, 1), 15, new(14, 14, 10, true, 1400m, 180.65m, 45.16m, 1625.81m),
            new(17, 11, 13, false, 1100m, 185.61m, 46.40m, 1332.01m)),
        // June (30 days), moved on the last day: 29 + 1 days; 22 and 1 required.
        (new DateOnly(2027, 6, 1), 30, new(29, 23, 22, true, 2300m, 386.67m, 96.67m, 2783.34m),
            new(1, 1, 1, true, 100m, 13.33m, 3.33m, 116.66m)),
    ];

    [Fact]
    public async Task Each_township_states_only_its_own_days_of_a_month_split_by_a_move()
    {
        var world = await World.CreateAsync(factory);
        await using var closes = await EventProbe<MonthlyAttendanceClosed>.StartAsync(factory.Services);
        foreach (var (month, moveDay, first, second) in Moves)
        {
            factory.MoveTo(month);
            var before = await world.StationAsync(world.Village(0, 0), month);
            var last = new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
            var cadre = before;
            for (var day = month; day <= last; day = day.AddDays(1))
            {
                factory.MoveTo(day);
                if (day.Day == moveDay)
                {
                    await (await world.County.PostJsonAsync(
                        $"/api/resident-cadres/cadres/{before.Id}/assignments/{before.AssignmentId}/end",
                        new { endsOn = day.AddDays(-1), reason = "调往二乡镇" })).AssertStatusAsync(200);
                    var after = await (await world.County.PostJsonAsync($"/api/resident-cadres/cadres/{before.Id}/assignments",
                        new { villageId = world.Village(1, 0), role = "teamMember", startsOn = day })).AssertStatusAsync(201);
                    cadre = before with { VillageId = world.Village(1, 0), AssignmentId = after["id"]!.GetValue<Guid>() };
                }
                if (day.Day is < 24 or > 29) await (await world.CheckInAsync(cadre)).AssertStatusAsync(201);
            }

            factory.MoveTo(last.AddDays(1));
            foreach (var (office, expected) in new[] { (world.Township2, second), (world.Township1, first) })
            {
                var close = await (await office.PostJsonAsync($"/api/resident-cadres/months/{month.Year}/{month.Month}/close", new { }))
                    .AssertStatusAsync(201);
                var closeId = close["id"]!.GetValue<Guid>();
                var statements = await (await office.GetAsync($"/api/resident-cadres/closes/{closeId}/statements")).AssertStatusAsync(200);
                var statement = statements["items"]!.AsArray().Single(s => s!["cadreId"]!.GetValue<Guid>() == before.Id)!;
                var label = $"{month:yyyy-MM} moved on the {moveDay}th, " +
                    $"close of {(expected == first ? "the first" : "the second")} township";
                Assert.Equal(expected, new Part(expected.AssignedDays, statement["inVillageDays"]!.GetValue<int>(),
                    statement["requiredDays"]!.GetValue<int>(), expected.Compliant, Money(statement, "living"),
                    Money(statement, "transport"), Money(statement, "communication"), Money(statement, "total")));

                var line = (await Eventually.ResultAsync(() => Task.FromResult(closes.Messages.FirstOrDefault(c => c.CloseId == closeId)),
                    c => c is not null, TimeSpan.FromSeconds(15), $"{label} published"))!.Cadres.Single(c => c.CadreId == before.Id);
                Assert.Equal((expected.InVillageDays, expected.RequiredDays, expected.Compliant),
                    (line.InVillageDays, line.RequiredDays, line.Compliant));
                var attendance = await world.AttendanceLineAsync(office, month.Year, month.Month, before.Id);
                Assert.Equal(expected.AssignedDays, attendance["assignedDays"]!.GetValue<int>());
            }
        }
    }

    private static decimal Money(JsonNode node, string field) => node[field]!.GetValue<decimal>();
}
