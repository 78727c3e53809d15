using System.Diagnostics;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>The rota rules on a month of 20 staff and 3 posts with evening and Saturday hours, no database needed.</summary>
[Trait("Db", "none")]
public sealed class RotaGeneratorTests
{
    private static readonly RotaPost[] Posts = [new(1, 1, "一号百通岗"), new(2, 2, "二号百通岗"), new(3, 3, "三号百通岗")];

    public static RotaInput Month(int staff = 20, int year = 2026, int month = 12, IReadOnlySet<(string, DateOnly)>? leave = null)
    {
        var people = Enumerable.Range(1, staff).Select(i => new RotaStaff($"u{i}", $"工作人员{i}")).ToList();
        var periods = new List<RotaPeriod>();
        for (var d = new DateOnly(year, month, 1); d.Month == month; d = d.AddDays(1))
        {
            if (d.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Friday) periods.Add(new(d, new(8, 30), new(17, 30), false, 3));
            if (d.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday) periods.Add(new(d, new(17, 30), new(20, 0), true, 1));
            if (d.DayOfWeek == DayOfWeek.Saturday) periods.Add(new(d, new(9, 0), new(12, 0), true, 2));
        }
        return new RotaInput(people, Posts, periods, leave ?? new HashSet<(string, DateOnly)>());
    }

    [Fact]
    public void A_month_for_twenty_staff_and_three_posts_has_every_post_staffed_in_well_under_two_seconds()
    {
        var input = Month();
        var watch = Stopwatch.StartNew();
        var lines = RotaGenerator.Generate(input);
        var conflicts = RotaGenerator.Check(input, lines);
        watch.Stop();
        Assert.Empty(conflicts);
        Assert.True(watch.ElapsedMilliseconds < 2000, $"{watch.ElapsedMilliseconds} ms");
        // Every open post of every period has exactly one A and one B, two different people.
        foreach (var p in input.Periods)
            for (var i = 0; i < p.PostsOpen; i++)
            {
                var on = lines.Where(l => l.Day == p.Day && l.PostId == Posts[i].Id && l.Start == p.Start).ToList();
                Assert.Single(on, l => l.Role == PairRole.A);
                Assert.Single(on, l => l.Role == PairRole.B);
                Assert.NotEqual(on[0].UserId, on[1].UserId);
            }
    }

    [Fact]
    public void Meals_of_a_pair_never_overlap_and_are_staggered_across_posts()
    {
        var input = Month();
        var lines = RotaGenerator.Generate(input);
        foreach (var day in lines.Where(l => l.MealStart is not null).GroupBy(l => l.Day))
        {
            foreach (var post in day.GroupBy(l => l.PostId))
            {
                var a = post.Single(l => l.Role == PairRole.A);
                var b = post.Single(l => l.Role == PairRole.B);
                Assert.True(a.MealEnd <= b.MealStart || b.MealEnd <= a.MealStart);
            }
            Assert.Equal(3, day.Where(l => l.Role == PairRole.A).Select(l => l.MealStart).Distinct().Count());
        }
    }

    [Fact]
    public void Load_is_fair_hours_and_evening_and_weekend_shifts_spread_evenly()
    {
        var input = Month();
        var loads = RotaGenerator.Loads(input, RotaGenerator.Generate(input));
        Assert.True(loads.Max(l => l.Hours) - loads.Min(l => l.Hours) <= 8, string.Join(", ", loads.Select(l => l.Hours)));
        Assert.True(loads.Max(l => l.ExtendedShifts) - loads.Min(l => l.ExtendedShifts) <= 1, string.Join(", ", loads.Select(l => l.ExtendedShifts)));
    }

    [Fact]
    public void Leave_is_respected_and_the_others_cover()
    {
        var leave = new HashSet<(string, DateOnly)>();
        for (var d = new DateOnly(2026, 12, 1); d <= new DateOnly(2026, 12, 14); d = d.AddDays(1))
        {
            leave.Add(("u1", d));
            leave.Add(("u2", d));
        }
        var input = Month(leave: leave);
        var lines = RotaGenerator.Generate(input);
        Assert.DoesNotContain(lines, l => leave.Contains((l.UserId, l.Day)));
        Assert.Empty(RotaGenerator.Check(input, lines));
        // Fair per available day: those away for two weeks work proportionally less, not the same total.
        var loads = RotaGenerator.Loads(input, lines);
        Assert.True(loads.Single(l => l.UserId == "u1").Hours < loads.Single(l => l.UserId == "u3").Hours);
    }

    [Fact]
    public void Manual_edits_that_break_a_rule_are_reported_as_conflicts()
    {
        var input = Month();
        var lines = RotaGenerator.Generate(input).ToList();
        var a = lines.First(l => l.MealStart is not null && l.Role == PairRole.A);
        var b = lines.Single(l => l.Day == a.Day && l.PostId == a.PostId && l.Start == a.Start && l.Role == PairRole.B);

        var samePerson = lines.Select(l => l == b ? b with { UserId = a.UserId, StaffName = a.StaffName } : l).ToList();
        var conflicts = RotaGenerator.Check(input, samePerson).Select(c => c.Message).ToList();
        Assert.Contains(conflicts, c => c.Contains("A岗和B岗是同一人"));

        var sameMeal = lines.Select(l => l == b ? b with { MealStart = a.MealStart, MealEnd = a.MealEnd } : l).ToList();
        var mealConflicts = RotaGenerator.Check(input, sameMeal).Select(c => c.Message).ToList();
        Assert.Contains(mealConflicts, c => c.Contains("就餐时间重叠"));
        Assert.Contains(mealConflicts, c => c.Contains("无人在岗"));

        var noB = lines.Where(l => l != b).ToList();
        Assert.Contains(RotaGenerator.Check(input, noB), c => c.Message.Contains("缺少B岗"));

        var onLeave = new HashSet<(string, DateOnly)> { (a.UserId, a.Day) };
        Assert.Contains(RotaGenerator.Check(input with { Leave = onLeave }, lines), c => c.Message.Contains("请假"));
    }

    [Fact]
    public void Too_few_people_leave_gaps_that_are_reported_not_hidden()
    {
        var input = Month(staff: 3);
        var conflicts = RotaGenerator.Check(input, RotaGenerator.Generate(input));
        Assert.Contains(conflicts, c => c.Message.Contains("缺少"));
    }
}
