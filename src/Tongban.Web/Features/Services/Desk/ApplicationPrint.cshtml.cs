using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Tongban.Web.Features.Public;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>
/// The A4 一次性告知单 of one application, handed to the resident: the checklist of the version the application
/// follows, what was received and what is still missing (told once, here), the promised date, and a QR code.
/// </summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class ApplicationPrintModel(GetApplication get, GetGuideItem guide, IOptions<PublicOptions> options, TimeProvider clock) : PageModel
{
    public ApplicationView Application { get; private set; } = null!;
    public GuideItemView Item { get; private set; } = null!;
    public string GuideUrl { get; private set; } = "";
    public string QrSvg { get; private set; } = "";
    public string PrintedAt { get; private set; } = "";

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        Application = await get.HandleAsync(id, ct);
        Item = await guide.StaffAsync(Application.ServiceItemId, Application.VersionNumber, ct);
        var baseUrl = string.IsNullOrWhiteSpace(options.Value.BaseUrl) ? $"{Request.Scheme}://{Request.Host}" : options.Value.BaseUrl.TrimEnd('/');
        GuideUrl = $"{baseUrl}/guide/{Application.ItemCode}";
        QrSvg = PostersModel.QrSvg(GuideUrl);
        PrintedAt = clock.GetUtcNow().Show();
    }
}
