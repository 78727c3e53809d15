using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record TimelineEntry(DateTimeOffset At, string Type, string? FromState, string ToState, string ToStateName, string Note, bool IsPublic,
    string ActorName, string ActorUnit);

public sealed record AssignmentView(long Id, AssigneeKind Kind, string KindName, string AssigneeName, string? AssigneeUserId, int? DepartmentId,
    string TierName, bool IsLead, DateTimeOffset DispatchedAt, DateTimeOffset AcknowledgeDueAt, DateTimeOffset? AcknowledgedAt,
    bool? AcknowledgedInTime, DateTimeOffset? ReportedAt, DateTimeOffset? EndedAt, bool CanAcknowledge);

public sealed record AttachmentView(long Id, string FileName, string ContentType, long Size, string Purpose, DateTimeOffset At);

/// <summary>A warning raised on the appeal; <paramref name="Current"/> when what it is about still holds (see <see cref="AppealWarning.StillApplies"/>).</summary>
public sealed record WarningView(string Code, string Name, string Level, string Text, DateTimeOffset At, bool Current);

/// <summary>
/// A text message to the reporter about this appeal, as staff see it: which notice, to the masked number (hidden from
/// a department that has handed the appeal on), and whether it went out, so staff know when to phone instead.
/// </summary>
public sealed record MessageView(string Template, string TemplateName, string? Recipient, DateTimeOffset QueuedAt, DateTimeOffset? SentAt, int Attempts,
    string StatusName, bool Failed);

public sealed record MergedView(long Id, string Number, string Title, DateTimeOffset SubmittedAt);

/// <summary>Everything the appeal page and GET /api/v1/appeals/{id} show, with the actions open to the caller now.</summary>
public sealed record AppealDetails(
    long Id, string Number, string TrackingCode, string Title, string Description,
    AppealKind Kind, string KindName, int CategoryId, string CategoryName, AppealChannel Channel, string ChannelName,
    AppealUrgency Urgency, string UrgencyName, AppealState State, string StateName, AppealTier Tier, string TierName,
    string Address, int? BuildingId, double? Latitude, double? Longitude, string? CommunityName,
    bool IsAnonymous, string? ReporterName, string? ReporterPhoneMasked, bool ReporterPhoneCallOnly, DateTimeOffset? ContactErasedAt, bool ContactWithheld, string? CurrentAssignee,
    DateTimeOffset SubmittedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? DispatchedAt, DateTimeOffset? ResolvedAt,
    DateTimeOffset? FollowedUpAt, DateTimeOffset? ClosedAt, DateTimeOffset DispatchDueAt, DateTimeOffset FeedbackDueAt,
    DateTimeOffset PromisedFeedbackAt, string? PastPromise, DeadlineStatus Status,
    string? RejectReason, string? Result, bool? RespondedInTime, bool? IsResolved, bool? IsSatisfied, int ReopenCount, int UnsatisfiedStreak,
    int SupporterCount, long? MergedIntoId, string? MergedIntoNumber, IReadOnlyList<MergedView> MergedAppeals,
    IReadOnlyList<AssignmentView> Assignments, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<WarningView> Warnings, IReadOnlyList<string> Actions, long Version, IReadOnlyList<MessageView> Messages, bool RatedByResident);

