using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>The staff JSON API for dispute mediation: every step of the closed loop, the documents, the archive and the figures.</summary>
public static class DisputesApi
{
    public static WebApplication MapDisputesApi(this WebApplication app)
    {
        var g = app.MapGroup("/api/v1/disputes").WithTags("矛盾纠纷调解").RequireAuthorization(DisputePermissions.View);
        g.MapGet("/", List).WithSummary("调解案件列表：按状态、类型、层级、风险、是否超期筛选，中文搜索（调解员只看到自己承办的案件）");
        g.MapPost("/", Register).RequireAuthorization(DisputePermissions.Register).WithSummary("受理登记：当事人（自然人或组织，身份证号校验并加密）、类型、来源、事实、地点");
        g.MapPost("/from-appeal/{appealId:long}", FromAppeal).RequireAuthorization(DisputePermissions.Register)
            .WithSummary("由民情诉求转为调解案件：沿用诉求的地点和事实并保留其办理历史，诉求一方记录转办进展");
        g.MapGet("/figures", Figures).WithSummary("统计：按类型、层级、结果计数，调解成功率，办理天数，在社区化解的占比");
        g.MapGet("/{id:long}", Get).WithSummary("案件详情：当事人（脱敏）、研判、调解员、调解记录、协议、回访、司法确认、跨层级的统一时间线");
        g.MapPost("/{id:long}/assess", Assess).RequireAuthorization(DisputePermissions.Manage).WithSummary("研判：风险等级、是否适宜调解、承办层级；高风险立即预警综治中心和公安联络");
        g.MapGet("/{id:long}/mediators", Candidates).WithSummary("可指派的调解员（辖区覆盖本案且无利害关系）");
        g.MapPost("/{id:long}/mediators", Assign).RequireAuthorization(DisputePermissions.Manage).WithSummary("指派主办调解员和协办调解员（须在本案辖区内）");
        g.MapPost("/{id:long}/conflicts", Conflict).WithSummary("登记利害关系，相关人员回避");
        g.MapPost("/{id:long}/sessions", Session).WithSummary("记录一次调解（时间、地点、到场人员、面对面或背对背）及调解笔录");
        g.MapPut("/{id:long}/agreement", Draft).WithSummary("起草或修改书面调解协议（人民调解法第二十九条各项）");
        g.MapPost("/{id:long}/agreement/finalise", Finalise).WithSummary("各方签字后确认协议生效；缺少第二十九条任一项时不能确认（422 并列出缺项）");
        g.MapPost("/{id:long}/agreement/signed-scan", SignedScan).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
            Policy = DisputePermissions.View, AuthenticationSchemes = IdentityConstants.BearerScheme,
        }).DisableAntiforgery().WithSummary("上传签字盖章的协议书扫描件（multipart/form-data，字段 file，JPEG/PNG/WebP/PDF，不超过10MB；仅限令牌调用）");
        g.MapGet("/{id:long}/attachments/{attachmentId:long}", Attachment).WithSummary("下载案件附件（协议书扫描件）");
        g.MapPost("/{id:long}/oral-agreement", Oral).WithSummary("登记口头调解协议（人民调解法第二十八条）");
        g.MapPost("/{id:long}/failure", Failure).WithSummary("登记调解不成，并写明告知当事人的途径（诉讼、仲裁、行政）");
        g.MapPost("/{id:long}/extensions", Extend).WithSummary("延长30日调解期限（须写明理由，记录在案）");
        g.MapPost("/{id:long}/visits/plan", PlanVisit).WithSummary("安排回访日期（到期提醒主办调解员）");
        g.MapPost("/{id:long}/visits", Visit).WithSummary("登记回访：协议履行情况");
        g.MapPost("/{id:long}/judicial/application", JudicialApply).WithSummary("登记司法确认申请（协议生效后30日内）");
        g.MapPost("/{id:long}/judicial/result", JudicialResult).WithSummary("登记法院对司法确认的裁定结果");
        g.MapPost("/{id:long}/escalate", Escalate).WithSummary("升级至上一层级（社区→街道→区），须写明原因");
        g.MapPost("/{id:long}/summons", Summon).RequireAuthorization(DisputePermissions.Summon).WithSummary("吹哨：综治中心召集职能部门参加联合调解");
        g.MapPost("/{id:long}/summons/{summonsId:long}/acknowledge", Acknowledge).WithSummary("被召集部门报到");
        g.MapPost("/{id:long}/close", Close).WithSummary("结案（书面或口头协议须先回访）");
        g.MapGet("/{id:long}/documents/{kind}", Document)
            .WithSummary("打印文书（HTML，A4）：registration 受理登记表、sessions 调解笔录、agreement 调解协议书（每方一份加存档联）、outcome 结果记录、visits 回访记录、archive 一案一卷");
        g.MapGet("/{id:long}/archive.pdf", Pdf).WithSummary("案件卷宗PDF（由服务器上的无头Chromium生成；未安装时返回503并提示改用HTML打印）");
        return app;
    }

    private static async Task<Ok<DisputePage>> List([AsParameters] DisputeListQuery query, ListDisputes use, CancellationToken ct) =>
        TypedResults.Ok(await use.HandleAsync(query, ct));

    private static async Task<Created<DisputeDetails>> Register(RegisterDisputeRequest request, RegisterDispute use, GetDispute get, CancellationToken ct)
    {
        var result = await use.HandleAsync(request with { AppealId = null, IsSample = false }, ct);
        return TypedResults.Created($"/api/v1/disputes/{result.Id}", await get.HandleAsync(result.Id, ct));
    }

    private static async Task<Created<DisputeDetails>> FromAppeal(long appealId, RegisterDisputeRequest request, RegisterDispute use, GetDispute get, CancellationToken ct)
    {
        var result = await use.HandleAsync(request with { AppealId = appealId, Source = DisputeSource.Appeal, IsSample = false }, ct);
        return TypedResults.Created($"/api/v1/disputes/{result.Id}", await get.HandleAsync(result.Id, ct));
    }

    private static async Task<Ok<DisputeFigures>> Figures(DateOnly? from, DateOnly? to, ComputeDisputeFigures use, CancellationToken ct)
    {
        if (from is { } f && to is { } t && t < f) throw new ValidationFailedException("to", "结束日期不能早于开始日期");
        return TypedResults.Ok(await use.HandleAsync(from, to, ct));
    }

    private static async Task<Ok<DisputeDetails>> Get(long id, GetDispute get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct));

    private static async Task<Ok<DisputeDetails>> Assess(long id, AssessDisputeRequest request, AssessDispute use, GetDispute get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<IReadOnlyList<AssignMediators.MediatorCandidate>>> Candidates(long id, DisputeWorkflow workflow, AssignMediators use, CancellationToken ct) =>
        TypedResults.Ok(await use.ForCaseAsync(await workflow.LoadAsync(id, ct), ct));

    private static async Task<Ok<DisputeDetails>> Assign(long id, AssignMediatorsRequest request, AssignMediators use, GetDispute get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Conflict(long id, RecordConflictRequest request, RecordConflict use, GetDispute get, CancellationToken ct)
    {
        await use.HandleAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Session(long id, RecordSessionRequest request, MediateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.RecordSessionAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Draft(long id, DraftAgreementRequest request, MediateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.DraftAgreementAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Finalise(long id, FinaliseAgreementRequest request, MediateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.FinaliseAgreementAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> SignedScan(long id, HttpRequest http, UploadSignedAgreement use, GetDispute get, CancellationToken ct)
    {
        if (!http.HasFormContentType) throw new ValidationFailedException("file", "请以 multipart/form-data 上传，文件字段名为 file");
        var form = await http.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw new ValidationFailedException("file", "请选择签字盖章后的协议书扫描件（字段名 file）");
        await using var stream = file.OpenReadStream();
        await use.HandleAsync(id, stream, file.FileName, file.Length, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<FileStreamHttpResult> Attachment(long id, long attachmentId, UploadSignedAgreement use, CancellationToken ct)
    {
        var (content, type, name) = await use.OpenAsync(id, attachmentId, ct);
        return TypedResults.File(content, type, name);
    }

    private static async Task<Ok<DisputeDetails>> Oral(long id, OralAgreementRequest request, MediateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.RecordOralAgreementAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Failure(long id, RecordFailureRequest request, MediateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.RecordFailureAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Extend(long id, ExtendDisputeRequest request, MediateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.ExtendAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> PlanVisit(long id, ScheduleVisitRequest request, FollowUpDispute use, GetDispute get, CancellationToken ct)
    {
        await use.ScheduleVisitAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Visit(long id, RecordVisitRequest request, FollowUpDispute use, GetDispute get, CancellationToken ct)
    {
        await use.RecordVisitAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> JudicialApply(long id, JudicialApplicationRequest request, FollowUpDispute use, GetDispute get, CancellationToken ct)
    {
        await use.ApplyJudicialAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> JudicialResult(long id, JudicialResultRequest request, FollowUpDispute use, GetDispute get, CancellationToken ct)
    {
        await use.RecordJudicialResultAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Escalate(long id, EscalateDisputeRequest request, EscalateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.EscalateAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Summon(long id, SummonDepartmentsRequest request, EscalateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.SummonAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Acknowledge(long id, long summonsId, EscalateDispute use, GetDispute get, CancellationToken ct)
    {
        await use.AcknowledgeAsync(id, summonsId, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<Ok<DisputeDetails>> Close(long id, CloseDisputeRequest request, FollowUpDispute use, GetDispute get, CancellationToken ct)
    {
        await use.CloseAsync(id, request, ct);
        return await Fresh(id, get, ct);
    }

    private static async Task<ContentHttpResult> Document(long id, string kind, ExportDisputeArchive export, CancellationToken ct)
    {
        var (_, html) = await export.HtmlAsync(id, kind, forPdf: false, ct);
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Pdf(long id, ExportDisputeArchive export, CancellationToken ct)
    {
        var pdf = await export.PdfAsync(id, ct);
        if (pdf is null)
            return TypedResults.Problem(title: "无法生成PDF", detail: "本服务器未安装Chromium，无法生成PDF卷宗；请打开HTML卷宗（documents/archive），用浏览器的“打印 → 另存为PDF”。",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        return TypedResults.File(pdf.Value.Pdf, "application/pdf", $"{pdf.Value.Number}-卷宗.pdf");
    }

    private static async Task<Ok<DisputeDetails>> Fresh(long id, GetDispute get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct));
}
