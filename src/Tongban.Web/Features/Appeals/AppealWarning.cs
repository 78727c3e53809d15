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
    /// Whether what the warning is about still holds for the appeal as it is now: a dispatch warning ends with the
    /// dispatch, a deadline warning when that deadline is replaced, a 签收 warning with the 签收. Events (an automatic
    /// escalation, two unsatisfied ratings) are history. The page shows the ones that hold first and the rest as ended,
    /// so staff are not told to dispatch an appeal that is already dispatched. The keys name the deadline they were about.
    /// </summary>
    public bool StillApplies(Appeal a)
    {
        var parts = Key.Split(':');
        long? Ticks() => parts.Length > 0 && long.TryParse(parts[^1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
        var undispatched = AppealDeadlines.IsUndispatched(a.State);
        return Code switch
        {
            AppealWarningCode.DispatchDueSoon => undispatched && Ticks() == a.DispatchDueAt.UtcTicks,
            AppealWarningCode.FeedbackDueSoon => a.IsOpen && Ticks() == a.FeedbackDueAt.UtcTicks,
            AppealWarningCode.Overdue => a.IsOpen,
            AppealWarningCode.NoResponse when Key.StartsWith("warn:no-ack:", StringComparison.Ordinal) =>
                a.State == AppealState.Dispatched && a.DispatchedAt is { } d && Ticks() == d.UtcTicks,
            AppealWarningCode.NoResponse => undispatched && a.FirstDispatchedAt is null,
            AppealWarningCode.NoProgress => a.IsOpen && Ticks() == a.LastProgressAt.UtcTicks,
            AppealWarningCode.AcknowledgeOverdue => parts.Length == 3 && long.TryParse(parts[2], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var assignment)
                && a.Assignments.Any(x => x.Id == assignment && x.EndedAt is null && x.AcknowledgedAt is null),
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
