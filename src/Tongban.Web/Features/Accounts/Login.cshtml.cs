using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Tongban.Web.Features.Accounts;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, IOptions<SecurityOptions> security, AuditLog audit) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? TwoFactorCode { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool NeedsTwoFactor { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName)) ModelState.AddModelError(nameof(UserName), "请输入用户名");
        if (string.IsNullOrWhiteSpace(Password)) ModelState.AddModelError(nameof(Password), "请输入密码");
        if (!ModelState.IsValid) return Page();

        var user = await users.FindByNameAsync(UserName!.Trim());
        if (user is null)
        {
            ModelState.AddModelError("", "用户名或密码不正确。");
            return Page();
        }
        var check = await signIn.CheckPasswordSignInAsync(user, Password!, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            ModelState.AddModelError("", "登录失败次数过多，账户已临时锁定，请15分钟后再试或联系管理员。");
            return Page();
        }
        if (!check.Succeeded)
        {
            await audit.RecordAsync("sign-in-failed", "StaffUser", user.Id, detail: "网页登录密码错误");
            ModelState.AddModelError("", "用户名或密码不正确。");
            return Page();
        }
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            NeedsTwoFactor = true;
            if (string.IsNullOrWhiteSpace(TwoFactorCode)) return Page();
            var code = TwoFactorCode.Replace(" ", "", StringComparison.Ordinal);
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                ModelState.AddModelError(nameof(TwoFactorCode), "动态验证码不正确或已过期。");
                return Page();
            }
        }
        await signIn.SignInAsync(user, isPersistent: false);
        await audit.RecordAsync("sign-in", "StaffUser", user.Id, detail: "网页登录");
        if (!await users.GetTwoFactorEnabledAsync(user) && security.Value.RequireTwoFactorForPrivilegedRoles && await TwoFactorPolicy.IsRequiredAsync(users, user))
            return Redirect("/Accounts/TwoFactor");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
