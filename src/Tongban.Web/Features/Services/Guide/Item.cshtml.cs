using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services.Guide;

/// <summary>One item's guide page: the current one-time notification checklist, readable on a phone.</summary>
[AllowAnonymous]
public sealed class ItemModel(GetGuideItem get) : PageModel
{
    public GuideItemView Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        Item = await get.PublicAsync(code, ct) ?? throw new NotFoundException("没有这个办事指南，或该事项已停用。");
        return Page();
    }
}
