namespace Tongban.Web.Features.Appeals;

public static class AppealsModule
{
    public static WebApplicationBuilder AddAppeals(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TimeLimitPolicy>();
        builder.Services.AddScoped<SubmitAppeal>();
        builder.Services.AddScoped<FindDuplicates>();
        builder.Services.AddScoped<Infrastructure.IStartupSeeder, AppealDefaults>();
        return builder;
    }

    public static WebApplication MapAppeals(this WebApplication app) => app;
}
