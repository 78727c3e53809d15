using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals;

[Trait("Db", "none")]
public sealed class AppealLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
    private static readonly Actor Staff = new("u1", "张晓明", "滨河社区");

    private static Appeal NewAppeal() => Appeal.Submit(
        new AppealSubmission("ABCD2345", "SQ2611230001", AppealKind.Complaint, 1, AppealChannel.Online, AppealUrgency.General,
            "楼道电动车飞线充电", "3号楼2单元楼道有人从窗户拉电线给电动车充电", 1, null, "滨河小区3号楼", null, null,
            "990101000000/", 1, null, true, null),
        new TimeLimit(T0.AddHours(24), T0.AddDays(9)), new Actor(null, "居民", "居民"), T0);

    private static AppealAssignment Grid(string userId = "g1") => new() { AssigneeKind = AssigneeKind.GridWorker, AssigneeName = "网格员李芳", AssigneeUserId = userId, Tier = AppealTier.Community, AcknowledgeDueAt = T0.AddHours(6) };

    [Fact]
    public void Runs_from_submission_to_closure_with_every_step_on_the_timeline()
    {
        var appeal = NewAppeal();
        appeal.Accept(Staff, T0.AddMinutes(10));
        var lead = Grid();
        appeal.Dispatch(lead, [], Staff, T0.AddMinutes(20), null);
        appeal.Acknowledge(lead, new Actor("g1", "李芳", "滨河社区第一网格"), T0.AddMinutes(30));
        appeal.StartWork(Staff, T0.AddHours(1), null);
        appeal.Resolve("已安装充电车棚和20个充电桩", Staff, T0.AddHours(5));
        appeal.RecordFollowUp(resolved: true, satisfied: true, null, Staff, T0.AddDays(1));
        appeal.Close(Staff, T0.AddDays(1));

        Assert.Equal(AppealState.Closed, appeal.State);
        Assert.True(appeal.RespondedInTime);
        Assert.True(appeal.IsResolved);
        Assert.True(appeal.IsSatisfied);
        Assert.Equal(AppealTier.Community, appeal.ClosedAtTier);
        Assert.Equal(["submit", "accept", "dispatch", "acknowledge", "start", "resolve", "follow-up", "close"], appeal.Events.Select(e => e.Type));
    }

    [Fact]
    public void Resolving_before_acknowledgement_is_refused_with_a_clear_message()
    {
        var appeal = NewAppeal();
        appeal.Accept(Staff, T0);
        appeal.Dispatch(Grid(), [], Staff, T0, null);
        var error = Assert.Throws<DomainException>(() => appeal.Resolve("已处理", Staff, T0));
        Assert.Equal("诉求当前状态为“已派单”，不能办结。", error.Message);
    }

    [Fact]
    public void A_transfer_needs_a_reason()
    {
        var appeal = NewAppeal();
        appeal.Accept(Staff, T0);
        appeal.Dispatch(Grid(), [], Staff, T0, null);
        var error = Assert.Throws<ValidationFailedException>(() => appeal.Dispatch(Grid("g2"), [], Staff, T0.AddHours(1), " "));
        Assert.Equal("改派必须写明理由", error.Message);
    }

    [Fact]
    public void Late_first_dispatch_counts_as_not_responded_in_time()
    {
        var appeal = NewAppeal();
        appeal.Accept(Staff, T0);
        appeal.Dispatch(Grid(), [], Staff, T0.AddHours(30), null);
        Assert.False(appeal.RespondedInTime);
    }

    [Fact]
    public void Unsatisfied_follow_up_reopens_within_the_window_but_not_after_it()
    {
        var appeal = NewAppeal();
        appeal.Accept(Staff, T0);
        var lead = Grid();
        appeal.Dispatch(lead, [], Staff, T0, null);
        appeal.Acknowledge(lead, Staff, T0);
        appeal.Resolve("已处理", Staff, T0.AddHours(2));
        appeal.RecordFollowUp(resolved: false, satisfied: false, "充电桩仍未安装", Staff, T0.AddDays(1));
        Assert.Throws<DomainException>(() => appeal.Reopen("仍未解决", TimeSpan.FromDays(7), Staff, T0.AddDays(10)));
        appeal.Reopen("仍未解决", TimeSpan.FromDays(7), Staff, T0.AddDays(2));
        Assert.Equal(AppealState.Accepted, appeal.State);
        Assert.Equal(1, appeal.ReopenCount);
        Assert.Null(appeal.IsSatisfied);
    }

    [Fact]
    public void The_promise_to_the_resident_survives_escalation_and_transfer_and_only_a_reopening_renews_it()
    {
        var appeal = NewAppeal();
        Assert.Equal((T0.AddDays(9), T0), (appeal.PromisedFeedback, appeal.PromiseMadeAt!.Value));
        appeal.Accept(Staff, T0);
        appeal.Escalate("需要街道协调", Staff, T0.AddDays(10), new TimeLimit(T0.AddDays(11), T0.AddDays(20)));
        Assert.Equal(T0.AddDays(20), appeal.FeedbackDueAt); // the street's own limit
        Assert.Equal(T0.AddDays(10), appeal.FeedbackLimitFrom);
        Assert.Equal(T0.AddDays(9), appeal.PromisedFeedbackAt);
        Assert.True(appeal.IsPastPromise(T0.AddDays(10)));
        var lead = Grid();
        appeal.Dispatch(lead, [], Staff, T0.AddDays(10), null);
        appeal.Dispatch(Grid("g2"), [], Staff, T0.AddDays(11), "现场核实后改派");
        Assert.Equal(T0.AddDays(9), appeal.PromisedFeedbackAt);
        appeal.Acknowledge(appeal.Assignments.Single(a => a.EndedAt is null), Staff, T0.AddDays(11));
        appeal.Resolve("已处理", Staff, T0.AddDays(12));
        Assert.False(appeal.IsPastPromise(T0.AddDays(12))); // no longer open
        appeal.RecordFollowUp(resolved: false, satisfied: false, null, Staff, T0.AddDays(13));
        appeal.Reopen("仍未解决", TimeSpan.FromDays(15), Staff, T0.AddDays(14), new TimeLimit(T0.AddDays(15), T0.AddDays(23)));
        Assert.Equal((T0.AddDays(23), T0.AddDays(14), T0.AddDays(14)), (appeal.PromisedFeedback, appeal.PromiseMadeAt!.Value, appeal.FeedbackLimitFrom!.Value));
    }

    [Fact]
    public void An_appeal_closed_before_promises_were_stored_reads_its_feedback_limit_as_the_promise()
    {
        var appeal = NewAppeal();
        (appeal.PromisedFeedbackAt, appeal.PromiseMadeAt, appeal.FeedbackLimitFrom) = (null, null, null); // as migration AppealPromise leaves a closed row
        Assert.Equal(appeal.FeedbackDueAt, appeal.PromisedFeedback);
        Assert.True(appeal.IsPastPromise(appeal.FeedbackDueAt.AddMinutes(1)));
    }

    [Fact]
    public void Escalation_stops_at_the_district()
    {
        var appeal = NewAppeal();
        appeal.Accept(Staff, T0);
        var limit = new TimeLimit(T0.AddHours(24), T0.AddDays(9));
        appeal.Escalate("社区无法解决", Staff, T0, limit);
        appeal.Escalate("街道无法解决", Staff, T0, limit);
        Assert.Equal(AppealTier.District, appeal.Tier);
        var error = Assert.Throws<DomainException>(() => appeal.Escalate("再升级", Staff, T0, limit));
        Assert.Contains("兜底", error.Message);
    }

    [Fact]
    public void Merged_appeal_adds_its_supporters_to_the_main_one()
    {
        var main = NewAppeal();
        main.Id = 1;
        var duplicate = NewAppeal();
        duplicate.Id = 2;
        duplicate.MergeInto(main, Staff, T0);
        Assert.Equal(AppealState.Merged, duplicate.State);
        Assert.Equal(1, main.SupporterCount);
        Assert.Throws<DomainException>(() => main.MergeInto(main, Staff, T0));
    }

    [Fact]
    public void The_partial_index_of_open_appeals_names_the_same_states_as_the_open_queues()
    {
        var open = AppealDeadlines.Open().Compile();
        var inQueues = Enum.GetValues<AppealState>().Where(state => open(new Appeal { State = state })).Select(s => (int)s);
        var inIndex = System.Text.RegularExpressions.Regex.Matches(AppealDeadlines.OpenStatesSql, "[0-9]+").Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(inQueues, inIndex);
    }
}
