using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Places;

/// <summary>Form to correct a dwelling's floor and exclusive area.</summary>
[Authorize(Policy = Permissions.PlacesEdit)]
public sealed class DwellingEditModel(UpdateDwelling updateDwelling, AppDbContext db, AuditLog audit) : PlacesPageModel
{
    public sealed class Form
    {
        public int? Floor { get; set; }
        public decimal? ExclusiveArea { get; set; }
    }

    [BindProperty] public Form Input { get; set; } = new();
    public Dwelling Dwelling { get; private set; } = null!;
    public string BuildingName { get; private set; } = "";
    public string UnitName { get; private set; } = "";
    public int Floors { get; private set; }

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        await LoadAsync(id, ct);
        Input = new Form { Floor = Dwelling.Floor, ExclusiveArea = Dwelling.ExclusiveArea };
        return Page();
    });

    public Task<IActionResult> OnPostAsync(int id, CancellationToken ct) => GuardAsync(async () =>
    {
        await LoadAsync(id, ct);
        TranslateBindingErrors();
        if (!ModelState.IsValid) return Page();
        try
        {
            var saved = await updateDwelling.HandleAsync(id, new UpdateDwelling.Request(Input.Floor, Input.ExclusiveArea), ct);
            TempData["PlacesNotice"] = $"{UnitName}{saved.Number}已保存：{saved.Floor}层，{saved.ExclusiveArea:0.##}平方米。";
            return Redirect($"/Places/Building/{Dwelling.BuildingId}");
        }
        catch (ValidationFailedException e)
        {
            ShowErrors(e);
            return Page();
        }
    });

    private async Task LoadAsync(int id, CancellationToken ct)
    {
        Dwelling = await PlaceLookup.DwellingAsync(db, id, audit, ct);
        var buildingId = Dwelling.BuildingId;
        var unitId = Dwelling.BuildingUnitId;
        var building = await db.Buildings.AsNoTracking().Where(b => b.Id == buildingId).Select(b => new { b.Name, b.Floors }).FirstAsync(ct);
        BuildingName = building.Name;
        Floors = building.Floors;
        UnitName = await db.BuildingUnits.Where(u => u.Id == unitId).Select(u => u.Name).FirstAsync(ct);
    }
}
