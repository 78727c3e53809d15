using Tongban.Web.Features.Disputes;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Disputes;

/// <summary>The case's state machine on its own: the closed loop, refused steps, Art. 29 parts and the day counts.</summary>
[Trait("Db", "none")]
public sealed class DisputeLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero); // 09:00 in Shanghai
    private static readonly DisputeActor Staff = new("u1", "周敏", "滨河社区");
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Calendar", "cn-holidays.json"));

    private static DisputeCase NewCase(DateTimeOffset? at = null) => DisputeCase.Register(new DisputeRegistration(
        "TJ261102000001", "楼上夜间高跟鞋噪音", DisputeType.Neighbour, DisputeSource.Application, null, null, null,
        "楼上住户夜间穿高跟鞋走动，影响楼下高三学生休息", "滨河小区3号楼", 1, 10, "990101000000/990101001000/", false,
        [
            new DisputeParty { Kind = PartyKind.Person, Role = PartyRole.Applicant, Name = "李建国", Address = "3号楼1单元201" },
            new DisputeParty { Kind = PartyKind.Person, Role = PartyRole.Respondent, Name = "王丽", Address = "3号楼1单元301" },
        ]), Staff, at ?? T0);

    private static DisputeCase Mediating()
    {
        var c = NewCase();
        c.Assess(new DisputeAssessment(RiskLevel.Low, null, true, null, null, MediationTier.Community, null), Staff, T0.AddHours(1));
        c.AssignMediators(new DisputeMediator { UserId = "m1", Name = "调解员张华" }, [], null, Staff, T0.AddHours(1));
        c.RecordSession(new DisputeSession { StartsAt = T0.AddHours(2), Place = "3号楼201室", Mode = SessionMode.Separate, Attendees = "李建国、李同学", Record = "听取楼下意见" }, Staff, T0.AddHours(3));
        return c;
    }

    private static DisputeAgreementDraft FullDraft => new("楼上夜间穿高跟鞋走动", "夜间噪音", "王丽应注意夜间生活噪音", "晚十点后不穿高跟鞋；王丽向李家道歉",
        "王丽自觉遵守，李家监督", "自签字之日起长期履行");

    [Fact]
    public void Runs_the_closed_loop_from_intake_to_closing_with_every_step_on_the_timeline()
    {
        var c = Mediating();
        c.DraftAgreement(FullDraft, Staff, T0.AddHours(4));
        c.FinaliseAgreement(new DateOnly(2026, 11, 2), DisputeDeadlines.JudicialDeadline(new DateOnly(2026, 11, 2), Calendar), new DateOnly(2026, 11, 2), Staff, T0.AddHours(5));
        c.RecordVisit(new DateOnly(2026, 11, 2), PerformanceStatus.Fulfilled, "夜间已无高跟鞋声", "李建国家", new DateOnly(2026, 11, 2), Staff, T0.AddHours(10));
        c.Close("协议履行良好", Staff, T0.AddHours(11));

        Assert.Equal(DisputeState.Closed, c.State);
        Assert.Equal(MediationTier.Community, c.OutcomeTier);
        Assert.Equal(PerformanceStatus.Fulfilled, c.Performance);
        Assert.Equal(["register", "assess", "assign", "session", "agreement-draft", "agreement", "visit", "close"], c.Events.Select(e => e.Type));
    }

    [Fact]
    public void Illegal_steps_are_refused_with_a_Chinese_message_and_leave_no_trace()
    {
        var c = NewCase();
        var error = Assert.Throws<DomainException>(() => c.RecordOralAgreement("口头协议", Staff, T0));
        Assert.Equal("案件当前状态为“已受理”，不能登记口头协议。", error.Message);
        Assert.Throws<DomainException>(() => c.Close(null, Staff, T0));
        Assert.Throws<DomainException>(() => c.AssignMediators(new DisputeMediator { UserId = "m1", Name = "张华" }, [], null, Staff, T0));
        c.Assess(new DisputeAssessment(RiskLevel.Low, null, true, null, null, MediationTier.Community, null), Staff, T0);
        Assert.Equal("请先指派主办调解员，再开始调解。", Assert.Throws<DomainException>(() =>
            c.RecordSession(new DisputeSession { StartsAt = T0, Place = "社区", Attendees = "双方", Record = "笔录" }, Staff, T0)).Message);
        Assert.Equal(2, c.Events.Count);
    }

    [Fact]
    public void An_agreement_cannot_be_closed_before_a_follow_up_visit()
    {
        var c = Mediating();
        c.RecordOralAgreement("双方同意夜间不穿高跟鞋", Staff, T0.AddHours(4));
        var error = Assert.Throws<DomainException>(() => c.Close(null, Staff, T0.AddHours(5)));
        Assert.Contains("回访", error.Message);
    }

    [Fact]
    public void An_agreement_missing_an_Art_29_part_cannot_be_finalised_and_every_missing_part_is_named()
    {
        var c = Mediating();
        c.DraftAgreement(FullDraft with { Responsibilities = " ", PerformanceDeadline = null }, Staff, T0.AddHours(4));
        var error = Assert.Throws<ValidationFailedException>(() =>
            c.FinaliseAgreement(new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 2), new DateOnly(2026, 11, 2), Staff, T0.AddHours(5)));
        Assert.Equal(["performanceDeadline", "responsibilities"], error.Errors.Keys.Order());
        Assert.Equal(DisputeState.Mediating, c.State);
        Assert.Null(c.AgreementEffectiveOn);
    }

    [Fact]
    public void A_conflicted_mediator_steps_aside_and_cannot_be_assigned_again()
    {
        var c = Mediating();
        c.RecordConflict(new DisputeConflict { UserId = "m1", Name = "调解员张华", Relation = "被申请人王丽的表姐" }, Staff, T0.AddHours(4));
        Assert.Null(c.LeadMediatorUserId);
        var error = Assert.Throws<DomainException>(() => c.AssignMediators(new DisputeMediator { UserId = "m1", Name = "调解员张华" }, [], "重新指派", Staff, T0.AddHours(5)));
        Assert.Contains("回避", error.Message);
    }

    [Fact]
    public void Escalation_moves_up_one_tier_at_a_time_and_hands_the_lead_over()
    {
        var c = Mediating();
        c.Escalate("双方分歧大，需要街道协调物业和派出所", Staff, T0.AddHours(5));
        Assert.Equal(MediationTier.Street, c.Tier);
        Assert.Equal(DisputeState.Assessed, c.State);
        Assert.Null(c.LeadMediatorUserId);
        c.Escalate("仍未化解", Staff, T0.AddHours(6));
        Assert.Equal(MediationTier.District, c.Tier);
        Assert.Throws<DomainException>(() => c.Escalate("再升级", Staff, T0.AddHours(7)));
        Assert.Equal(["社区人民调解委员会", "社区人民调解委员会", "社区人民调解委员会", "社区人民调解委员会", "街道矛盾纠纷调解中心", "区矛盾纠纷调处化解中心"],
            c.Events.Select(e => DisputeNames.Of(e.Tier)));
    }

    [Theory]
    [InlineData("2026-01-30", "2026-03-02")] // 30 days after Jan 30 is Sunday Mar 1: the period ends on Monday Mar 2
    [InlineData("2026-01-31", "2026-03-02")] // Jan 31 + 30 = Mar 2 (February has 28 days in 2026)
    [InlineData("2026-02-14", "2026-03-16")] // starts in the Spring Festival week, ends on a Monday
    [InlineData("2026-01-16", "2026-02-24")] // Feb 15 falls in the Spring Festival holiday (Feb 15-23): moves to Feb 24
    [InlineData("2026-09-01", "2026-10-08")] // Oct 1 is National Day: moves past the golden week
    [InlineData("2026-12-31", "2027-02-01")] // Jan 30 2027 is a Saturday: moves to Monday Feb 1
    [InlineData("2026-04-30", "2026-06-01")] // May 30 Saturday, May 31 Sunday
    public void The_judicial_confirmation_window_counts_30_days_across_month_ends_and_skips_rest_days(string effective, string deadline) =>
        Assert.Equal(DateOnly.Parse(deadline), DisputeDeadlines.JudicialDeadline(DateOnly.Parse(effective), Calendar));

    [Theory]
    [InlineData("2026-01-31T02:00:00Z", "2026-03-02")] // 10:00 Jan 31 in Shanghai
    [InlineData("2026-01-31T17:00:00Z", "2026-03-03")] // already Feb 1 in Shanghai
    [InlineData("2026-02-28T03:00:00Z", "2026-03-30")]
    [InlineData("2026-12-15T03:00:00Z", "2027-01-14")]
    public void The_30_day_target_counts_from_the_intake_day_in_Shanghai(string registeredAt, string due)
    {
        var c = NewCase(DateTimeOffset.Parse(registeredAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateOnly.Parse(due), c.DueOn);
    }

    [Fact]
    public void Extensions_move_the_target_across_a_month_end_and_are_recorded()
    {
        var c = NewCase(new DateTimeOffset(2026, 1, 20, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 2, 19), c.DueOn);
        c.Extend(15, "当事人外出务工，春节后返回", Staff, T0);
        Assert.Equal(new DateOnly(2026, 3, 6), c.DueOn);
        Assert.Equal(new DateOnly(2026, 2, 19), c.Extensions.Single().PreviousDueOn);
        Assert.Throws<ValidationFailedException>(() => c.Extend(10, " ", Staff, T0));
        Assert.Throws<ValidationFailedException>(() => c.Extend(0, "理由", Staff, T0));
    }

    [Fact]
    public void Follow_up_and_judicial_dates_out_of_order_are_refused()
    {
        var c = Mediating();
        c.DraftAgreement(FullDraft, Staff, T0.AddHours(4));
        var effective = new DateOnly(2026, 11, 2);
        c.FinaliseAgreement(effective, DisputeDeadlines.JudicialDeadline(effective, Calendar), new DateOnly(2026, 11, 2), Staff, T0.AddHours(5));
        var today = new DateOnly(2026, 11, 20);
        Assert.Contains("visitedOn", Assert.Throws<ValidationFailedException>(() =>
            c.RecordVisit(new DateOnly(2026, 11, 1), PerformanceStatus.Fulfilled, "已履行", null, today, Staff, T0.AddDays(18))).Errors.Keys);
        Assert.Contains("appliedOn", Assert.Throws<ValidationFailedException>(() =>
            c.ApplyForJudicialConfirmation(new DateOnly(2026, 11, 1), "清源区人民法院", today, Staff, T0.AddDays(18))).Errors.Keys);
        Assert.Contains("30日", Assert.Throws<DomainException>(() =>
            c.ApplyForJudicialConfirmation(new DateOnly(2026, 12, 3), "清源区人民法院", new DateOnly(2026, 12, 5), Staff, T0.AddDays(33))).Message);
        c.ApplyForJudicialConfirmation(new DateOnly(2026, 11, 10), "清源区人民法院", today, Staff, T0.AddDays(18));
        Assert.Contains("resultOn", Assert.Throws<ValidationFailedException>(() =>
            c.RecordJudicialResult(true, new DateOnly(2026, 11, 9), null, today, Staff, T0.AddDays(18))).Errors.Keys);
        c.RecordJudicialResult(true, new DateOnly(2026, 11, 15), "裁定确认有效", today, Staff, T0.AddDays(18));
        Assert.Equal(JudicialStatus.Confirmed, c.Judicial);
    }
}
