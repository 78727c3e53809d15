using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>民情日记本: open concerns first; each becomes an appeal with one tap or is closed with a note.</summary>
[Authorize(Policy = OutreachPermissions.View)]
public sealed class DiaryModel(ListDiary diary, WriteDiaryEntry write, RaiseDiaryEntry raise, CloseDiaryEntry close, AppDbContext db, ICurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)] public DiaryState? State { get; set; }
    [BindProperty(SupportsGet = true)] public int? P { get; set; }
    [BindProperty] public int? BuildingId { get; set; }
    [BindProperty] public string? Concern { get; set; }
    [BindProperty] public string? ResidentName { get; set; }
    public DiaryPage Entries { get; private set; } = new(0, 1, 30, []);
    public IReadOnlyList<(int Id, string Name)> Buildings { get; private set; } = [];
    public bool CanDesk => OutreachPermissions.Has(user, OutreachPermissions.Desk);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostWriteAsync(CancellationToken ct) =>
        await Act(() => write.HandleAsync(new DiaryEntryInput(BuildingId, Concern, ResidentName), ct), "written", ct);

    public async Task<IActionResult> OnPostRaiseAsync(long entryId, CancellationToken ct) =>
        await Act(() => raise.HandleAsync(entryId, new RaiseDiaryInput(), ct), "raised", ct);

    public async Task<IActionResult> OnPostCloseAsync(long entryId, string? note, CancellationToken ct) =>
        await Act(() => close.HandleAsync(entryId, note, ct), "closed", ct);

    private async Task<IActionResult> Act(Func<Task> action, string done, CancellationToken ct)
    {
        if (!CanDesk) return Forbid();
        try
        {
            await action();
            return Redirect($"/Outreach/Diary?{done}=1");
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var m in messages) ModelState.AddModelError(field == "buildingId" ? nameof(BuildingId) : field == "concern" ? nameof(Concern) : "", m);
        }
        catch (Exception e) when (e is DomainException or NotFoundException)
        {
            ModelState.AddModelError("", e.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Entries = await diary.HandleAsync(new DiaryQuery(State, Page: P), ct);
        Buildings = (await OutreachPlaces.NamedAsync(db, db.Buildings.OrderBy(b => b.CompoundId).ThenBy(b => b.Id).Take(500), ct))
            .OrderBy(b => b.Name, ChineseText.NaturalComparer).Select(b => (b.Id, b.Name)).ToList();
    }
}
