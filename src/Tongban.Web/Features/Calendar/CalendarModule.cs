using Microsoft.AspNetCore.Http.HttpResults;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Calendar;

/// <summary>工作日历: entered years kept in step with the in-memory calendar, and their API.</summary>
public static class CalendarModule
{
    public static WebApplicationBuilder AddCalendar(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<CalendarRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<CalendarRefresh>());
        services.AddScoped<IStartupSeeder, CalendarStartupStep>();
        services.AddScoped<ManageCalendar>();
        return builder;
    }

    public static WebApplication MapCalendar(this WebApplication app)
    {
        // Read by every signed-in staff member (deadlines and bookable days follow it); kept by those who configure appeals.
        var calendar = app.MapGroup("/api/v1/calendar").WithTags("工作日历").RequireAuthorization();
        calendar.MapGet("/", (ManageCalendar m, CancellationToken ct) => m.ListAsync(ct))
            .WithSummary("工作日历：各年的法定节假日和调休上班日（随程序提供的，或管理员录入的）");
        calendar.MapGet("/{year:int}", (int year, ManageCalendar m, CancellationToken ct) => m.GetAsync(year, ct)).WithSummary("某一年的节假日安排");
        calendar.MapPut("/{year:int}", async Task<Ok<CalendarYearView>> (int year, CalendarYearInput input, ManageCalendar m, CancellationToken ct) =>
            TypedResults.Ok(await m.SaveAsync(year, input, ct)))
            .RequireAuthorization(AppealPermissions.Configure).WithSummary("录入或更正某一年的节假日安排（国务院办公厅通知公布后），立即用于本服务器的期限计算和预约。"
                + "保存时即重算：跨改动日期的在办诉求时限（recalculatedAppeals）、未申请的司法确认申请期限（recalculatedDisputes）、在办办件的承诺办结日期、容缺补交期限和一次性告知的补正期限（recalculatedApplications）；"
                + "已预约的窗口时段所在日期不再开放的，在预约名单中标出并短信通知预约人改约（appointmentsOnClosedDays：件数）。"
                + "在后台完成：诉求超过500件时由期限任务分批重算（appealsToRecalculate，算完前不按旧时限升级或预警）；办件超过500件时由后台任务分批重算（applicationsToRecalculate，一两分钟内）；"
                + "到 settlesAt 各服务器都已用上新安排，其间按旧安排计算的各类期限届时再按新安排核对一遍，此前不能再次改动日历");
        calendar.MapDelete("/{year:int}", async Task<NoContent> (int year, ManageCalendar m, CancellationToken ct) =>
        {
            await m.DeleteAsync(year, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AppealPermissions.Configure).WithSummary("删除录入的年份，恢复随程序提供的安排；跨改动日期的在办诉求时限、司法确认申请期限和在办办件的承诺办结日期随之重算（件数多时在后台分批完成），各服务器都用上之后其间计算的期限再核对一遍");
        return app;
    }
}
