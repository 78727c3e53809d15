using Microsoft.AspNetCore.Http.HttpResults;
using Tongban.Web.Features.Public;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>Appointments, skills, rota and daily close: the desk's organisation, beside the applications API.</summary>
public static class ServicesDutyApi
{
    public static WebApplication MapServicesDutyApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/services").WithTags("一岗通办").RequireAuthorization(ServicePermissions.View);

        api.MapGet("/appointments", async Task<Ok<IReadOnlyList<AppointmentRow>>> (DateOnly? day, ManageAppointments m, CancellationToken ct) =>
            TypedResults.Ok(await m.DayAsync(day, ct))).WithSummary("当日预约名单（默认今天，可用 day=yyyy-MM-dd 指定）；dayClosed：该日已因节假日安排调整不再开放，预约人已收到短信，请联系改约或取消");
        api.MapPost("/appointments", async Task<Created<BookAppointmentResult>> (BookAppointmentRequest request, BookAppointment book, CancellationToken ct) =>
        {
            var result = await book.HandleAsync(request, ct);
            return TypedResults.Created($"/api/v1/services/appointments/{result.Id}", result);
        }).RequireAuthorization(ServicePermissions.Handle).WithSummary("工作人员代居民预约（如邻里群里收集的预约）");
        api.MapPost("/appointments/{id:long}/arrived", async Task<NoContent> (long id, ManageAppointments m, CancellationToken ct) =>
        {
            await m.MarkAsync(id, arrived: true, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(ServicePermissions.Handle).WithSummary("登记预约居民已到场");
        api.MapPost("/appointments/{id:long}/no-show", async Task<NoContent> (long id, ManageAppointments m, CancellationToken ct) =>
        {
            await m.MarkAsync(id, arrived: false, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(ServicePermissions.Handle).WithSummary("登记预约居民未到场（时段开始后）");
        api.MapPost("/appointments/{id:long}/cancel", async Task<NoContent> (long id, ManageAppointments m, CancellationToken ct) =>
        {
            await m.CancelForResidentAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(ServicePermissions.Handle)
            .WithSummary("工作人员代居民取消预约（居民来电要求，或节假日安排调整后该日不再开放、已代约其他时段）：释放名额并短信告知；时段开始后不能取消");

        api.MapGet("/skills", async Task<Ok<SkillMatrix>> (int? communityId, ManageSkills m, CancellationToken ct) => TypedResults.Ok(await m.MatrixAsync(communityId, ct)))
            .WithSummary("技能矩阵：本社区每位工作人员能办哪些事项、学习进度、无人能办的事项");
        api.MapPut("/skills", async Task<Ok<SkillCell>> (SetSkillRequest request, ManageSkills m, CancellationToken ct) => TypedResults.Ok(await m.SetAsync(request, ct)))
            .RequireAuthorization(ServicePermissions.Manage).WithSummary("设置某人某事项的技能等级（学习中/可独立办理/可带教）和学习进度");

        api.MapGet("/rota", async Task<Ok<RotaView>> (string? month, int? communityId, ManageRota m, CancellationToken ct) => TypedResults.Ok(await m.GetAsync(month, communityId, ct)))
            .WithSummary("某月排班：每天每个百通岗的A/B岗、错峰就餐、冲突和每人工作量");
        api.MapPost("/rota/generate", async Task<Ok<RotaView>> (GenerateRotaRequest request, ManageRota m, CancellationToken ct) => TypedResults.Ok(await m.GenerateAsync(request, ct)))
            .RequireAuthorization(ServicePermissions.Manage).WithSummary("按人员、岗位、开放时间（含延时和周末）和请假自动生成整月排班；已有排班须 overwrite=true");
        api.MapPut("/rota/assignments/{id:long}", async Task<Ok<RotaView>> (long id, EditRotaRequest request, ManageRota m, CancellationToken ct) =>
            TypedResults.Ok(await m.EditAsync(id, request, ct))).RequireAuthorization(ServicePermissions.Manage)
            .WithSummary("手工调整一条排班：检查冲突，有新冲突时不保存并列出（acceptConflicts=true 时仍保存）");
        api.MapGet("/leaves", async Task<Ok<IReadOnlyList<LeaveView>>> (string? month, int? communityId, ManageRota m, CancellationToken ct) =>
            TypedResults.Ok(await m.LeavesAsync(month, communityId, ct))).WithSummary("某月请假/休假");
        api.MapPost("/leaves", async Task<Created<LeaveView>> (LeaveRequest request, ManageRota m, CancellationToken ct) =>
        {
            var leave = await m.AddLeaveAsync(request, ct);
            return TypedResults.Created($"/api/v1/services/leaves/{leave.Id}", leave);
        }).RequireAuthorization(ServicePermissions.Manage).WithSummary("登记请假/休假（排班生成和检查都会避开）");

        api.MapGet("/daily-closes", async Task<Ok<IReadOnlyList<DailyCloseView>>> (int? take, CloseDay close, CancellationToken ct) =>
            TypedResults.Ok(await close.ListAsync(take ?? 30, ct))).WithSummary("日结记录：按事项和结果汇总，结转在办件");
        api.MapPost("/daily-closes", async Task<Created<DailyCloseView>> (CloseDayRequest request, CloseDay close, CancellationToken ct) =>
        {
            var result = await close.HandleAsync(request, ct);
            return TypedResults.Created($"/api/v1/services/daily-closes/{result.Id}", result);
        }).RequireAuthorization(ServicePermissions.Handle).WithSummary("日结：当天办件归档汇总，未办结的结转（每社区每天一次；今天须在最后一个办公时段结束后，漏日结的可补最近31天）");

        var pub = app.MapGroup("/api/v1/public/appointments").WithTags("居民端").AllowAnonymous().DisableAntiforgery();
        pub.MapGet("/slots", async Task<Ok<IReadOnlyList<SlotDay>>> (int communityId, DateOnly? from, int? days, AppointmentSlots slots, CancellationToken ct) =>
            TypedResults.Ok(await slots.HandleAsync(communityId, from, days ?? 7, ct))).WithMetadata(new PublicReadLimitAttribute())
            .WithSummary("某社区可预约时段（含晚间和周六延时服务）及剩余名额");
        pub.MapPost("/", async Task<Created<BookAppointmentResult>> (BookAppointmentRequest request, BookAppointment book, CancellationToken ct) =>
        {
            var result = await book.HandleAsync(request, ct);
            return TypedResults.Created($"/api/v1/public/appointments/{result.Code}", result);
        }).WithMetadata(new PublicWriteLimitAttribute()).WithSummary("居民预约：选择事项和时段，返回预约码并短信提醒；同一名额并发预约只有一个成功");
        pub.MapGet("/{code}", async Task<Ok<PublicAppointmentView>> (string code, string? phone, ManageAppointments m, CancellationToken ct) =>
            TypedResults.Ok(await m.FindAsync(code, phone, ct))).WithMetadata(new PublicReadLimitAttribute())
            .WithSummary("凭预约码和手机号查询预约");
        pub.MapPost("/{code}/cancel", async Task<NoContent> (string code, string? phone, ManageAppointments m, CancellationToken ct) =>
        {
            await m.CancelAsync(code, phone, ct);
            return TypedResults.NoContent();
        }).WithMetadata(new PublicWriteLimitAttribute()).WithSummary("凭预约码和手机号取消预约（时段开始前），名额释放");
        return app;
    }
}
