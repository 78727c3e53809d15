using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Corrects a dwelling's floor and exclusive area (专有部分面积), which weigh in owners' votes.</summary>
public sealed class UpdateDwelling(AppDbContext db, AuditLog audit)
{
    public const int LowestFloor = -5;

    public sealed record Request(int? Floor, decimal? ExclusiveArea);

    public async Task<DwellingView> HandleAsync(int id, Request request, CancellationToken ct)
    {
        var dwelling = await PlaceLookup.DwellingAsync(db, id, audit, ct);
        var floors = await db.Buildings.IgnoreQueryFilters().Where(b => b.Id == dwelling.BuildingId).Select(b => b.Floors).FirstAsync(ct);
        var validation = new Validation();
        if (request.Floor is not { } floor) validation.Add("floor", "请填写所在楼层");
        else if (floor == 0 || floor < LowestFloor || floor > floors)
            validation.Add("floor", $"楼层应在{LowestFloor}到{floors}之间且不为0（地下层用负数）");
        BuildingRules.CheckArea(validation, request.ExclusiveArea, "exclusiveArea");
        validation.ThrowIfInvalid();
        dwelling.Update(request.Floor!.Value, request.ExclusiveArea!.Value);
        await db.SaveChangesAsync(ct);
        var residents = await db.Residents.CountAsync(r => r.DwellingId == id, ct);
        return new DwellingView(dwelling.Id, dwelling.Number, dwelling.Floor, dwelling.ExclusiveArea, residents);
    }
}
