using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Appeals;

/// <summary>Raises a warning once per key: a warning row, a staff-only timeline entry, and notices to those who must act.</summary>
public static class AppealWarnings
{
    /// <returns>False when the warning had been raised before (nothing is written).</returns>
    public static async Task<bool> RaiseAsync(AppDbContext db, AppealNotifier notifier, Appeal appeal, AppealWarningCode code, string level,
        string text, string key, IEnumerable<string> recipients, DateTimeOffset now, CancellationToken ct)
    {
        var warnings = db.Set<AppealWarning>();
        if (warnings.Local.Any(w => w.Key == key) || await warnings.IgnoreQueryFilters().AnyAsync(w => w.Key == key, ct)) return false;
        warnings.Add(new AppealWarning { AppealId = appeal.Id, Key = key, Code = code, Level = level, Text = text, At = now, AreaPath = appeal.AreaPath });
        appeal.Warn($"{AppealWarning.NameOf(code)}：{text}", AppealWorkflow.System, now);
        await notifier.NotifyAsync(recipients, $"【{(level == "red" ? "红灯" : "黄灯")}预警】{text}", AppealNotifier.LinkTo(appeal), key, ct);
        return true;
    }
}
