using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Disputes.Staff;

/// <summary>The cases the user may see, with filters; mediators see only their own.</summary>
[Authorize(Policy = DisputePermissions.View)]
public sealed class IndexModel(ListDisputes list, DisputeWorkflow workflow) : PageModel
{
    public DisputePage Cases { get; private set; } = new(0, 1, 20, []);
    public string? Q { get; private set; }
    public DisputeState? State { get; private set; }
    public DisputeType? Type { get; private set; }
    public bool Overdue { get; private set; }
    public bool CanRegister => DisputePermissions.Has(workflow.User, DisputePermissions.Register);

    public async Task OnGetAsync(string? q, DisputeState? state, DisputeType? type, bool? overdue, int? page, CancellationToken ct)
    {
        (Q, State, Type, Overdue) = (q, state, type, overdue == true);
        Cases = await list.HandleAsync(new DisputeListQuery(q, state, type, null, null, overdue, page, 20), ct);
    }
}
