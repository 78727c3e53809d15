using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record RaiseDiaryInput(AppealKind? Kind = null, int? CategoryId = null);

public sealed record RaisedDiaryEntry(long EntryId, long AppealId, string Number);

/// <summary>A concerns diary entry becomes an appeal in one step (channel 民情日记本); the entry then follows the appeal.</summary>
public sealed class RaiseDiaryEntry(AppDbContext db, SubmitAppeal submitAppeal, AppealWorkflow workflow)
{
    public async Task<RaisedDiaryEntry> HandleAsync(long entryId, RaiseDiaryInput input, CancellationToken ct)
    {
        var entry = await db.DiaryEntries.FirstOrDefaultAsync(e => e.Id == entryId, ct)
            ?? throw new NotFoundException($"找不到编号为{entryId}的民情日记，或不在您的管辖范围内。");
        if (entry.State != DiaryState.Open) throw new DomainException($"该条民情日记{OutreachNames.Of(entry.State)}，不能再转为诉求。");
        var categoryId = input.CategoryId ?? entry.CategoryId
            ?? await db.AppealCategories.Where(c => c.Code == "other").Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        var actor = await workflow.ActorAsync(ct);
        // Keyed by the entry: a second tap, or a retry after a lost answer, finds the same appeal.
        var appeal = await submitAppeal.HandleAsync(new SubmitAppealRequest(
            input.Kind ?? AppealKind.Help, categoryId, entry.Concern, Channel: AppealChannel.ConcernsDiary, BuildingId: entry.BuildingId,
            ReporterName: entry.ResidentName ?? actor.Name, IdempotencyKey: $"diary:{entry.Id}"), actor, publicIntake: false, ct);
        entry.BecameAppeal(appeal.Id);
        await db.SaveChangesAsync(ct);
        return new RaisedDiaryEntry(entry.Id, appeal.Id, appeal.Number);
    }
}
