using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

public sealed record GridChangeView(long Id, int FromGridId, string FromGridName, int ToGridId, string ToGridName,
    DateTimeOffset ChangedAt, string ChangedBy, string Reason);

/// <summary>
/// Moves a building to another grid of its community. The old assignment is kept as history, and the area path of the
/// building and of everything in it (units, dwellings, households, residents) follows in the same transaction.
/// </summary>
public sealed class MoveBuildingToGrid(AppDbContext db, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public sealed record Request(int? GridId, string? Reason);

    public async Task<GridChangeView> HandleAsync(int buildingId, Request request, CancellationToken ct)
    {
        var building = await PlaceLookup.BuildingAsync(db, buildingId, audit, ct);
        var validation = new Validation();
        var reason = request.Reason?.Trim() ?? "";
        validation.Require(request.GridId is not null, "gridId", "请选择要调整到的网格")
            .Require(reason.Length > 0, "reason", "请填写调整原因")
            .Require(reason.Length <= 200, "reason", "调整原因不能超过200个字");
        validation.ThrowIfInvalid();

        var gridId = request.GridId!.Value;
        var grid = await PlaceLookup.FindReferencedAsync(db.Areas, a => a.Id == gridId, PlaceLookup.Id(gridId), audit,
            "gridId", "所选网格不存在。", ct);
        var communityId = await db.Compounds.IgnoreQueryFilters().Where(c => c.Id == building.CompoundId).Select(c => c.CommunityId).FirstAsync(ct);
        if (grid.Level != AreaLevel.Grid) throw new ValidationFailedException("gridId", $"“{grid.Name}”不是网格，楼栋只能划入网格。");
        if (grid.ParentId != communityId) throw new ValidationFailedException("gridId", $"网格“{grid.Name}”不属于该楼栋所在的社区，只能在本社区的网格之间调整。");

        var fromGridId = building.GridId;
        var oldPath = building.AreaPath;
        var change = building.MoveToGrid(grid, reason, db.CurrentUser.UserName, clock.GetUtcNow());
        db.BuildingGridChanges.Add(change);

        var newPath = grid.AreaPath;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // The contents of the building are its own: they move whatever path they held, so nothing is left behind in the old grid.
        var units = await db.BuildingUnits.IgnoreQueryFilters().Where(u => u.BuildingId == buildingId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AreaPath, newPath), ct);
        var dwellings = await db.Dwellings.IgnoreQueryFilters().Where(d => d.BuildingId == buildingId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AreaPath, newPath), ct);
        var dwellingIds = db.Dwellings.IgnoreQueryFilters().Where(d => d.BuildingId == buildingId).Select(d => d.Id);
        var households = await db.Households.IgnoreQueryFilters().Where(h => dwellingIds.Contains(h.DwellingId))
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.AreaPath, newPath), ct);
        var householdIds = db.Households.IgnoreQueryFilters().Where(h => dwellingIds.Contains(h.DwellingId)).Select(h => h.Id);
        var residents = await db.Residents.IgnoreQueryFilters()
            .Where(r => (r.DwellingId != null && dwellingIds.Contains(r.DwellingId.Value)) || (r.HouseholdId != null && householdIds.Contains(r.HouseholdId.Value)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AreaPath, newPath), ct);
        var appeals = await MoveOpenAppealsAsync(buildingId, oldPath, newPath, ct);
        await PlaceAudit.SummaryAsync(db, clock, http, "move", nameof(Building), PlaceLookup.Id(buildingId), newPath,
            $"楼栋调整网格，随之更新区划路径：单元{units}个、房屋{dwellings}户、家庭{households}户、居民{residents}人、在办诉求{appeals}件",
            JsonSerializer.Serialize(new { FromGridId = fromGridId, ToGridId = grid.Id, OldPath = oldPath, NewPath = newPath, units, dwellings, households, residents, appeals }), ct);
        await transaction.CommitAsync(ct);

        var names = await PlaceNames.ForAsync(db, [], [fromGridId, grid.Id], ct);
        return new GridChangeView(change.Id, fromGridId, names.Grid(fromGridId), grid.Id, grid.Name, change.ChangedAt, change.ChangedBy, change.Reason);
    }

    /// <summary>
    /// The building's appeals still being worked move to the new grid with it (their area path, the grid's search token,
    /// and their supporters', photos' and warnings' paths), so the new grid worker can see and take them and the one who
    /// left the building no longer reads their reporters. Appeals already resolved or ended keep the grid that had them.
    /// An appeal dispatched to the old grid worker stays theirs until the community transfers it.
    /// </summary>
    private async Task<int> MoveOpenAppealsAsync(int buildingId, string oldPath, string newPath, CancellationToken ct)
    {
        var ids = await db.Appeals.IgnoreQueryFilters().Where(Appeals.AppealDeadlines.Open()).Where(a => a.BuildingId == buildingId && a.AreaPath == oldPath)
            .Select(a => a.Id).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        var oldToken = AreaPaths.SearchToken(oldPath);
        var newToken = AreaPaths.SearchToken(newPath);
        await db.Appeals.IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.AreaPath, newPath)
            .SetProperty(a => a.SearchText, a => a.SearchText.Replace(oldToken, newToken)), ct);
        await db.AppealSupporters.IgnoreQueryFilters().Where(x => ids.Contains(x.AppealId)).ExecuteUpdateAsync(s => s.SetProperty(x => x.AreaPath, newPath), ct);
        await db.AppealAttachments.IgnoreQueryFilters().Where(x => ids.Contains(x.AppealId)).ExecuteUpdateAsync(s => s.SetProperty(x => x.AreaPath, newPath), ct);
        await db.Set<Appeals.AppealWarning>().IgnoreQueryFilters().Where(x => ids.Contains(x.AppealId)).ExecuteUpdateAsync(s => s.SetProperty(x => x.AreaPath, newPath), ct);
        return ids.Count;
    }
}
