using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff;

/// <summary>What the action forms on the appeal page post; each action reads the fields it needs.</summary>
public sealed class AppealActionForm
{
    public string? Reason { get; set; }
    public string? Note { get; set; }
    public string? Result { get; set; }
    public bool IsPublic { get; set; } = true;
    public string? Resolved { get; set; }
    public string? Satisfied { get; set; }
    public string? MainNumber { get; set; }
    /// <summary>The chosen lead unit as "kind|userId|departmentId|name" (one radio button per candidate).</summary>
    public string? Lead { get; set; }
    public int[] SupportingDepartmentIds { get; set; } = [];
    public long? AssignmentId { get; set; }
}

/// <summary>
/// One appeal: details, red/yellow/green light, timeline, dispatches and the actions open to the caller. Each action
/// posts with htmx and gets the refreshed appeal back (a full page and redirect without JavaScript).
/// </summary>
[Authorize(Policy = AppealPermissions.View)]
public sealed class DetailModel(IServiceProvider services, GetAppeal get, ListAssignees assignees, ManageReplyTemplates templates, FindDuplicates duplicates,
    AppealWorkflow workflow) : PageModel
{
    public AppealDetails Appeal { get; private set; } = null!;
    public AssigneeOptions? Assignees { get; private set; }
    public IReadOnlyList<ReplyTemplateView> Templates { get; private set; } = [];
    public IReadOnlyList<DuplicateCandidate> Duplicates { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    public string? OpenAction { get; private set; }

    [BindProperty] public AppealActionForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        // A fresh registration arrives here with its number and tracking code to read out to the resident.
        Message = TempData["AppealMessage"] as string;
        try
        {
            await LoadAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? act, CancellationToken ct)
    {
        var htmx = Request.Headers.ContainsKey("HX-Request");
        try
        {
            Message = await ActAsync(id, act ?? "", ct);
        }
        catch (Exception e) when (e is DomainException or ValidationFailedException or OutsideScopeException)
        {
            Error = e is ValidationFailedException v ? string.Join("；", v.Errors.SelectMany(x => x.Value)) : e.Message;
            OpenAction = act;
            workflow.Db.ChangeTracker.Clear();
        }
        catch (NotFoundException e)
        {
            if (!htmx) return NotFound();
            Error = e.Message;
        }
        if (!htmx && Error is null) return Redirect($"/Appeals/{id}");
        try
        {
            await LoadAsync(id, ct);
        }
        catch (Exception e) when (e is NotFoundException or OutsideScopeException)
        {
            // Refused because the appeal was never the caller's to see: say so, as the page itself would.
            if (Error is not null)
                return htmx ? Content($"<section id=\"appeal\"><p class=\"notice bad\" role=\"alert\">{System.Net.WebUtility.HtmlEncode(Error)}</p></section>", "text/html; charset=utf-8")
                    : StatusCode(StatusCodes.Status403Forbidden);
            // After a transfer the caller may no longer see the appeal.
            return htmx ? Content($"<section id=\"appeal\"><p class=\"notice ok\">{System.Net.WebUtility.HtmlEncode(Message ?? "已完成")}，该诉求已不在您的范围内。</p></section>", "text/html; charset=utf-8")
                : Redirect("/Appeals");
        }
        return htmx ? Partial("_Appeal", this) : Page();
    }

    private async Task<string> ActAsync(long id, string act, CancellationToken ct)
    {
        var f = Form;
        // One form post per action: the use case is resolved for the action taken, not all thirteen up front.
        T Use<T>() where T : notnull => services.GetRequiredService<T>();
        switch (act)
        {
            case "accept":
                await Use<AcceptAppeal>().HandleAsync(id, ct);
                return "已受理";
            case "reject":
                await Use<RejectAppeal>().HandleAsync(id, new RejectAppealRequest(f.Reason), ct);
                return "已不予受理";
            case "erase-contact":
                await Use<EraseAppealContact>().HandleAsync(id, new EraseAppealContactRequest(f.Reason), ct);
                return "已删除反映人的姓名和电话";
            case "merge":
                var number = f.MainNumber?.Trim().ToUpperInvariant() ?? "";
                var mainId = await workflow.Db.Appeals.Where(a => a.Number == number).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
                if (mainId is null) throw new ValidationFailedException("mainNumber", string.IsNullOrEmpty(number) ? "请填写主诉求编号" : $"找不到编号为 {number} 的诉求");
                await Use<MergeAppeals>().HandleAsync(id, new MergeAppealsRequest(mainId), ct);
                return $"已合并到 {number}";
            case "dispatch" or "transfer":
                var outcome = await Use<DispatchAppeal>().HandleAsync(id, new DispatchAppealRequest(Lead(f), f.SupportingDepartmentIds.Distinct()
                    .Select(d => new AssigneeInput(AssigneeKind.Department, DepartmentId: d)).ToList(), f.Reason), ct);
                return outcome.LeadKept ? "已调整协办单位，牵头单位不变，无需重新签收" : act == "dispatch" ? "已派单" : "已改派";
            case "acknowledge":
                await Use<AcknowledgeAppeal>().HandleAsync(id, new AcknowledgeAppealRequest(f.AssignmentId), ct);
                return "已签收";
            case "start":
                await Use<StartAppeal>().HandleAsync(id, new StartAppealRequest(f.Note), ct);
                return "已开始办理";
            case "progress":
                await Use<AddAppealProgress>().HandleAsync(id, new AddAppealProgressRequest(f.Note, f.IsPublic), ct);
                return "已记录进展";
            case "resolve":
                var evidence = Request.HasFormContentType
                    ? Request.Form.Files.Where(x => x.Name == "evidence" && x.Length > 0).Select(x => new EvidenceUpload(x.FileName, x.Length, x.OpenReadStream)).ToList()
                    : [];
                await Use<ResolveAppeal>().HandleAsync(id, new ResolveAppealRequest(f.Result), evidence, ct);
                return "已办结，已通知反映人评价";
            case "follow-up":
                await Use<RecordAppealFollowUp>().HandleAsync(id, new RecordAppealFollowUpRequest(
                    f.Resolved switch { "yes" => true, "no" => false, _ => null },
                    f.Satisfied switch { "yes" => true, "no" => false, _ => null }, f.Note), ct);
                return "已登记回访结果";
            case "close":
                await Use<CloseAppeal>().HandleAsync(id, ct);
                return "已关闭";
            case "reopen":
                await Use<ReopenAppeal>().HandleAsync(id, new ReopenAppealRequest(f.Reason), ct);
                return "已重新办理";
            case "return-request":
                await Use<RequestAppealReturn>().HandleAsync(id, new RequestAppealReturnRequest(f.Reason), ct);
                return "已申请退回，已通知派单人员";
            case "escalate":
                await Use<EscalateAppeal>().HandleAsync(id, new EscalateAppealRequest(f.Reason), ct);
                return "已升级";
            default:
                throw new ValidationFailedException("act", "未知的操作");
        }
    }

    private static AssigneeInput? Lead(AppealActionForm f)
    {
        var parts = (f.Lead ?? "").Split('|');
        if (parts.Length != 4) return null;
        string? Part(int i) => string.IsNullOrEmpty(parts[i]) ? null : parts[i];
        return parts[0] switch
        {
            "grid" => new AssigneeInput(AssigneeKind.GridWorker, UserId: Part(1)),
            "property" => new AssigneeInput(AssigneeKind.PropertyCompany, Name: Part(3)),
            "team" => new AssigneeInput(AssigneeKind.CommunityTeam, Name: Part(3)),
            "department" => new AssigneeInput(AssigneeKind.Department,
                DepartmentId: int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null),
            _ => null,
        };
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Appeal = await get.HandleAsync(id, ct);
        if (Appeal.Actions.Contains("dispatch") || Appeal.Actions.Contains("transfer")) Assignees = await assignees.HandleAsync(id, ct);
        var appeal = await workflow.LoadAsync(id, ct);
        Templates = (await templates.ForAppealAsync(Appeal.CategoryId, Appeal.State, ct))
            .Select(t => t with { Text = ManageReplyTemplates.Render(t.Text, appeal) }).ToList();
        if (Appeal.Actions.Contains("merge"))
            Duplicates = await duplicates.FindAsync(Appeal.CategoryId, Appeal.BuildingId, Appeal.Latitude, Appeal.Longitude, Appeal.Id, publicIntake: false, ct);
    }

    public bool Can(string action) => Appeal.Actions.Contains(action);
}
