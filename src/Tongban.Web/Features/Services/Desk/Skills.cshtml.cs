using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Data;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>技能矩阵: per person what they can handle and what they are learning; the secretary updates it.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class SkillsModel(ManageSkills skills, AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Community { get; set; }
    public IReadOnlyList<CommunityChoice.Option> Communities { get; private set; } = [];
    public SkillMatrix Matrix { get; private set; } = null!;
    public bool CanManage => ServicePermissions.Has(User, ServicePermissions.Manage);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string userId, int serviceItemId, SkillLevel level, int? progress, CancellationToken ct)
    {
        try
        {
            await skills.SetAsync(new SetSkillRequest(userId, serviceItemId, level, progress), ct);
            return Redirect(Community is { } c ? $"/Services/Skills?community={c}" : "/Services/Skills");
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Communities, Community) = await CommunityChoice.LoadAsync(db, Community, ct);
        Matrix = await skills.MatrixAsync(Community, ct);
    }
}
