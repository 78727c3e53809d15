using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>Query string of GET /api/v1/appeals and its export.</summary>
public sealed record AppealListQuery(string? Queue, string? Q, AppealState? State, int? CategoryId, AppealKind? Kind, AppealChannel? Channel,
    AppealTier? Tier, AppealUrgency? Urgency, string? Status, DateOnly? From, DateOnly? To, int? AreaId, int? Page, int? PageSize, string? Assignee = null)
{
    public AppealFilter Filter => new(Queue, Q, State, CategoryId, Kind, Channel, Tier, Urgency, Status, From, To, AreaId, Assignee);
}

/// <summary>The staff JSON API for appeals: every action of the process, the queues, rates, export and configuration.</summary>
public static class AppealsApi
{
    public static WebApplication MapAppealsApi(this WebApplication app)
    {
        var appeals = app.MapGroup("/api/v1/appeals").WithTags("民情诉求").RequireAuthorization(AppealPermissions.View);
        appeals.MapGet("/", List).WithSummary("诉求列表：队列（mine 我的待办、area 本网格/辖区、to-accept 待受理、to-dispatch 待派单（本层级已受理待派单）、awaiting-ack 待签收、due-soon 即将到期、overdue 已超期、follow-up 待回访、all）、筛选（status=red/yellow/green，或 past-promise 超出承诺反馈时限）与中文搜索；每行有承诺反馈时限 promisedFeedbackAt 和 pastPromise");
        appeals.MapPost("/", Submit).RequireAuthorization(AppealPermissions.Handle)
            .WithSummary("工作人员登记诉求（窗口、流动办公桌、民情日记、电话等渠道）；同一 idempotencyKey（或 Idempotency-Key 请求头）再次提交（含同时提交两次）返回 200 和第一次登记的诉求（replayed 为 true）；键只对第一次提交的账户有效，别的账户用同一个键返回 422");
        appeals.MapGet("/{id:long}", Get).WithSummary("诉求详情：时间线、派单记录、附件、预警、给反映人的短信及其发送状态，和当前可执行的操作；办理时限 feedbackDueAt 是当前层级的，承诺反馈时限 promisedFeedbackAt 是向反映人的承诺（升级不变）");
        appeals.MapGet("/{id:long}/assignees", Assignees).RequireAuthorization(AppealPermissions.Handle)
            .WithSummary("可派单对象：网格员、物业公司、社区工作组，街道及以上可召集职能部门（仅限可派单的工作人员）");
        appeals.MapGet("/{id:long}/duplicates", Duplicates).WithSummary("疑似重复：同一楼栋或150米内、同一分类的未办结诉求");
        appeals.MapGet("/{id:long}/reply-templates", TemplatesFor).WithSummary("适用于该诉求分类和状态的答复模板（已填入编号、地址等）");
        appeals.MapPost("/{id:long}/accept", Accept).RequireAuthorization(AppealPermissions.Handle).WithSummary("受理");
        appeals.MapPost("/{id:long}/reject", Reject).RequireAuthorization(AppealPermissions.Handle).WithSummary("不予受理（须写明理由）");
        appeals.MapPost("/{id:long}/merge", Merge).RequireAuthorization(AppealPermissions.Handle).WithSummary("合并到主诉求，之后跟随主诉求的办理结果");
        appeals.MapPost("/{id:long}/dispatch", Dispatch).RequireAuthorization(AppealPermissions.Handle).WithSummary("派单、改派（须写明理由）或吹哨召集多个部门（指定牵头单位）；牵头单位不变、只增减召集的部门时是调整协办单位（同样须写明理由）：牵头单位的签收、办理状态和时限不变，只有新召集的部门须报到，时间线记为 support-change");
        appeals.MapPost("/{id:long}/acknowledge", Acknowledge).RequireAuthorization(AppealPermissions.Work).WithSummary("签收（牵头单位）或报到（被召集部门）");
        appeals.MapPost("/{id:long}/start", Start).RequireAuthorization(AppealPermissions.Work).WithSummary("开始办理");
        appeals.MapPost("/{id:long}/return-request", ReturnRequest).RequireAuthorization(AppealPermissions.Work)
            .WithSummary("承办单位申请退回（不属于本单位职责等，须写明理由）：不改变状态，通知派单人员改派");
        appeals.MapPost("/{id:long}/progress", Progress).RequireAuthorization(AppealPermissions.Work).WithSummary("记录办理进展");
        appeals.MapPost("/{id:long}/resolve", Resolve).RequireAuthorization(AppealPermissions.Work).WithSummary("办结：填写办理结果，通知反映人评价并生成回访任务");
        appeals.MapPost("/{id:long}/evidence", Evidence).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            {
                Policy = AppealPermissions.Work, AuthenticationSchemes = IdentityConstants.BearerScheme,
            }).DisableAntiforgery().WithSummary("上传办理佐证（multipart/form-data，字段 files，照片或PDF，每个不超过10MB；仅限令牌调用）");
        appeals.MapGet("/{id:long}/attachments/{attachmentId:long}", Attachment).WithSummary("下载诉求附件（反映人照片或办理佐证）");
        appeals.MapPost("/{id:long}/follow-up", FollowUp).RequireAuthorization(AppealPermissions.Handle).WithSummary("登记回访结果：是否解决、是否满意");
        appeals.MapPost("/{id:long}/close", Close).RequireAuthorization(AppealPermissions.Handle).WithSummary("关闭（回访之后）");
        appeals.MapPost("/{id:long}/erase-contact", EraseContact).RequireAuthorization(AppealPermissions.Handle)
            .WithSummary("应反映人要求删除其姓名和电话（须写明依据）；诉求照常办理，此后不再向其发送短信");
        appeals.MapPost("/{id:long}/reopen", Reopen).RequireAuthorization(AppealPermissions.Handle).WithSummary("重新办理（回访不满意或未解决，在重办期限内）");
        appeals.MapPost("/{id:long}/escalate", Escalate).RequireAuthorization(AppealPermissions.Handle).WithSummary("升级至街道或区综治中心（须写明原因）");
        appeals.MapPost("/bulk-dispatch", BulkDispatch).RequireAuthorization(AppealPermissions.Handle).WithSummary("批量派单：多条诉求派给同一承办单位，全部成功或全部不派");
        appeals.MapGet("/rates", Rates).WithSummary("三率：响应率、解决率、满意率及加权得分（30/35/35），各层级办结占比");
        appeals.MapGet("/export", Export).RequireAuthorization(AppealPermissions.Export).WithSummary("按当前筛选导出诉求清单（Excel），导出记入审计日志");

