using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Disputes.Staff;

/// <summary>统计: the same figures as GET /api/v1/disputes/figures, over the cases the user may see.</summary>
[Authorize(Policy = DisputePermissions.View)]
public sealed class FiguresModel(ComputeDisputeFigures figures) : PageModel
{
    public DisputeFigures Figures { get; private set; } = null!;
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        (From, To) = (from, to);
        if (from is { } f && to is { } t && t < f)
        {
            Error = "结束日期不能早于开始日期";
            (from, to) = (null, null);
        }
        Figures = await figures.HandleAsync(from, to, ct);
    }
}
