using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record FigureCount(string Key, string Name, int Count);

public sealed record OutreachFigures(DateOnly From, DateOnly To, int Sessions, int PeopleServed, int Questions, int ResolvedOnSpot, double? ResolvedOnSpotShare,
    int ApplicationsStarted, int ConcernsLogged, int ConcernsToAppeals, int ConcernsClosed, int Visits, int FindingsToAppeals,
    IReadOnlyList<FigureCount> VisitsByType, IReadOnlyList<FigureCount> VisitsByTag);

/// <summary>Dashboard figures for a period within the caller's area: desks, people served, concerns, share resolved on the spot, visits by type and tag.</summary>
public sealed class GetOutreachFigures(AppDbContext db, TimeProvider clock)
{
    public async Task<OutreachFigures> HandleAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var end = to ?? clock.Today();
        var start = from ?? end.AddDays(-29);
        if (start > end) throw new ValidationFailedException("from", "开始日期不能晚于结束日期");
        if (end.DayNumber - start.DayNumber > 366 * 3) throw new ValidationFailedException("from", "统计区间不能超过三年");
        var sessions = db.DeskSessions.AsNoTracking().Where(s => s.HeldOn >= start && s.HeldOn <= end);
        var sessionCount = await sessions.CountAsync(ct);
        var served = await sessions.SumAsync(s => (int?)s.PeopleServed, ct) ?? 0;
        var questions = db.DeskQuestions.AsNoTracking().Where(q => sessions.Any(s => s.Id == q.SessionId));
        var questionCount = await questions.CountAsync(ct);
        var resolved = await questions.CountAsync(q => q.ResolvedOnSpot, ct);
        var applications = await questions.CountAsync(q => q.ApplicationStarted, ct);

        var startAt = GetDayList.ShanghaiDayStart(start);
        var endAt = GetDayList.ShanghaiDayStart(end.AddDays(1));
        var diary = db.DiaryEntries.AsNoTracking().Where(e => e.WrittenAt >= startAt && e.WrittenAt < endAt);
        var byState = await diary.GroupBy(e => e.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var visits = db.Visits.AsNoTracking().Where(v => v.VisitedAt >= startAt && v.VisitedAt < endAt);
        var byType = await visits.GroupBy(v => new { v.Kind, v.Method }).Select(g => new { g.Key.Kind, g.Key.Method, Count = g.Count() }).ToListAsync(ct);
        var byTagSets = await visits.Where(v => v.Kind == VisitKind.Home).GroupBy(v => v.TagCodes).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var findingsRaised = await db.VisitFindings.AsNoTracking().CountAsync(f => f.AppealId != null && visits.Any(v => v.Id == f.VisitId), ct);
        var tagNames = await db.Tags.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name, ct);
        var byTag = byTagSets.SelectMany(s => (s.Key.Length == 0 ? ["none"] : s.Key.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(t => (Tag: t, s.Count)))
            .GroupBy(x => x.Tag).Select(g => new FigureCount(g.Key, g.Key == "none" ? "无标签" : tagNames.GetValueOrDefault(g.Key, g.Key), g.Sum(x => x.Count)))
            .OrderByDescending(f => f.Count).ToList();
        var typeFigures = byType.Select(t => new FigureCount(
                t.Kind == VisitKind.Patrol ? "patrol" : $"home-{t.Method?.ToString().ToLowerInvariant()}",
                t.Kind == VisitKind.Patrol ? OutreachNames.Of(t.Kind) : $"{OutreachNames.Of(t.Kind)}（{(t.Method is { } m ? OutreachNames.Of(m) : "未注明")}）", t.Count))
            .OrderByDescending(f => f.Count).ToList();

        var concerns = byState.Values.Sum();
        return new OutreachFigures(start, end, sessionCount, served, questionCount, resolved,
            questionCount == 0 ? null : Math.Round((double)resolved / questionCount, 4), applications, concerns,
            byState.GetValueOrDefault(DiaryState.Appealed), byState.GetValueOrDefault(DiaryState.Closed), byType.Sum(t => t.Count), findingsRaised, typeFigures, byTag);
    }
}
