using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.People;

namespace Tongban.Tests.Features.Outreach;

[Trait("Db", "none")]
public sealed class VisitScheduleTests
{
    private static readonly VisitSchedule.Rule[] Defaults =
        [new(BuiltInTags.ElderlyAlone, 7), new(BuiltInTags.Disabled, 30), new(null, 90)];

    [Fact]
    public void The_shortest_interval_among_matching_rules_applies()
    {
        Assert.Equal(7, VisitSchedule.Applying(Defaults, [BuiltInTags.Disabled, BuiltInTags.ElderlyAlone])!.IntervalDays);
        Assert.Equal(30, VisitSchedule.Applying(Defaults, [BuiltInTags.Disabled])!.IntervalDays);
        Assert.Equal(90, VisitSchedule.Applying(Defaults, [])!.IntervalDays);
        Assert.Null(VisitSchedule.Applying([new(BuiltInTags.ElderlyAlone, 7)], [BuiltInTags.PartyMember]));
    }

    [Fact]
    public void A_household_is_due_when_the_interval_has_passed_or_it_was_never_visited()
    {
        var today = new DateOnly(2026, 11, 23);
        Assert.True(VisitSchedule.IsDue(null, 90, today));
        Assert.True(VisitSchedule.IsDue(today.AddDays(-7), 7, today));
        Assert.False(VisitSchedule.IsDue(today.AddDays(-6), 7, today));
        Assert.Equal(today.AddDays(24), VisitSchedule.DueOn(today.AddDays(-6), 30, today));
    }
}

[Trait("Db", "none")]
public sealed class DeskRotationTests
{
    [Fact]
    public void Each_building_gets_one_turn_in_order_at_the_cadence()
    {
        var start = new DateOnly(2026, 12, 1);
        var turns = DeskRotation.Schedule([5, 3, 9, 3], start, 7);
        Assert.Equal([5, 3, 9], turns.Select(t => t.BuildingId));
        Assert.Equal([start, start.AddDays(7), start.AddDays(14)], turns.Select(t => t.Date));
        Assert.Equal([1, 2, 3], turns.Select(t => t.Sequence));
    }
}
