namespace Tongban.Web.Features.Services;

/// <summary>一岗通办: catalog and public guide, applications with first-inquiry owners, appointments, skills, rota, daily close.</summary>
public static class ServicesModule
{
    public static WebApplicationBuilder AddServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Catalog and guide.
        services.AddMemoryCache();
        services.AddSingleton<GuideCache>();
        services.AddScoped<SearchGuide>();
        services.AddScoped<GetGuideItem>();
        services.AddScoped<ListCatalog>();
        services.AddScoped<CreateServiceItem>();
        services.AddScoped<ReviseServiceItem>();
        services.AddScoped<WithdrawServiceItem>();
        // Applications (办件).
        services.AddScoped<ServiceDesk>();
        services.AddScoped<SuggestColleague>();
        services.AddScoped<StartApplication>();
        services.AddScoped<DecideApplication>();
        services.AddScoped<RecordTrip>();
        services.AddScoped<FollowApplication>();
        services.AddScoped<GetApplication>();
        services.AddScoped<ListApplications>();
        // Appointments, skills, rota, daily close.
        services.Configure<ServicesOptions>(builder.Configuration.GetSection("Services"));
        services.AddScoped<AppointmentSlots>();
        services.AddScoped<BookAppointment>();
        services.AddScoped<ManageAppointments>();
        services.AddScoped<ManageSkills>();
        services.AddScoped<ManageRota>();
        services.AddScoped<CloseDay>();
        services.AddScoped<RecalculatePromisedDates>();
        services.AddScoped<Infrastructure.ICalendarDeadlines>(sp => sp.GetRequiredService<RecalculatePromisedDates>());
        services.AddScoped<ClosedDayAppointments>();
        // After the calendar's own start-up step (AddCalendar comes first), which it counts on.
        services.AddScoped<Infrastructure.IStartupSeeder, MaterialsDueBackfill>();
        services.AddScoped<Infrastructure.ICalendarDeadlines>(sp => sp.GetRequiredService<ClosedDayAppointments>());
        services.AddSingleton<AppointmentReminderJob>();
        services.AddHostedService(sp => sp.GetRequiredService<AppointmentReminderJob>());
        services.AddSingleton<PromiseRecountJob>();
        services.AddHostedService(sp => sp.GetRequiredService<PromiseRecountJob>());

        services.AddAuthorization(o =>
        {
            foreach (var permission in ServicePermissions.All)
                o.AddPolicy(permission, p => p.RequireAssertion(ctx => ServicePermissions.Has(ctx.User, permission)));
        });
        return builder;
    }

    public static WebApplication MapServices(this WebApplication app)
    {
        app.MapServicesApi();
        app.MapServicesDutyApi();
        return app;
    }
}
