namespace Tongban.Web.Features.People;

public static class PeopleModule
{
    public static WebApplicationBuilder AddPeople(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<PeopleOptions>(builder.Configuration.GetSection("People"));
        builder.Services.AddScoped<Infrastructure.IStartupSeeder, BuiltInTagsStartup>();
        builder.Services.Configure<PrivacyOptions>(builder.Configuration.GetSection("Privacy"));
        builder.Services.AddSingleton<PersonalDataRetentionJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PersonalDataRetentionJob>());
        return builder;
    }

    public static WebApplication MapPeople(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        PeopleApi.Map(app);
        return app;
    }
}
