using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts.Audit;
using Tongban.Web.Features.Accounts.Users;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts;

public sealed class SecurityOptions
{
    /// <summary>When true, admin and centre accounts must set up a TOTP second factor before they can work.</summary>
    public bool RequireTwoFactorForPrivilegedRoles { get; set; }
    public int MaxFailedAccessAttempts { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
}

public static class AccountsModule
{
    /// <summary>Picks bearer tokens when the request carries one, else the sign-in cookie.</summary>
    public const string Scheme = "Tongban";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var security = builder.Configuration.GetSection("Security").Get<SecurityOptions>() ?? new SecurityOptions();
        builder.Services.AddSingleton(Options.Create(security));

        builder.Services.AddDataProtection().SetApplicationName("Tongban").PersistKeysToDbContext<AppDbContext>();
        // The keys are stored encrypted (SensitiveDataXmlEncryptor): a copy of the database alone cannot forge a session.
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Infrastructure.SensitiveDataProtector>((o, protector) => o.XmlEncryptor = new SensitiveDataXmlEncryptor(protector));

        builder.Services
            .AddIdentity<StaffUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = security.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.LockoutMinutes);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>();

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultAuthenticateScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or bearer", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8));

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Accounts/Login";
            o.LogoutPath = "/Accounts/Logout";
            o.AccessDeniedPath = "/Error/403";
            o.Cookie.Name = "tongban.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
        });

        builder.Services.AddAuthorization(o =>
        {
            // Everything needs a signed-in user unless an endpoint says otherwise. Routing's own refusal of a wrong method or
            // content type on the anonymous resident API is no route of that group and carries none of its AllowAnonymous:
            // it is let through to say 404/405/415, not 401 请先登录 on an API that needs no sign-in.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAssertion(ctx =>
                ctx.User.Identities.Any(i => i.IsAuthenticated) || (ctx.Resource is HttpContext http && Public.PublicApi.IsRoutingRefusal(http))).Build();
            foreach (var permission in typeof(Permissions).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!))
                o.AddPolicy(permission, p => p.RequireAssertion(ctx => Permissions.Has(ctx.User, permission)));
        });

        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSingleton<Users.DisabledAccounts>();
        return builder;
    }

    /// <summary>API callers get a status code; people get the login page, or the Chinese 403 page at the same address.</summary>
    private static Task ApiAware(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (status == StatusCodes.Status403Forbidden || WebSetup.IsApi(ctx.Request.Path))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.UseMiddleware<Users.DisabledAccountCheck>();
        app.UseMiddleware<TwoFactorRequirement>();
        var auth = app.MapGroup("/api/v1/auth").WithTags("账户").AllowAnonymous();
        auth.MapPost("/login", LoginApi.Login).WithSummary("用户名密码登录，返回访问令牌；开启两步验证的账户同时提交 twoFactorCode（动态码或恢复码）");
        app.MapGroup("/api/v1/me").WithTags("账户").MapGet("/", LoginApi.Me).WithSummary("当前用户与管辖范围");
        app.MapUsersApi();
        app.MapAuditApi();
        return app;
    }
}

/// <summary>Adds the area scope and display name to the signed-in principal.</summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(users, roles, options)
{
    /// <summary>"on" when the account had a second factor at sign-in; refreshed when the user changes it.</summary>
    public const string TwoFactorClaim = "tongban:two_factor";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(TongbanClaims.AreaPath, user.AreaPath));
        identity.AddClaim(new Claim(TongbanClaims.AreaId, user.AreaId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(TongbanClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(TwoFactorClaim, user.TwoFactorEnabled ? "on" : "off"));
        return identity;
    }
}

public sealed record LoginRequest(string? UserName, string? Password, string? TwoFactorCode);

