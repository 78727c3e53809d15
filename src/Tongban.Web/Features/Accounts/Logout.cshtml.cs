using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts;

public sealed class LogoutModel(SignInManager<StaffUser> signIn, AuditLog audit, ICurrentUser me) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await audit.RecordAsync("sign-out", "StaffUser", me.UserId ?? "", $"退出登录：{me.UserName}", me.ScopePath);
        await signIn.SignOutAsync();
        return Redirect("/Accounts/Login");
    }
}
