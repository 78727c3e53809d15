namespace Tongban.Web.Features.Shared;

public static class ShellModule
{
    public static WebApplicationBuilder AddShell(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapShell(this WebApplication app)
    {
        app.MapRazorPages();
        // Large-text mode for older users: a cookie read by the layout, no account needed.
        app.MapPost("/Shell/LargeText", (HttpContext http) =>
        {
            var on = http.Request.Cookies["tb-large"] != "1";
            http.Response.Cookies.Append("tb-large", on ? "1" : "0", new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            var back = http.Request.Headers.Referer.ToString();
            return Results.Redirect(Uri.TryCreate(back, UriKind.Absolute, out var uri) && uri.Host == http.Request.Host.Host ? uri.PathAndQuery : "/");
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
