using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record DeskQuestionView(long Id, string Question, string Answer, int? ServiceItemId, string? ServiceItem, bool ResolvedOnSpot, bool ApplicationStarted,
    long? ApplicationId, string? ApplicationNumber, string? FirstInquiryOwner);

public sealed record DeskSessionView(long Id, int? PlanId, int? SlotId, int BuildingId, string Building, DateOnly HeldOn, TimeOnly StartTime, TimeOnly EndTime,
    string Staff, string Departments, int PeopleServed, string Summary, string RecordedBy, DateTimeOffset RecordedAt, bool IsSample,
    IReadOnlyList<DeskQuestionView> Questions, IReadOnlyList<DiaryEntryView> Concerns, int ResolvedOnSpot, int ApplicationsStarted);

public sealed record DeskSessionSummary(long Id, DateOnly HeldOn, string Building, int PeopleServed, int Questions, int ResolvedOnSpot, int Concerns, bool IsSample);

/// <summary>A desk session and its summary (一场一小结): served, answered on the spot, applications started, concerns and what became of them.</summary>
public sealed class GetDeskSession(AppDbContext db, ListDiary diary)
{
    public async Task<DeskSessionView> HandleAsync(long id, CancellationToken ct)
    {
        var s = await db.DeskSessions.AsNoTracking().Include(x => x.Questions).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException($"找不到编号为{id}的流动办公记录，或不在您的管辖范围内。");
        var building = (await OutreachPlaces.NamesAsync(db, [s.BuildingId], ct)).GetValueOrDefault(s.BuildingId, "");
        var concerns = await diary.HandleAsync(new DiaryQuery(SessionId: id, PageSize: 100), ct);
        // The numbers of the applications started here: shown with the question whoever may open the application itself.
        var applicationIds = s.Questions.Where(q => q.ApplicationId is not null).Select(q => q.ApplicationId!.Value).ToList();
        var numbers = await db.ServiceApplications().IgnoreQueryFilters().AsNoTracking().Where(a => applicationIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Number, ct);
        var questions = s.Questions.OrderBy(q => q.Id).Select(q => new DeskQuestionView(q.Id, q.Question, q.Answer, q.ServiceItemId, q.ServiceItem, q.ResolvedOnSpot,
            q.ApplicationStarted, q.ApplicationId, q.ApplicationId is { } a ? numbers.GetValueOrDefault(a) : null, q.FirstInquiryOwner)).ToList();
        return new DeskSessionView(s.Id, s.PlanId, s.SlotId, s.BuildingId, building, s.HeldOn, s.StartTime, s.EndTime, s.Staff, s.Departments, s.PeopleServed,
            s.Summary, s.RecordedBy, s.RecordedAt, s.IsSample, questions, concerns.Items, questions.Count(q => q.ResolvedOnSpot), questions.Count(q => q.ApplicationStarted));
    }

    public async Task<IReadOnlyList<DeskSessionSummary>> RecentAsync(int take, CancellationToken ct)
    {
        var rows = await db.DeskSessions.AsNoTracking().OrderByDescending(s => s.HeldOn).ThenByDescending(s => s.Id).Take(Math.Clamp(take, 1, 200))
            .Select(s => new
            {
                s.Id, s.HeldOn, s.BuildingId, s.PeopleServed, Questions = s.Questions.Count, Resolved = s.Questions.Count(q => q.ResolvedOnSpot), s.IsSample,
                Concerns = db.Set<DiaryEntry>().Count(e => e.SessionId == s.Id),
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.BuildingId).Distinct().ToList();
        var names = await OutreachPlaces.NamesAsync(db, ids, ct);
        return rows.Select(r => new DeskSessionSummary(r.Id, r.HeldOn, names.GetValueOrDefault(r.BuildingId, ""), r.PeopleServed, r.Questions, r.Resolved, r.Concerns, r.IsSample)).ToList();
    }
}
