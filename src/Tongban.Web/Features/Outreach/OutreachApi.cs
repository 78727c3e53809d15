using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record CloseDiaryInput(string? Note);

/// <summary>The staff JSON API of outreach: grid work, mobile desks, the concerns diary, coverage and figures.</summary>
public static class OutreachApi
{
    public static WebApplication MapOutreachApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/outreach").WithTags("走访与流动办公").RequireAuthorization(OutreachPermissions.View);
        api.MapGet("/day", Day).WithSummary("网格员今日清单：按频次规则到期的入户走访、到期巡查的楼栋、今日已完成（不指定网格时取本人唯一网格）");
        api.MapGet("/visit-rules", (ManageVisitRules m, CancellationToken ct) => m.ListAsync(ct)).WithSummary("走访频次规则（按标签：如独居老人每周、残疾人每月、全部住户每季度）");
        api.MapPut("/visit-rules", async Task<Ok<VisitRuleView>> (VisitRuleInput input, ManageVisitRules m, CancellationToken ct) => TypedResults.Ok(await m.SaveAsync(input, ct)))
            .RequireAuthorization(OutreachPermissions.Configure).WithSummary("新增或修改某标签的走访频次（tagCode 为空表示全部住户）");
        api.MapGet("/visits", (ListVisits l, [AsParameters] VisitQuery q, CancellationToken ct) => l.HandleAsync(q, ct)).WithSummary("走访与巡查记录（按网格、住户、楼栋、类型、日期筛选；mine=true 仅本人）");
        api.MapGet("/visits/{id:long}", (long id, ListVisits l, CancellationToken ct) => l.GetAsync(id, ct)).WithSummary("一条走访记录：看听访查、备注、照片、发现的问题及转成的诉求");
        api.MapPost("/visits", RecordJson).RequireAuthorization(OutreachPermissions.Visit)
            .WithSummary("登记入户走访或巡查（JSON）；同一 idempotencyKey 重复提交返回第一次的结果（200），新记录返回201；发现的隐患或诉求可一步转为诉求（网格巡查渠道）");
        api.MapPost("/visits/with-photos", RecordMultipart).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            {
                Policy = OutreachPermissions.Visit, AuthenticationSchemes = IdentityConstants.BearerScheme,
            }).DisableAntiforgery()
            .WithSummary("登记走访并上传照片（multipart/form-data：字段 visit 为JSON，字段 photos 为照片，按内容识别JPEG/PNG/WebP；仅限令牌调用）");
        api.MapGet("/visits/{id:long}/photos/{sha256}", Photo).WithSummary("走访照片");
        api.MapPost("/visit-findings/{id:long}/appeal", async Task<Ok<RaisedAppeal>> (long id, RaiseFinding r, CancellationToken ct) => TypedResults.Ok(await r.HandleAsync(id, ct)))
            .RequireAuthorization(OutreachPermissions.Visit).WithSummary("把走访时只记录未上报的问题一步转为诉求（网格巡查渠道）");

        api.MapGet("/desk-plans", (GetDeskPlan g, CancellationToken ct) => g.ListAsync(ct)).WithSummary("流动办公桌计划列表（覆盖楼栋数、已开展场次、下一场日期）");
        api.MapPost("/desk-plans", async Task<Created<DeskPlanView>> (DeskPlanInput input, PlanDeskRotation plan, GetDeskPlan get, CancellationToken ct) =>
        {
            var id = await plan.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/outreach/desk-plans/{id}", await get.StaffAsync(id, ct));
        }).RequireAuthorization(OutreachPermissions.Plan).WithSummary("新建流动办公桌计划：按小区或社区全部楼栋依次轮换（如每周一栋、下班后），自动排出第一轮");
        api.MapGet("/desk-plans/{id:int}", (int id, GetDeskPlan g, CancellationToken ct) => g.StaffAsync(id, ct)).WithSummary("流动办公桌计划详情：各轮各楼栋的日期、时间、状态和改期记录；网格员可看本社区的计划，inArea=true 的场次（本人网格内）可登记");
        api.MapPost("/desk-plans/{id:int}/extend", async Task<Ok<DeskPlanView>> (int id, PlanDeskRotation plan, GetDeskPlan get, CancellationToken ct) =>
        {
            await plan.ExtendAsync(id, ct);
            return TypedResults.Ok(await get.StaffAsync(id, ct));
        }).RequireAuthorization(OutreachPermissions.Plan).WithSummary("续排下一轮：在上一轮之后按现有楼栋再轮换一遍（每栋每轮恰好一次）");
        api.MapPost("/desk-plans/{id:int}/publish", async Task<Ok<DeskPlanView>> (int id, bool published, PlanDeskRotation plan, GetDeskPlan get, CancellationToken ct) =>
        {
            await plan.PublishAsync(id, published, ct);
            return TypedResults.Ok(await get.StaffAsync(id, ct));
        }).RequireAuthorization(OutreachPermissions.Plan).WithSummary("向居民公布或停止公布（公布后有公开页面和每栋楼的张贴通知）");
        api.MapPost("/desk-slots/{id:int}/reschedule", async Task<NoContent> (int id, RescheduleInput input, RescheduleDeskSlot r, CancellationToken ct) =>
        {
            await r.HandleAsync(id, input, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(OutreachPermissions.Plan).WithSummary("改期（如遇雨雪大风）：须写明原因；shiftFollowing=true 时之后的场次同步顺延");
        api.MapGet("/desk-sessions", (GetDeskSession g, int? take, CancellationToken ct) => g.RecentAsync(take ?? 50, ct)).WithSummary("最近的流动办公记录");
        api.MapPost("/desk-sessions", async Task<Results<Created<RecordDeskSessionResult>, Ok<RecordDeskSessionResult>>> (RecordDeskSessionRequest request, RecordDeskSession r, CancellationToken ct) =>
        {
            var result = await r.HandleAsync(request, ct);
            return result.Replayed ? TypedResults.Ok(result) : TypedResults.Created($"/api/v1/outreach/desk-sessions/{result.Id}", result);
        }).RequireAuthorization(OutreachPermissions.Desk)
            .WithSummary("登记一场流动办公：服务人次、当场答复的问题（serviceItemId 关联事项清单，可不关联；applicationStarted=true 时按该事项为申请人发起办件，渠道流动办公桌，登记人为首问负责人，与本场记录同一事务）、记入民情日记本的民情；只填楼栋时，若当天该楼栋有已排期的场次，即记为该场次；不能登记未来日期；同一 idempotencyKey 只登记一次（重复提交返回第一次的结果）");
        api.MapGet("/desk-sessions/{id:long}", (long id, GetDeskSession g, CancellationToken ct) => g.HandleAsync(id, ct)).WithSummary("一场流动办公的小结：服务人次、当场办结、发起办理（含办件编号）、民情及去向");
        api.MapGet("/diary", (ListDiary l, [AsParameters] DiaryQuery q, CancellationToken ct) => l.HandleAsync(q, ct)).WithSummary("民情日记本（待跟进在前）");
        api.MapPost("/diary", async Task<Created<DiaryEntryView>> (DiaryEntryInput input, WriteDiaryEntry w, ListDiary l, CancellationToken ct) =>
        {
            var id = await w.HandleAsync(input, ct);
            var page = await l.HandleAsync(new DiaryQuery(PageSize: 200), ct);
            return TypedResults.Created($"/api/v1/outreach/diary/{id}", page.Items.First(e => e.Id == id));
        }).RequireAuthorization(OutreachPermissions.Desk).WithSummary("记一条民情日记（须指明楼栋）");
        api.MapPost("/diary/{id:long}/appeal", async Task<Ok<RaisedDiaryEntry>> (long id, RaiseDiaryInput? input, RaiseDiaryEntry r, CancellationToken ct) =>
            TypedResults.Ok(await r.HandleAsync(id, input ?? new RaiseDiaryInput(), ct)))
            .RequireAuthorization(OutreachPermissions.Desk).WithSummary("民情日记一步转为诉求（民情日记本渠道），重复提交返回同一条诉求");
        api.MapPost("/diary/{id:long}/close", async Task<NoContent> (long id, CloseDiaryInput input, CloseDiaryEntry c, CancellationToken ct) =>
        {
            await c.HandleAsync(id, input.Note, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(OutreachPermissions.Desk).WithSummary("民情日记办结（已答复或已解决，无需转诉求），须写明说明");
        api.MapGet("/coverage", (GetCoverage g, int? days, CancellationToken ct) => g.HandleAsync(days, ct))
            .WithSummary("覆盖情况：各网格到期和逾期走访及网格员、从未走访的住户、超过 days 天（默认60）未开展流动办公的楼栋（含坐标，供地图）");
        api.MapGet("/figures", (GetOutreachFigures g, DateOnly? from, DateOnly? to, CancellationToken ct) => g.HandleAsync(from, to, ct))
            .WithSummary("统计：流动办公场次、服务人次、民情条数、当场办结率、走访按类型和标签（默认近30天）");

        var open = app.MapGroup("/api/v1/public/outreach").WithTags("走访与流动办公").AllowAnonymous();
        open.MapGet("/desk-plans/{id:int}", (int id, GetDeskPlan g, CancellationToken ct) => g.PublicAsync(id, ct)).WithSummary("公开：已公布的流动办公桌安排（近期场次、地点、时间、参加部门）");
        return app;
    }

    private static async Task<Ok<DayList>> Day(int? gridId, int? limit, GetDayList handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(gridId, limit ?? GetDayList.DefaultLimit, ct));

    private static async Task<Results<Created<RecordVisitResult>, Ok<RecordVisitResult>>> RecordJson(RecordVisitRequest request, RecordVisit handler, CancellationToken ct)
    {
        var result = await handler.HandleAsync(request, [], ct);
        return result.Replayed ? TypedResults.Ok(result) : TypedResults.Created($"/api/v1/outreach/visits/{result.Id}", result);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static async Task<Results<Created<RecordVisitResult>, Ok<RecordVisitResult>>> RecordMultipart(HttpRequest http, RecordVisit handler, CancellationToken ct)
    {
        if (!http.HasFormContentType) throw new ValidationFailedException("visit", "请以 multipart/form-data 提交：字段 visit 为走访内容（JSON），字段 photos 为照片");
        var form = await http.ReadFormAsync(ct);
        RecordVisitRequest? request;
        try { request = JsonSerializer.Deserialize<RecordVisitRequest>(form["visit"].ToString(), Json); }
        catch (JsonException) { request = null; }
        if (request is null) throw new ValidationFailedException("visit", "字段 visit 不是有效的走访内容（JSON）");
        var photos = await ReadPhotosAsync(form.Files.GetFiles("photos"), ct);
        var result = await handler.HandleAsync(request, photos, ct);
        return result.Replayed ? TypedResults.Ok(result) : TypedResults.Created($"/api/v1/outreach/visits/{result.Id}", result);
    }

    /// <summary>Reads uploads into memory, refusing an oversized one before reading it.</summary>
    public static async Task<List<PhotoUpload>> ReadPhotosAsync(IEnumerable<IFormFile> files, CancellationToken ct)
    {
        var list = new List<PhotoUpload>();
        var index = 0;
        foreach (var file in files)
        {
            index++;
            if (file.Length > 10 * 1024 * 1024) throw new ValidationFailedException("photos", $"第{index}张照片超过10MB，请压缩后再传");
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            list.Add(new PhotoUpload(file.FileName, buffer.ToArray()));
        }
        return list;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> Photo(long id, string sha256, AppDbContext db, FileStore files, CancellationToken ct)
    {
        var photo = await db.VisitPhotos.AsNoTracking().Where(p => p.VisitId == id && p.Sha256 == sha256).Select(p => new { p.ContentType }).FirstOrDefaultAsync(ct);
        if (photo is null || files.OpenRead(sha256) is not { } stream) return TypedResults.NotFound();
        return TypedResults.Stream(stream, photo.ContentType);
    }
}