/// <summary>Reads one appeal for staff: details, timeline with names, assignments, attachments, warnings, allowed actions.</summary>
public sealed class GetAppeal(AppealWorkflow workflow)
{
    public async Task<AppealDetails> HandleAsync(long id, CancellationToken ct)
    {
        var db = workflow.Db;
        var appeal = await workflow.LoadAsync(id, ct);
        var now = workflow.Now;
        var category = await db.AppealCategories.AsNoTracking().Where(c => c.Id == appeal.CategoryId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "";
        var community = appeal.CommunityId is { } cid
            ? await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id == cid).Select(a => a.Name).FirstOrDefaultAsync(ct)
            : null;
        var events = await db.AppealEvents.AsNoTracking().Where(e => e.AppealId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var attachments = await db.AppealAttachments.IgnoreQueryFilters().AsNoTracking().Where(a => a.AppealId == id).OrderBy(a => a.Id)
            .Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Purpose, a.At)).ToListAsync(ct);
        var warnings = await db.Set<AppealWarning>().IgnoreQueryFilters().AsNoTracking().Where(w => w.AppealId == id).OrderByDescending(w => w.At)
            .Take(20).ToListAsync(ct);
        var merged = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => a.MergedIntoId == id).OrderBy(a => a.Id)
            .Select(a => new MergedView(a.Id, a.Number, a.Title, a.SubmittedAt)).ToListAsync(ct);
        var main = appeal.MergedIntoId is { } mid
            ? await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id == mid).Select(a => new { a.Number, a.ReopenCount }).FirstOrDefaultAsync(ct)
            : null;
        var mainNumber = main?.Number;

        var canHandle = workflow.HandlesAtTier(appeal);
        var departments = await workflow.MyDepartmentsAsync(ct);
        var userId = workflow.User.UserId;
        bool Mine(AppealAssignment a) => a.AssigneeUserId == userId && userId is not null || a.DepartmentId is { } d && departments.Contains(d);
        // Staff who run the appeal may record 签收/报到 only for a unit without an account of its own.
        var onBehalf = new HashSet<long>();
        if (canHandle)
            foreach (var a in appeal.Assignments.Where(a => a.EndedAt is null && a.AcknowledgedAt is null))
                if (!await workflow.HasOwnAccountAsync(a, ct)) onBehalf.Add(a.Id);
        var assignments = appeal.Assignments.OrderBy(a => a.DispatchedAt).ThenByDescending(a => a.IsLead).ThenBy(a => a.Id)
            .Select(a => new AssignmentView(a.Id, a.AssigneeKind, AppealNames.Of(a.AssigneeKind), a.AssigneeName, a.AssigneeUserId, a.DepartmentId,
                AppealNames.Of(a.Tier), a.IsLead, a.DispatchedAt, a.AcknowledgeDueAt, a.AcknowledgedAt, a.AcknowledgedInTime, a.ReportedAt, a.EndedAt,
                CanAcknowledge: a.EndedAt is null && a.AcknowledgedAt is null && appeal.IsOpen && (Mine(a) || onBehalf.Contains(a.Id))
                    && (!a.IsLead || appeal.State == AppealState.Dispatched)))
            .ToList();
        var isLead = appeal.Assignments.Any(a => a.EndedAt is null && a.IsLead && Mine(a));
        var actions = Actions(appeal, canHandle, isLead, assignments.Any(a => a.CanAcknowledge), workflow.Options, now);
        // A department that has handed the appeal on keeps its record of it, but no longer needs the reporter's contact.
        var withheld = !AppealPermissions.ReadsByArea(workflow.User) && !appeal.Assignments.Any(a => a.EndedAt is null && Mine(a));
        var rated = ResidentRating.Current(appeal, events);
        var messages = await MessagesAsync(AppealSmsKeys.All(id, Math.Max(appeal.ReopenCount, main?.ReopenCount ?? 0)), withheld, ct);

        return new AppealDetails(
            appeal.Id, appeal.Number, appeal.TrackingCode, appeal.Title, appeal.Description,
            appeal.Kind, AppealNames.Of(appeal.Kind), appeal.CategoryId, category, appeal.Channel, AppealNames.Of(appeal.Channel),
            appeal.Urgency, AppealNames.Of(appeal.Urgency), appeal.State, ResidentRating.StateNameOf(appeal.State, rated), appeal.Tier, AppealNames.Of(appeal.Tier),
            appeal.Address, appeal.BuildingId, appeal.Latitude, appeal.Longitude, community,
            appeal.IsAnonymous, withheld ? null : appeal.ReporterName, withheld ? null : appeal.ReporterPhoneMasked, appeal.ReporterPhoneCallOnly && !withheld, appeal.ContactErasedAt,
            withheld && appeal.HasContact, appeal.CurrentAssignee,
            appeal.SubmittedAt, appeal.AcceptedAt, appeal.DispatchedAt, appeal.ResolvedAt, appeal.FollowedUpAt, appeal.ClosedAt,
            appeal.DispatchDueAt, appeal.FeedbackDueAt,
            appeal.PromisedFeedback, AppealDeadlines.PastPromise(appeal.State, appeal.PromisedFeedback, now), AppealDeadlines.Evaluate(appeal, now, workflow.Options),
            appeal.RejectReason, appeal.Result, appeal.RespondedInTime, appeal.IsResolved, appeal.IsSatisfied, appeal.ReopenCount, appeal.UnsatisfiedStreak,
            appeal.SupporterCount, appeal.MergedIntoId, mainNumber, merged,
            assignments,
            events.Select(e => new TimelineEntry(e.At, e.Type, e.FromState?.ToString(), e.ToState.ToString(), ResidentRating.StateNameOf(e.ToState, ResidentRating.Is(e)), e.Note, e.IsPublic,
                e.ActorName, e.ActorUnit)).ToList(),
            attachments,
            warnings.Select(w => new WarningView(w.Code.ToString(), AppealWarning.NameOf(w.Code), w.Level, w.Text, w.At, w.StillApplies(appeal))).ToList(),
            actions, appeal.Version, messages, rated);
    }

    /// <summary>The reporter's text messages about this appeal, oldest first, found by their keys (<see cref="AppealSmsKeys"/>).</summary>
    private async Task<IReadOnlyList<MessageView>> MessagesAsync(List<string> keys, bool withheld, CancellationToken ct)
    {
        var rows = await workflow.Db.OutboxMessages.AsNoTracking().Where(m => keys.Contains(m.IdempotencyKey)).OrderBy(m => m.Id)
            .Select(m => new { m.Template, m.RecipientMasked, m.RecipientErasedAt, m.CreatedAt, m.SentAt, m.Attempts, m.LastError })
            .ToListAsync(ct);
        var maxAttempts = workflow.Options.Jobs.MaxSendAttempts;
        return rows.Select(m =>
        {
            var gaveUp = m.SentAt is null && m.Attempts >= maxAttempts;
            var status = m.SentAt is not null ? "已发送"
                : gaveUp ? $"发送失败（已尝试{m.Attempts}次，不再重试），请电话告知反映人"
                : m.LastError is not null ? $"发送未成功（已尝试{m.Attempts}次），系统将自动重试"
                : "待发送";
            var recipient = withheld ? null : m.RecipientErasedAt is not null ? "号码已按规定删除" : m.RecipientMasked;
            return new MessageView(m.Template, TemplateName(m.Template), recipient, m.CreatedAt, m.SentAt, m.Attempts, status, gaveUp || m.LastError is not null && m.SentAt is null);
        }).ToList();
    }

    public static string TemplateName(string template) => template switch
    {
        "appeal-accepted" => "受理通知", "appeal-rejected" => "不予受理通知", "appeal-merged" => "合并办理通知",
        "appeal-resolved" => "办结通知（请反映人评价）", _ => "短信通知",
    };

    /// <summary>The actions the caller can take now; the page shows exactly these, the entity still checks each one.</summary>
    public static IReadOnlyList<string> Actions(Appeal a, bool canHandle, bool isLead, bool canAcknowledge, AppealOptions options, DateTimeOffset now)
    {
        var list = new List<string>();
        var work = canHandle || isLead;
        switch (a.State)
        {
            case AppealState.Submitted:
                if (canHandle) list.AddRange(["accept", "reject", "merge"]);
                break;
            case AppealState.Accepted:
                if (canHandle) list.AddRange(["dispatch", "reject", "merge"]);
                break;
            case AppealState.Dispatched:
                if (canAcknowledge) list.Add("acknowledge");
                if (work) list.Add("progress");
                if (canHandle) list.AddRange(["transfer", "merge"]);
                break;
            case AppealState.Acknowledged:
                if (canAcknowledge) list.Add("acknowledge");
                if (work) list.AddRange(["start", "progress", "resolve"]);
                if (canHandle) list.AddRange(["transfer", "merge"]);
                break;
            case AppealState.InProgress:
                if (canAcknowledge) list.Add("acknowledge");
                if (work) list.AddRange(["progress", "resolve"]);
                if (canHandle) list.AddRange(["transfer", "merge"]);
                break;
            case AppealState.Resolved:
                if (canHandle) list.Add("follow-up");
                break;
            case AppealState.FollowedUp:
                if (canHandle) list.Add("close");
                break;
        }
        // The unit sent the appeal asks the dispatchers to take it back; those who dispatch transfer it themselves.
        if (isLead && !canHandle && a.State is AppealState.Dispatched or AppealState.Acknowledged or AppealState.InProgress) list.Add("return-request");
        if (canHandle && a.IsOpen && a.State != AppealState.Submitted && a.Tier != AppealTier.District) list.Add("escalate");
        if (canHandle && a.State is AppealState.FollowedUp or AppealState.Closed && !(a.IsSatisfied == true && a.IsResolved == true)
            && (a.FollowedUpAt is not { } at || now - at <= TimeSpan.FromDays(options.ReopenWindowDays)))
            list.Add("reopen");
        if (canHandle && a.HasContact) list.Add("erase-contact");
        return list;
    }

    public static string ActionName(string action) => action switch
    {
        "accept" => "受理", "reject" => "不予受理", "merge" => "合并", "dispatch" => "派单", "transfer" => "改派",
        "acknowledge" => "签收/报到", "start" => "开始办理", "progress" => "记录进展", "resolve" => "办结",
        "follow-up" => "回访", "close" => "关闭", "reopen" => "重新办理", "escalate" => "升级", "erase-contact" => "删除反映人信息", "return-request" => "申请退回", _ => action,
    };
}
