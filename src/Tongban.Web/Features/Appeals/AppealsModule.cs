using Tongban.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tongban.Web.Features.Appeals;

public static class AppealsModule
{
    public static WebApplicationBuilder AddAppeals(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AppealOptions>(builder.Configuration.GetSection("Appeals"));
        services.AddScoped<TimeLimitPolicy>();
        services.AddScoped<SubmitAppeal>();
        services.AddSingleton<AppealIntakeWriter>();
        services.AddSingleton<AppealSearchIndexHealth>();
        services.AddHostedService<AppealSearchIndexing>();
        services.AddSingleton<ActorCache>();
        services.AddSingleton<AppealReferenceCache>();
        services.AddSingleton<Places.BuildingPlaces>();
        services.AddScoped<FindDuplicates>();
        services.AddScoped<Infrastructure.IStartupSeeder, AppealDefaults>();

        // The staff workflow after intake: one use case per class, shared by the API and the pages.
        services.AddScoped<AppealNotifier>();
        services.AddScoped<AppealWorkflow>();
        services.AddScoped<GetAppeal>();
        services.AddScoped<ListAppeals>();
        services.AddScoped<AppealWorkbench>();
        services.AddScoped<ListAssignees>();
        services.AddScoped<AcceptAppeal>();
        services.AddScoped<RejectAppeal>();
        services.AddScoped<EraseAppealContact>();
        services.AddScoped<MergeAppeals>();
        services.AddScoped<DispatchAppeal>();
        services.AddScoped<BulkDispatchAppeals>();
        services.AddScoped<AcknowledgeAppeal>();
        services.AddScoped<StartAppeal>();
        services.AddScoped<AddAppealProgress>();
        services.AddScoped<ResolveAppeal>();
        services.AddScoped<AttachAppealEvidence>();
        services.AddFileStore(builder.Configuration);
        services.AddSingleton<AppealFiles>();
        services.AddScoped<RecordAppealFollowUp>();
        services.AddScoped<CloseAppeal>();
        services.AddScoped<ReopenAppeal>();
        services.AddScoped<EscalateAppeal>();
        services.AddScoped<RecalculateAppealLimits>();
        services.AddScoped<HandBackAppeals>();
        services.AddScoped<RequestAppealReturn>();
        services.AddScoped<ComputeAppealRates>();
        services.AddScoped<ExportAppeals>();
        services.AddScoped<ManageCategories>();
        services.AddScoped<ManageDepartments>();
        services.AddScoped<ManageTimeLimitRules>();
        services.AddScoped<ManageReplyTemplates>();
        services.AddScoped<AppealNotifications>();

        // Jobs under leases; the sender is replaceable (a real SMS or WeChat gateway registers its own ISmsSender).
        services.TryAddSingleton<ISmsSender, LoggingSmsSender>();
        services.AddSingleton<AppealDeadlineJob>();
        services.AddHostedService(sp => sp.GetRequiredService<AppealDeadlineJob>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        services.AddAuthorization(o =>
        {
            foreach (var permission in AppealPermissions.All)
                o.AddPolicy(permission, p => p.RequireAssertion(ctx => AppealPermissions.Has(ctx.User, permission)));
        });
        return builder;
    }

    public static WebApplication MapAppeals(this WebApplication app)
    {
        app.MapAppealsApi();
        return app;
    }
}
