using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>What a warning is about (预警类型).</summary>
public enum AppealWarningCode
{
    DispatchDueSoon = 1,     // 派单即将到期
    FeedbackDueSoon = 2,     // 办理即将到期
    Overdue = 3,             // 已超期（区级兜底，不能再升级）
    NoResponse = 4,          // 24小时未响应
    NoProgress = 5,          // 3天无进展
    UnsatisfiedTwice = 6,    // 连续两次不满意
    AcknowledgeOverdue = 7,  // 超时未签收/报到
    Escalated = 8,           // 超时自动升级
    FollowUpOverdue = 9,     // 办结后超时未回访
}

/// <summary>
/// One warning the deadline job raised (红黄牌预警). The key is unique, so the same warning is raised once however
/// often the job runs or on however many nodes; it also feeds the warnings shown on the appeal page.
/// </summary>
public class AppealWarning : IAreaScoped
{
    public long Id { get; set; }
    public long AppealId { get; set; }
    public string Key { get; set; } = "";
    public AppealWarningCode Code { get; set; }

    /// <summary>red (超期) or yellow (预警).</summary>
    public string Level { get; set; } = "yellow";
    public string Text { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string AreaPath { get; set; } = "";

    /// <summary>
    /// The keys of the warnings raised against a deadline or a moment: the deadline is the key's last part, so the
    /// warning fires once per deadline and <see cref="StillApplies"/> can tell when it has been replaced.
    /// </summary>
    public static class Keys
    {
        public static string DispatchDue(long appealId, DateTimeOffset due) => $"warn:dispatch-due:{appealId}:{due.UtcTicks}";
        public static string FeedbackDue(long appealId, DateTimeOffset due) => $"warn:feedback-due:{appealId}:{due.UtcTicks}";
        public static string NotAcknowledged(long appealId, DateTimeOffset dispatched) => $"warn:no-ack:{appealId}:{dispatched.UtcTicks}";
        public static string NoProgress(long appealId, DateTimeOffset lastProgress) => $"warn:no-progress:{appealId}:{lastProgress.UtcTicks}";
        public static string AcknowledgeOverdue(long assignmentId) => $"warn:ack:{assignmentId}";

        internal static bool IsNotAcknowledged(string key) => key.StartsWith("warn:no-ack:", StringComparison.Ordinal);

        /// <summary>The number a key ends with: the ticks of its deadline, or the assignment's id.</summary>
        internal static long? Last(string key) =>
            long.TryParse(key.AsSpan(key.LastIndexOf(':') + 1), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>
    /// Whether what the warning is about still holds for the appeal as it is now: a dispatch warning ends with the
    /// dispatch, a deadline warning when that deadline is replaced, a 签收 warning with the 签收. Events (an automatic
    /// escalation, two unsatisfied ratings) are history. The page shows the ones that hold first and the rest as ended,
    /// so staff are not told to dispatch an appeal that is already dispatched.
    /// </summary>
    public bool StillApplies(Appeal a)
    {
        var last = Keys.Last(Key);
        return Code switch
        {
            AppealWarningCode.DispatchDueSoon => AppealDeadlines.IsUndispatched(a.State) && last == a.DispatchDueAt.UtcTicks,
            AppealWarningCode.FeedbackDueSoon => a.IsOpen && last == a.FeedbackDueAt.UtcTicks,
            AppealWarningCode.Overdue => a.IsOpen,
            AppealWarningCode.NoResponse when Keys.IsNotAcknowledged(Key) => a.State == AppealState.Dispatched && a.DispatchedAt?.UtcTicks == last,
            AppealWarningCode.NoResponse => AppealDeadlines.AwaitsFirstResponse(a.State, a.FirstDispatchedAt),
            AppealWarningCode.NoProgress => a.IsOpen && last == a.LastProgressAt.UtcTicks,
            AppealWarningCode.AcknowledgeOverdue => a.Assignments.Any(x => x.Id == last && x.EndedAt is null && x.AcknowledgedAt is null),
            AppealWarningCode.FollowUpOverdue => a.State == AppealState.Resolved,
            _ => false,
        };
    }

    public static string NameOf(AppealWarningCode code) => code switch
    {
        AppealWarningCode.DispatchDueSoon => "派单即将到期",
        AppealWarningCode.FeedbackDueSoon => "办理即将到期",
        AppealWarningCode.Overdue => "已超期",
        AppealWarningCode.NoResponse => "超过24小时未响应",
        AppealWarningCode.NoProgress => "超过3天无进展",
        AppealWarningCode.UnsatisfiedTwice => "连续两次不满意",
        AppealWarningCode.AcknowledgeOverdue => "超时未签收",
        AppealWarningCode.Escalated => "超时自动升级",
        AppealWarningCode.FollowUpOverdue => "超时未回访",
        _ => code.ToString(),
    };
}

internal sealed class AppealWarningConfiguration : IEntityTypeConfiguration<AppealWarning>
{
    public void Configure(EntityTypeBuilder<AppealWarning> b)
    {
        b.Property(w => w.Key).HasMaxLength(160).IsRequired();
        b.HasIndex(w => w.Key).IsUnique();
        b.Property(w => w.Level).HasMaxLength(10);
        b.Property(w => w.Text).HasMaxLength(300);
        b.HasIndex(w => new { w.AppealId, w.At });
    }
}
