using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Home;

public sealed class IndexModel(AppDbContext db, ICurrentUser me) : PageModel
{
    public Workbench Work { get; private set; } = null!;
    public string DisplayName { get; private set; } = "";
    public IReadOnlyList<string> RoleTitles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var areaId = int.TryParse(User.FindFirst(TongbanClaims.AreaId)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (int?)null;
        Work = await LoadWorkbench.HandleAsync(db, me, areaId, ct);
        DisplayName = User.FindFirst(TongbanClaims.DisplayName)?.Value is { Length: > 0 } name ? name : me.UserName;
        RoleTitles = [.. Roles.All.Where(me.IsInRole).Select(Roles.Title)];
    }

    public bool Can(string permission) => me.HasPermission(permission);
}
