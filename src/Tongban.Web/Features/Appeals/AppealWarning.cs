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
