using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public static class OutreachModule
{
    public static WebApplicationBuilder AddOutreach(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<OutreachOptions>(builder.Configuration.GetSection("Outreach"));
        services.AddScoped<IStartupSeeder, OutreachDefaults>();
        services.AddFileStore(builder.Configuration);

        services.AddScoped<ManageVisitRules>();
        services.AddScoped<GetDayList>();
        services.AddScoped<RecordVisit>();
        services.AddScoped<ListVisits>();
        services.AddScoped<RaiseFinding>();
        services.AddScoped<PlanDeskRotation>();
        services.AddScoped<RescheduleDeskSlot>();
        services.AddScoped<GetDeskPlan>();
        services.AddScoped<RecordDeskSession>();
        services.AddScoped<GetDeskSession>();
        services.AddScoped<ListDiary>();
        services.AddScoped<WriteDiaryEntry>();
        services.AddScoped<RaiseDiaryEntry>();
        services.AddScoped<CloseDiaryEntry>();
        services.AddScoped<GetCoverage>();
        services.AddScoped<GetOutreachFigures>();

        services.AddAuthorization(o =>
        {
            foreach (var permission in OutreachPermissions.All)
                o.AddPolicy(permission, p => p.RequireAssertion(ctx => OutreachPermissions.Has(ctx.User, permission)));
        });
        return builder;
    }

    public static WebApplication MapOutreach(this WebApplication app)
    {
        app.MapOutreachApi();
        return app;
    }
}
