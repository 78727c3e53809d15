using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Public;

namespace Tongban.Tests.Features.Public;

/// <summary>What residents read on the tracking page: units by name, people never.</summary>
[Trait("Db", "none")]
public sealed class PublicTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static AppealEvent Event(string type, string note, DateTimeOffset at) => new() { Type = type, Note = note, At = at, ActorName = "张伟", ActorUnit = "东湖街道综治中心" };

    [Fact]
    public void A_summons_names_the_departments_and_the_lead_and_a_grid_worker_only_by_role()
    {
        AppealAssignment[] assignments =
        [
            new() { Id = 1, AssigneeKind = AssigneeKind.GridWorker, AssigneeName = "网格员李芳", IsLead = true, DispatchedAt = T0 },
            new() { Id = 2, AssigneeKind = AssigneeKind.Department, AssigneeName = "区住建局", IsLead = true, DispatchedAt = T0.AddHours(1) },
            new() { Id = 3, AssigneeKind = AssigneeKind.Department, AssigneeName = "供电公司", IsLead = false, DispatchedAt = T0.AddHours(1) },
            new() { Id = 4, AssigneeKind = AssigneeKind.PropertyCompany, AssigneeName = "清源安居物业", IsLead = true, DispatchedAt = T0.AddHours(2) },
        ];
        Assert.Equal("已派至网格员办理", TrackAppeal.Describe(Event("dispatch", "派单至网格员李芳", T0), assignments));
        Assert.Equal("已改派至区住建局（牵头）及供电公司办理，理由：需要部门处置",
            TrackAppeal.Describe(Event("transfer", "改派至区住建局（牵头）及供电公司，理由：需要部门处置", T0.AddHours(1)), assignments));
        Assert.Equal("已改派至清源安居物业办理", TrackAppeal.Describe(Event("transfer", "改派至清源安居物业", T0.AddHours(2)), assignments));
        Assert.Equal("承办单位已签收", TrackAppeal.Describe(Event("acknowledge", "网格员李芳已签收", T0), assignments));
        Assert.Equal("协办部门已报到", TrackAppeal.Describe(Event("report-in", "供电公司已报到", T0), assignments));
        Assert.Equal("办理结果：已修复", TrackAppeal.Describe(Event("resolve", "办理结果：已修复", T0), assignments));
    }
}
