using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Tongban.Web.Features.Public;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services.Guide;

/// <summary>
/// The printable A4 一次性告知单 with a QR code back to the online guide page. Staff print it at the window; a
/// resident can print it at home. With ?application= staff get the sheet for that application (its own version).
/// </summary>
[AllowAnonymous]
public sealed class PrintModel(GetGuideItem get, IOptions<PublicOptions> options, TimeProvider clock) : PageModel
{
    public GuideItemView Item { get; private set; } = null!;
    public string GuideUrl { get; private set; } = "";
    public string QrSvg { get; private set; } = "";
    public string PrintedAt { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        Item = await get.PublicAsync(code, ct) ?? throw new NotFoundException("没有这个办事指南，或该事项已停用。");
        var baseUrl = string.IsNullOrWhiteSpace(options.Value.BaseUrl) ? $"{Request.Scheme}://{Request.Host}" : options.Value.BaseUrl.TrimEnd('/');
        GuideUrl = $"{baseUrl}/guide/{Item.Code}";
        QrSvg = PostersModel.QrSvg(GuideUrl);
        PrintedAt = clock.GetUtcNow().Show();
        return Page();
    }
}
