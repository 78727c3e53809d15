namespace Tongban.Web.Features.Disputes;

public static class DisputesModule
{
    public static WebApplicationBuilder AddDisputes(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DisputeOptions>(builder.Configuration.GetSection("Disputes"));
        services.AddScoped<DisputeWorkflow>();
        services.AddScoped<RecalculateJudicialDeadlines>();
        services.AddScoped<Infrastructure.ICalendarDeadlines>(sp => sp.GetRequiredService<RecalculateJudicialDeadlines>());
        services.AddScoped<RegisterDispute>();
        services.AddScoped<AssessDispute>();
        services.AddScoped<AssignMediators>();
        services.AddScoped<RecordConflict>();
        services.AddScoped<MediateDispute>();
        services.AddScoped<UploadSignedAgreement>();
        services.AddScoped<FollowUpDispute>();
        services.AddScoped<EscalateDispute>();
        services.AddScoped<GetDispute>();
        services.AddScoped<ListDisputes>();
        services.AddScoped<ComputeDisputeFigures>();
        services.AddScoped<ExportDisputeArchive>();
        services.AddSingleton<DisputeReminderJob>();
        services.AddHostedService(sp => sp.GetRequiredService<DisputeReminderJob>());
        services.AddAuthorization(o =>
        {
            foreach (var permission in DisputePermissions.All)
                o.AddPolicy(permission, p => p.RequireAssertion(ctx => DisputePermissions.Has(ctx.User, permission)));
        });
        return builder;
    }

    public static WebApplication MapDisputes(this WebApplication app)
    {
        app.MapDisputesApi();
        return app;
    }
}
