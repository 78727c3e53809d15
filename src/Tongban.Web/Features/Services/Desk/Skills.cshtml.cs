using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>技能矩阵: per person what they can handle and what they are learning; the secretary updates it.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class SkillsModel(ManageSkills skills) : PageModel
{
    public SkillMatrix Matrix { get; private set; } = null!;
    public bool CanManage => ServicePermissions.Has(User, ServicePermissions.Manage);

    public async Task OnGetAsync(CancellationToken ct) => Matrix = await skills.MatrixAsync(null, ct);

    public async Task<IActionResult> OnPostAsync(string userId, int serviceItemId, SkillLevel level, int? progress, CancellationToken ct)
    {
        try
        {
            await skills.SetAsync(new SetSkillRequest(userId, serviceItemId, level, progress), ct);
            return Redirect("/Services/Skills");
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e);
            Matrix = await skills.MatrixAsync(null, ct);
            return Page();
        }
    }
}
