using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Tongban.Web.Features.Accounts;

/// <summary>
/// Password first; an account with a second factor then gets a code step (Identity's two-factor cookie carries the
/// user between the two posts, so the password is never sent twice).
/// </summary>
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
        if (user is null) return Failed(SignInMessages.WrongPassword);
        var result = await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut) return Failed(SignInMessages.LockedOut(security.Value, user));
        if (result.RequiresTwoFactor)
        {
            NeedsTwoFactor = true;
            return Page();
        }
        if (!result.Succeeded)
        {
            await audit.RecordAsync("sign-in-failed", "StaffUser", user.Id, $"网页登录密码错误：{user.UserName}", user.AreaPath);
            return Failed(SignInMessages.WrongPassword);
        }
        return await SignedInAsync(user);
    }

    /// <summary>The second step: a six-digit authenticator code or a one-time recovery code.</summary>
    public async Task<IActionResult> OnPostCodeAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            ModelState.AddModelError("", "登录已超时，请重新输入用户名和密码。");
            return Page();
        }
        NeedsTwoFactor = true;
        var code = (TwoFactorCode ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(TwoFactorCode), "请输入验证器应用中的6位动态码，或一个恢复码");
            return Page();
        }
        var result = TwoFactorCodes.LooksLikeAuthenticatorCode(code)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.IsLockedOut)
        {
            NeedsTwoFactor = false;
            return Failed(SignInMessages.LockedOut(security.Value, user));
        }
        if (!result.Succeeded)
        {
            if (!TwoFactorCodes.LooksLikeAuthenticatorCode(code)) await users.AccessFailedAsync(user); // Identity counts only wrong authenticator codes
            await audit.RecordAsync("sign-in-failed", "StaffUser", user.Id, $"网页登录动态码错误：{user.UserName}", user.AreaPath);
            ModelState.AddModelError(nameof(TwoFactorCode), SignInMessages.WrongCode);
            return Page();
        }
        return await SignedInAsync(user);
    }

    private PageResult Failed(string message)
    {
        ModelState.AddModelError("", message);
        return Page();
    }

    private async Task<IActionResult> SignedInAsync(StaffUser user)
    {
        await audit.RecordAsync("sign-in", "StaffUser", user.Id, $"网页登录：{user.UserName}", user.AreaPath);
        if (!user.TwoFactorEnabled && security.Value.RequireTwoFactorForPrivilegedRoles && await TwoFactorPolicy.IsRequiredAsync(users, user))
            return Redirect(TwoFactorRequirement.SetUpPath);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
