using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>A finding kept on the visit only, turned into an appeal later with one tap (channel grid patrol).</summary>
public sealed class RaiseFinding(AppDbContext db, SubmitAppeal submitAppeal, AppealWorkflow workflow)
{
    public async Task<RaisedAppeal> HandleAsync(long findingId, CancellationToken ct)
    {
        var finding = await db.VisitFindings.FirstOrDefaultAsync(f => f.Id == findingId, ct)
            ?? throw new NotFoundException($"找不到编号为{findingId}的走访发现，或不在您的管辖范围内。");
        if (finding.AppealId is not null) throw new DomainException("该问题已转为诉求，不能重复提交。");
        var visit = await db.Visits.AsNoTracking().Where(v => v.Id == finding.VisitId)
            .Select(v => new { v.BuildingId, v.DwellingId, v.IdempotencyKey, Photos = v.Photos.Select(p => new { p.Sha256, p.ContentType, p.Size }).ToList() })
            .FirstAsync(ct);
        var actor = await workflow.ActorAsync(ct);
        var appeal = await submitAppeal.HandleAsync(new SubmitAppealRequest(
            finding.Kind == FindingKind.Hazard ? AppealKind.Report : AppealKind.Help, finding.CategoryId, finding.Description,
            Channel: AppealChannel.GridPatrol, BuildingId: visit.BuildingId, DwellingId: visit.DwellingId, ReporterName: actor.Name,
            IdempotencyKey: $"finding:{finding.Id}",
            Attachments: visit.Photos.Select(p => new StoredFile(p.Sha256, p.ContentType, p.Size, "走访照片")).ToList()), actor, publicIntake: false, ct);
        finding.Raised(appeal.Id);
        await db.SaveChangesAsync(ct);
        return new RaisedAppeal(finding.Id, appeal.Id, appeal.Number);
    }
}
