namespace Tongban.Web.Features.Shared;

public static class ShellModule
{
    public const string LargeTextCookie = "tb-large";

    public static WebApplicationBuilder AddShell(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapShell(this WebApplication app)
    {
        app.MapRazorPages();
        // Large-text mode for older users: a cookie read by the layout, no account and no script needed.
        app.MapPost("/Shell/LargeText", (Delegate)ToggleLargeText).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ToggleLargeText(HttpContext http)
    {
        var on = http.Request.Cookies[LargeTextCookie] != "1";
        http.Response.Cookies.Append(LargeTextCookie, on ? "1" : "0",
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        // The page's script switches in place and only needs the cookie set (large-text.js).
        if (http.Request.Headers["X-Tongban-Toggle"] == "1") return Results.NoContent();
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : null;
        return Results.Redirect(BackTo(form?["returnUrl"].ToString(), http));
    }

    /// <summary>Back to the page the person was on; only paths on this site, never another host.</summary>
    public static string BackTo(string? returnUrl, HttpContext http)
    {
        if (IsLocal(returnUrl)) return returnUrl!;
        var referer = http.Request.Headers.Referer.ToString();
        return Uri.TryCreate(referer, UriKind.Absolute, out var uri) && uri.Host == http.Request.Host.Host && IsLocal(uri.PathAndQuery) ? uri.PathAndQuery : "/";
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