public static class LoginApi
{
    public static async Task<IResult> Login(LoginRequest request, UserManager<StaffUser> users, SignInManager<StaffUser> signIn,
        IOptions<SecurityOptions> security, AuditLog audit)
    {
        var validation = new Validation()
            .Require(!string.IsNullOrWhiteSpace(request.UserName), "userName", "请输入用户名")
            .Require(!string.IsNullOrWhiteSpace(request.Password), "password", "请输入密码");
        validation.ThrowIfInvalid();

        var user = await users.FindByNameAsync(request.UserName!.Trim());
        if (user is null) return Unauthorized(SignInMessages.WrongPassword);
        var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut) return Unauthorized(SignInMessages.LockedOut(security.Value, user));
        if (!result.Succeeded)
        {
            await audit.RecordAsync("sign-in-failed", "StaffUser", user.Id, $"API 登录密码错误：{user.UserName}", user.AreaPath);
            return Unauthorized(SignInMessages.WrongPassword);
        }
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            if (string.IsNullOrWhiteSpace(request.TwoFactorCode))
                return Unauthorized("该账户已开启两步验证，请同时提交 twoFactorCode（验证器应用中的6位动态码，或一个恢复码）。");
            if (!await TwoFactorCodes.CheckAsync(users, user, request.TwoFactorCode))
            {
                await users.AccessFailedAsync(user); // wrong codes count toward lockout like wrong passwords
                await audit.RecordAsync("sign-in-failed", "StaffUser", user.Id, $"API 登录动态码错误：{user.UserName}", user.AreaPath);
                return Unauthorized(await users.IsLockedOutAsync(user) ? SignInMessages.LockedOut(security.Value, user) : SignInMessages.WrongCode);
            }
        }
        else if (security.Value.RequireTwoFactorForPrivilegedRoles && await TwoFactorPolicy.IsRequiredAsync(users, user))
        {
            return Results.Problem(title: "需要先开启两步验证", detail: "管理员和综治中心账户必须先在网页端“账户安全”中绑定验证器应用。",
                statusCode: StatusCodes.Status403Forbidden);
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        await audit.RecordAsync("sign-in", "StaffUser", user.Id, $"API 令牌登录：{user.UserName}", user.AreaPath);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(title: "登录失败", detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    public static IResult Me(ClaimsPrincipal user) => TypedResults.Ok(new
    {
        userName = user.Identity?.Name,
        displayName = user.FindFirstValue(TongbanClaims.DisplayName),
        roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        areaPath = user.FindFirstValue(TongbanClaims.AreaPath),
        twoFactorEnabled = user.FindFirstValue(StaffClaimsFactory.TwoFactorClaim) == "on",
    });
}

/// <summary>What a person is told when signing in fails; the same words on the page and in the API.</summary>
public static class SignInMessages
{
    public const string WrongPassword = "用户名或密码不正确。";
    public const string WrongCode = "动态验证码或恢复码不正确，或已过期。";

    public static string LockedOut(SecurityOptions security, StaffUser user) => Users.DisableUser.IsDisabled(user.LockoutEnd)
        ? Users.DisabledAccountCheck.Message
        : $"登录失败次数过多，账户已临时锁定，请{security.LockoutMinutes}分钟后再试或联系管理员解锁。";
}

/// <summary>Checks a second-factor answer: six digits from the authenticator app, or else a one-time recovery code.</summary>
public static class TwoFactorCodes
{
    public static bool LooksLikeAuthenticatorCode(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    public static async Task<bool> CheckAsync(UserManager<StaffUser> users, StaffUser user, string code)
    {
        var trimmed = code.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (LooksLikeAuthenticatorCode(trimmed))
            return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, trimmed);
        return (await users.RedeemTwoFactorRecoveryCodeAsync(user, trimmed)).Succeeded;
    }
}

public static class TwoFactorPolicy
{
    public static readonly string[] PrivilegedRoles = [Roles.Admin, Roles.Centre];

    public static async Task<bool> IsRequiredAsync(UserManager<StaffUser> users, StaffUser user)
    {
        var roles = await users.GetRolesAsync(user);
        return roles.Any(r => PrivilegedRoles.Contains(r));
    }
}
