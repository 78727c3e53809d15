using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Users;

[Authorize(Policy = Permissions.AccountsManage)]
public sealed class IndexModel(AppDbContext db, ICurrentUser me, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(Name = "page", SupportsGet = true)] public int PageNumber { get; set; } = 1;
    [TempData] public string? Message { get; set; }

    public UserPage Users { get; private set; } = new(0, 1, ListUsers.PageSize, []);
    public int PageCount => Math.Max(1, (Users.Total + Users.PageSize - 1) / Users.PageSize);

    public async Task OnGetAsync(CancellationToken ct) =>
        Users = await ListUsers.HandleAsync(db, me, clock, Q, PageNumber, ct);
}
