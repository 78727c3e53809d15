namespace Tongban.Web.Features.Appeals;

public static class AppealsModule
{
    public static WebApplicationBuilder AddAppeals(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TimeLimitPolicy>();
        return builder;
    }

    public static WebApplication MapAppeals(this WebApplication app) => app;
}
