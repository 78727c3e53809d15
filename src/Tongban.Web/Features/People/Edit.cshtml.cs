using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>登记/修改居民: the same use case as the API; errors come back beside their fields.</summary>
[Authorize(Policy = Permissions.PeopleEdit)]
public sealed class EditModel(AppDbContext db, SensitiveDataProtector protector, AuditLog audit, TimeProvider clock) : PageModel
{
    public static readonly string[] Relationships = [SaveResident.Head, "配偶", "子", "女", "父母", "孙子女", "兄弟姐妹", "其他"];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Health { get; set; }
    [BindProperty] public string? RelationshipToHead { get; set; }
    [BindProperty] public int? BuildingId { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Room { get; set; }

    public int? Id { get; private set; }
    public string? IdNumberMasked { get; private set; }
    public string? PhoneMasked { get; private set; }
    public bool HasHealthRecord { get; private set; }
    public bool CanWriteHealth => db.CurrentUser.HasPermission(Permissions.SensitiveView);
    public List<(int Id, string Label)> Buildings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            try
            {
                var r = await GetResident.HandleAsync(db, audit, existing, ct);
                Name = r.Name;
                RelationshipToHead = r.RelationshipToHead;
                BuildingId = r.BuildingId;
                Unit = r.Unit;
                Room = r.Room;
                IdNumberMasked = r.IdNumberMasked;
                PhoneMasked = r.PhoneMasked;
                HasHealthRecord = r.HasHealthRecord;
            }
            catch (OutsideScopeException)
            {
                return StatusCode(StatusCodes.Status403Forbidden);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }
        await LoadBuildingsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        try
        {
            var saved = await SaveResident.HandleAsync(db, protector, audit, clock, id,
                new ResidentInput(Name, IdNumber, Phone, Health, RelationshipToHead, null, BuildingId, Unit, Room), ct);
            return Redirect($"/People/Resident/{saved}");
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                var key = field switch
                {
                    "name" => nameof(Name), "idNumber" => nameof(IdNumber), "phone" => nameof(Phone), "health" => nameof(Health),
                    "relationshipToHead" => nameof(RelationshipToHead), "buildingId" or "dwellingId" => nameof(BuildingId),
                    "unit" => nameof(Unit), "room" => nameof(Room), _ => "",
                };
                foreach (var m in messages) ModelState.AddModelError(key, m);
            }
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        if (id is { } existing && await db.Residents.AsNoTracking().Where(r => r.Id == existing)
                .Select(r => new { r.IdNumberMasked, r.PhoneMasked, HasHealth = r.HealthCipher != null }).FirstOrDefaultAsync(ct) is { } masked)
        {
            IdNumberMasked = masked.IdNumberMasked;
            PhoneMasked = masked.PhoneMasked;
            HasHealthRecord = masked.HasHealth;
        }
        // Never echo sensitive input back into the page source.
        IdNumber = null;
        Phone = null;
        Health = null;
        foreach (var key in new[] { nameof(IdNumber), nameof(Phone), nameof(Health) }) ModelState.SetModelValue(key, null, null);
        await LoadBuildingsAsync(ct);
        return Page();
    }

    private async Task LoadBuildingsAsync(CancellationToken ct)
    {
        var buildings = await db.Buildings.AsNoTracking().Select(b => new { b.Id, b.Name, b.CompoundId }).ToListAsync(ct);
        var compoundIds = buildings.Select(b => b.CompoundId).Distinct().ToList();
        // Compound names are not sensitive; a grid worker's scope lies below the compound's community.
        var compounds = await db.Compounds.IgnoreQueryFilters().AsNoTracking().Where(c => compoundIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        Buildings = buildings.Select(b => (b.Id, Label: $"{compounds.GetValueOrDefault(b.CompoundId, "")} {b.Name}"))
            .OrderBy(b => b.Label, ChineseText.NaturalComparer).ToList();
    }
}