        appeals.MapGet("/categories", (ManageCategories m, CancellationToken ct) => m.ListAsync(ct)).WithSummary("问题分类（两级）");
        appeals.MapPost("/categories", async Task<Created<CategoryView>> (CategoryInput input, ManageCategories m, CancellationToken ct) =>
        {
            var created = await m.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/appeals/categories/{created.Id}", created);
        })
            .RequireAuthorization(AppealPermissions.Configure).WithSummary("新增问题分类");
        appeals.MapPut("/categories/{id:int}", async Task<Ok<CategoryView>> (int id, CategoryInput input, ManageCategories m, CancellationToken ct) =>
            TypedResults.Ok(await m.UpdateAsync(id, input, ct))).RequireAuthorization(AppealPermissions.Configure).WithSummary("修改问题分类（停用请将 isActive 设为 false）");
        appeals.MapDelete("/categories/{id:int}", async Task<NoContent> (int id, ManageCategories m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AppealPermissions.Configure).WithSummary("删除未被使用的问题分类");

        appeals.MapGet("/departments", (ManageDepartments m, CancellationToken ct) => m.ListAsync(activeOnly: false, ct)).WithSummary("服务本辖区的职能部门");
        appeals.MapPost("/departments", async Task<Created<DepartmentView>> (DepartmentInput input, ManageDepartments m, CancellationToken ct) =>
        {
            var created = await m.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/appeals/departments/{created.Id}", created);
        })
            .RequireAuthorization(AppealPermissions.Configure).WithSummary("新增职能部门（可指定联络员账户）");
        appeals.MapPut("/departments/{id:int}", async Task<Ok<DepartmentView>> (int id, DepartmentInput input, ManageDepartments m, CancellationToken ct) =>
            TypedResults.Ok(await m.UpdateAsync(id, input, ct))).RequireAuthorization(AppealPermissions.Configure).WithSummary("修改职能部门");
        appeals.MapDelete("/departments/{id:int}", async Task<NoContent> (int id, ManageDepartments m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AppealPermissions.Configure).WithSummary("删除从未承办过诉求的部门");

        appeals.MapGet("/time-limit-rules", (ManageTimeLimitRules m, CancellationToken ct) => m.ListAsync(ct)).WithSummary("办理时限规则（按紧急程度，可按分类细化）");
        appeals.MapPost("/time-limit-rules", async Task<Created<TimeLimitRuleView>> (TimeLimitRuleInput input, ManageTimeLimitRules m, CancellationToken ct) =>
        {
            var created = await m.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/appeals/time-limit-rules/{created.Id}", created);
        })
            .RequireAuthorization(AppealPermissions.Configure).WithSummary("新增时限规则");
        appeals.MapPut("/time-limit-rules/{id:int}", async Task<Ok<TimeLimitRuleView>> (int id, TimeLimitRuleInput input, ManageTimeLimitRules m, CancellationToken ct) =>
            TypedResults.Ok(await m.UpdateAsync(id, input, ct))).RequireAuthorization(AppealPermissions.Configure).WithSummary("修改时限规则");
        appeals.MapDelete("/time-limit-rules/{id:int}", async Task<NoContent> (int id, ManageTimeLimitRules m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AppealPermissions.Configure).WithSummary("删除按分类细化的时限规则");

        appeals.MapGet("/reply-templates", (int? categoryId, AppealState? state, ManageReplyTemplates m, CancellationToken ct) => m.ListAsync(categoryId, state, ct))
            .WithSummary("答复模板（可按分类和状态筛选）");
        appeals.MapPost("/reply-templates", async Task<Created<ReplyTemplateView>> (ReplyTemplateInput input, ManageReplyTemplates m, CancellationToken ct) =>
        {
            var created = await m.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/appeals/reply-templates/{created.Id}", created);
        })
            .RequireAuthorization(AppealPermissions.Templates).WithSummary("新增答复模板");
        appeals.MapPut("/reply-templates/{id:int}", async Task<Ok<ReplyTemplateView>> (int id, ReplyTemplateInput input, ManageReplyTemplates m, CancellationToken ct) =>
            TypedResults.Ok(await m.UpdateAsync(id, input, ct))).RequireAuthorization(AppealPermissions.Templates).WithSummary("修改答复模板");
        appeals.MapDelete("/reply-templates/{id:int}", async Task<NoContent> (int id, ManageReplyTemplates m, CancellationToken ct) =>
        {
            await m.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AppealPermissions.Templates).WithSummary("删除答复模板");

        var notifications = app.MapGroup("/api/v1/notifications").WithTags("通知");
        notifications.MapGet("/", (bool? unread, int? take, AppealNotifications n, CancellationToken ct) => n.ListAsync(unread ?? false, take ?? 50, ct))
            .WithSummary("我的站内通知（派单、预警、回访任务等）");
        notifications.MapPost("/{id:long}/read", async Task<NoContent> (long id, AppealNotifications n, CancellationToken ct) =>
        {
            await n.MarkReadAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("标记一条通知为已读");
        notifications.MapPost("/read-all", async Task<NoContent> (AppealNotifications n, CancellationToken ct) =>
        {
            await n.MarkReadAsync(null, ct);
            return TypedResults.NoContent();
        }).WithSummary("全部标记为已读");
        return app;
    }

    private static async Task<Ok<AppealListPage>> List([AsParameters] AppealListQuery query, ListAppeals list, CancellationToken ct) =>
        TypedResults.Ok(await list.PageAsync(query.Filter, query.Page ?? 1, query.PageSize ?? 20, ct));

    /// <summary>201 with the new appeal; 200 with the first appeal when the idempotency key had made it already (replayed).</summary>
    private static async Task<Results<Created<SubmitAppealResult>, Ok<SubmitAppealResult>>> Submit(SubmitAppealRequest request, SubmitAppeal submit,
        AppealWorkflow workflow, HttpRequest http, CancellationToken ct)
    {
        // The key may come as the Idempotency-Key header, as on the public API; it wins over the body's.
        if (http.Headers["Idempotency-Key"].ToString() is { Length: > 0 } header) request = request with { IdempotencyKey = header };
        SubmitAppeal.EnsureCallerKey(request.IdempotencyKey);
        var result = await submit.HandleAsync(request, await workflow.ActorAsync(ct), publicIntake: false, ct);
        return result.Replayed ? TypedResults.Ok(result) : TypedResults.Created($"/api/v1/appeals/{result.Id}", result);
    }

    private static async Task<Ok<AppealDetails>> Get(long id, GetAppeal get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct));

    private static async Task<Ok<AssigneeOptions>> Assignees(long id, ListAssignees list, CancellationToken ct) => TypedResults.Ok(await list.HandleAsync(id, ct));

    private static async Task<Ok<IReadOnlyList<DuplicateCandidate>>> Duplicates(long id, AppealWorkflow workflow, FindDuplicates duplicates, CancellationToken ct)
    {
        var appeal = await workflow.LoadAsync(id, ct);
        return TypedResults.Ok(await duplicates.FindAsync(appeal.CategoryId, appeal.BuildingId, appeal.Latitude, appeal.Longitude, appeal.Id, publicIntake: false, ct));
    }

    private static async Task<Ok<IReadOnlyList<ReplyTemplateView>>> TemplatesFor(long id, AppealWorkflow workflow, ManageReplyTemplates templates, CancellationToken ct)
    {
        var appeal = await workflow.LoadAsync(id, ct);
        var list = await templates.ForAppealAsync(appeal.CategoryId, appeal.State, ct);
        return TypedResults.Ok<IReadOnlyList<ReplyTemplateView>>(list.Select(t => t with { Text = ManageReplyTemplates.Render(t.Text, appeal) }).ToList());
    }

    private static async Task<Ok<AppealDetails>> Accept(long id, AcceptAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Reject(long id, RejectAppealRequest request, RejectAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> EraseContact(long id, EraseAppealContactRequest request, EraseAppealContact use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Merge(long id, MergeAppealsRequest request, MergeAppeals use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Dispatch(long id, DispatchAppealRequest request, DispatchAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Acknowledge(long id, [FromBody] AcknowledgeAppealRequest? request, AcknowledgeAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request ?? new AcknowledgeAppealRequest(), ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Start(long id, [FromBody] StartAppealRequest? request, StartAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request ?? new StartAppealRequest(), ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Progress(long id, AddAppealProgressRequest request, AddAppealProgress use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> ReturnRequest(long id, RequestAppealReturnRequest request, RequestAppealReturn use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Resolve(long id, ResolveAppealRequest request, ResolveAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Evidence(long id, HttpRequest http, AttachAppealEvidence use, GetAppeal get, CancellationToken ct)
    {
        if (!http.HasFormContentType) throw new ValidationFailedException("files", "请以 multipart/form-data 上传，文件字段名为 files");
        var form = await http.ReadFormAsync(ct);
        await use.HandleAsync(id, form.Files.Select(f => new EvidenceUpload(f.FileName, f.Length, f.OpenReadStream)).ToList(), ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> Attachment(long id, long attachmentId, AppealWorkflow workflow, AppealFiles files,
        CancellationToken ct)
    {
        await workflow.LoadAsync(id, ct); // the appeal's scope rule decides who may read its files
        var attachment = await workflow.Db.AppealAttachments.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == attachmentId && a.AppealId == id, ct);
        if (attachment is null || files.OpenRead(attachment.Sha256) is not { } stream) return TypedResults.NotFound();
        return TypedResults.File(stream, attachment.ContentType, attachment.FileName);
    }

    private static async Task<Ok<AppealDetails>> FollowUp(long id, RecordAppealFollowUpRequest request, RecordAppealFollowUp use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Close(long id, CloseAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Reopen(long id, ReopenAppealRequest request, ReopenAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<AppealDetails>> Escalate(long id, EscalateAppealRequest request, EscalateAppeal use, GetAppeal get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<BulkDispatchResult>> BulkDispatch(BulkDispatchAppealsRequest request, BulkDispatchAppeals use, CancellationToken ct) =>
        TypedResults.Ok(await use.HandleAsync(request, ct));

    private static async Task<Ok<AppealRates>> Rates(string? by, DateOnly? from, DateOnly? to, ComputeAppealRates rates, CancellationToken ct) =>
        TypedResults.Ok(await rates.HandleAsync(by, from, to, ct));

    private static async Task<FileStreamHttpResult> Export([AsParameters] AppealListQuery query, ExportAppeals export, CancellationToken ct)
    {
        var result = await export.HandleAsync(query.Filter, ct);
        return TypedResults.File(result.File, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", result.FileName);
    }

    // The answer is the appeal as the caller sees it after the action, with the actions now open to them.
    private static async Task<Ok<AppealDetails>> Fresh(long id, GetAppeal get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct));
}
