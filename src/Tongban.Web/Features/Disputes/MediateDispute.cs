using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

public sealed record RecordSessionRequest(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Place, SessionMode? Mode, string? Attendees, string? Record);
public sealed record DraftAgreementRequest(string? Facts, string? Matters, string? Responsibilities, string? Terms, string? PerformanceManner, string? PerformanceDeadline);
public sealed record FinaliseAgreementRequest(DateOnly? SignedOn);
public sealed record OralAgreementRequest(string? Content);
public sealed record RecordFailureRequest(string? Reason, ReferralRoute? Referral, string? ReferralNote);
public sealed record ExtendDisputeRequest(int? Days, string? Reason);

/// <summary>
/// 调解: sessions with their record, the written agreement (draft, then finalised under Art. 29 once signed), an oral
/// agreement under Art. 28, or failure with the route given; extensions of the 30-day target. Each is one small use case
/// sharing the same load-check-save steps, so they sit together here.
/// </summary>
public sealed class MediateDispute(DisputeWorkflow workflow)
{
    public Task RecordSessionAsync(long id, RecordSessionRequest r, CancellationToken ct) => ActAsync(id, async (c, actor) =>
    {
        var v = new Validation();
        v.Require(r.StartsAt is not null, "startsAt", "请填写调解时间");
        v.Require(r.Mode is not null && Enum.IsDefined(r.Mode.Value), "mode", "请选择面对面或背对背调解");
        v.Require((r.Place?.Length ?? 0) <= 200, "place", "地点不能超过200字");
        v.Require((r.Attendees?.Length ?? 0) <= 500, "attendees", "到场人员不能超过500字");
        v.Require((r.Record?.Length ?? 0) <= 8000, "record", "笔录不能超过8000字");
        v.ThrowIfInvalid();
        c.RecordSession(new DisputeSession
        {
            StartsAt = r.StartsAt!.Value.ToUniversalTime(), EndsAt = r.EndsAt?.ToUniversalTime(), Place = r.Place?.Trim() ?? "", Mode = r.Mode!.Value,
            Attendees = r.Attendees?.Trim() ?? "", Record = r.Record?.Trim() ?? "", RecordedByName = actor.Name,
        }, actor, workflow.Now);
        await Task.CompletedTask;
    }, ct);

    public Task DraftAgreementAsync(long id, DraftAgreementRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        var v = new Validation();
        v.Require((r.Facts?.Length ?? 0) <= 4000, "facts", "主要事实不能超过4000字");
        v.Require((r.Matters?.Length ?? 0) <= 2000, "matters", "争议事项不能超过2000字");
        v.Require((r.Responsibilities?.Length ?? 0) <= 2000, "responsibilities", "各方责任不能超过2000字");
        v.Require((r.Terms?.Length ?? 0) <= 4000, "terms", "协议内容不能超过4000字");
        v.Require((r.PerformanceManner?.Length ?? 0) <= 1000, "performanceManner", "履行方式不能超过1000字");
        v.Require((r.PerformanceDeadline?.Length ?? 0) <= 200, "performanceDeadline", "履行期限不能超过200字");
        v.ThrowIfInvalid();
        c.DraftAgreement(new DisputeAgreementDraft(r.Facts, r.Matters, r.Responsibilities, r.Terms, r.PerformanceManner, r.PerformanceDeadline), actor, workflow.Now);
        return Task.CompletedTask;
    }, ct);

    public Task FinaliseAgreementAsync(long id, FinaliseAgreementRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        if (r.SignedOn is null) throw new ValidationFailedException("signedOn", "请填写各方签字（盖章、按指印）的日期，协议自该日起生效");
        var deadline = DisputeDeadlines.JudicialDeadline(r.SignedOn.Value, workflow.Calendar);
        c.FinaliseAgreement(r.SignedOn.Value, deadline, workflow.Today, actor, workflow.Now);
        return Task.CompletedTask;
    }, ct);

    public Task RecordOralAgreementAsync(long id, OralAgreementRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        if ((r.Content?.Length ?? 0) > 4000) throw new ValidationFailedException("content", "口头协议记录不能超过4000字");
        c.RecordOralAgreement(r.Content, actor, workflow.Now);
        return Task.CompletedTask;
    }, ct);

    public Task RecordFailureAsync(long id, RecordFailureRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        if (r.Referral is { } route && !Enum.IsDefined(route)) throw new ValidationFailedException("referral", "请选择告知当事人的途径");
        if ((r.Reason?.Length ?? 0) > 2000) throw new ValidationFailedException("reason", "原因不能超过2000字");
        c.RecordFailure(r.Reason, r.Referral, r.ReferralNote, actor, workflow.Now);
        return Task.CompletedTask;
    }, ct);

    public Task ExtendAsync(long id, ExtendDisputeRequest r, CancellationToken ct) => ActAsync(id, (c, actor) =>
    {
        if ((r.Reason?.Length ?? 0) > 500) throw new ValidationFailedException("reason", "理由不能超过500字");
        c.Extend(r.Days ?? 0, r.Reason, actor, workflow.Now);
        return Task.CompletedTask;
    }, ct);

    private async Task ActAsync(long id, Func<DisputeCase, DisputeActor, Task> act, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        workflow.EnsureCanMediate(c);
        await act(c, await workflow.ActorAsync(ct));
        await workflow.SaveAsync(ct);
    }
}

/// <summary>The day counts of the process, in Asia/Shanghai calendar days.</summary>
public static class DisputeDeadlines
{
    /// <summary>
    /// Art. 33: within 30 days of the agreement taking effect. The day it takes effect is not counted (Civil Code Art. 201),
    /// and a last day that falls on a rest day or holiday moves to the next working day (Art. 203).
    /// </summary>
    public static DateOnly JudicialDeadline(DateOnly effectiveOn, WorkingCalendar calendar)
    {
        var last = effectiveOn.AddDays(DisputeCase.JudicialWindowDays);
        while (!calendar.IsWorkingDay(last)) last = last.AddDays(1);
        return last;
    }

    /// <summary>Days left until a date (negative once passed).</summary>
    public static int DaysLeft(DateOnly due, DateOnly today) => due.DayNumber - today.DayNumber;
}
