using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Tongban.Web.Features.Accounts;

/// <summary>账户安全: bind an authenticator app (TOTP), keep recovery codes, or turn the second factor off.</summary>
public sealed class TwoFactorModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, IOptions<SecurityOptions> security) : PageModel
{
    public const string Issuer = "通办Tongban";

    [BindProperty] public string? Code { get; set; }

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public string FormattedKey { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public int RecoveryCodesLeft { get; private set; }

    /// <summary>Shown once, right after they are made; only their hashes' owner (Identity) keeps them.</summary>
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await CurrentAsync();
        // A second factor enabled in another session: bring this cookie's claims up to date.
        if (user.TwoFactorEnabled && User.FindFirst(StaffClaimsFactory.TwoFactorClaim)?.Value != "on")
            await signIn.RefreshSignInAsync(user);
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await CurrentAsync();
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (!TwoFactorCodes.LooksLikeAuthenticatorCode(code))
            ModelState.AddModelError(nameof(Code), "请输入验证器应用中显示的6位数字");
        else if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            ModelState.AddModelError(nameof(Code), "动态码不正确或已过期，请核对手机时间后输入最新的6位数字");
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        NewRecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await signIn.RefreshSignInAsync(user);
        Message = "两步验证已开启。以后登录时除密码外还需输入动态码。";
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await CurrentAsync();
        if (!user.TwoFactorEnabled)
        {
            ModelState.AddModelError("", "请先开启两步验证，再生成恢复码。");
            await LoadAsync(user);
            return Page();
        }
        NewRecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        Message = "已生成新的恢复码，旧的恢复码全部作废。";
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await CurrentAsync();
        var required = security.Value.RequireTwoFactorForPrivilegedRoles && await TwoFactorPolicy.IsRequiredAsync(users, user);
        var code = (Code ?? "").Trim();
        if (required)
            ModelState.AddModelError("", "系统要求管理员和综治中心账户必须开启两步验证，不能关闭。如手机丢失，请用恢复码登录后重新绑定。");
        else if (code.Length == 0)
            ModelState.AddModelError(nameof(Code), "关闭前请输入当前的6位动态码或一个恢复码，以确认是您本人操作");
        else if (!await TwoFactorCodes.CheckAsync(users, user, code))
            ModelState.AddModelError(nameof(Code), SignInMessages.WrongCode);
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user); // a later re-enable must scan a new key
        await signIn.RefreshSignInAsync(user);
        Message = "两步验证已关闭。";
        await LoadAsync(user);
        return Page();
    }

    private async Task<StaffUser> CurrentAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("已登录的账户在数据库中不存在");

    private async Task LoadAsync(StaffUser user)
    {
        Enabled = user.TwoFactorEnabled;
        Required = security.Value.RequireTwoFactorForPrivilegedRoles && await TwoFactorPolicy.IsRequiredAsync(users, user);
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user); // a new key renews the security stamp; keep this session valid
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("无法生成验证器密钥");
        }
        FormattedKey = FormatKey(key);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(
            PngByteQRCodeHelper.GetQRCode(AuthenticatorUri(user.UserName ?? user.Id, key), QRCodeGenerator.ECCLevel.M, 6));
    }

    /// <summary>Groups of four, lower case, as authenticator apps show them.</summary>
    public static string FormatKey(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) text.Append(' ');
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return text.ToString().ToLower(CultureInfo.InvariantCulture);
    }

    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
}
