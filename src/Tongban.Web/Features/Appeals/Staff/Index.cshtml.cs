using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff;

/// <summary>民情诉求 queues: a tab per queue, filters, Chinese search, bulk dispatch and export; htmx swaps only the results.</summary>
[Authorize(Policy = AppealPermissions.View)]
public sealed class IndexModel(ListAppeals list, AppDbContext db, ICurrentUser user, BulkDispatchAppeals bulk, ExportAppeals export,
    AppealNotifications notifications, AppealWorkflow workflow) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Queue { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public AppealState? State { get; set; }
    [BindProperty(SupportsGet = true)] public int? CategoryId { get; set; }
    [BindProperty(SupportsGet = true)] public AppealKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public AppealChannel? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public AppealTier? Tier { get; set; }
    [BindProperty(SupportsGet = true)] public AppealUrgency? Urgency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int? AreaId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Assignee { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public AppealListPage? Results { get; private set; }
    public string? Error { get; private set; }
    [TempData] public string? Message { get; set; }
    public List<AppealCategory> Categories { get; private set; } = [];
    public List<(int Id, string Name, AreaLevel Level)> Areas { get; private set; } = [];
    public List<(string Id, string Name)> GridWorkers { get; private set; } = [];
    public int Unread { get; private set; }

    /// <summary>What a refused 批量派单 sent (rows ticked, whom to, reason), shown again so nothing has to be ticked or typed twice.</summary>
    public BulkChoice? Bulk { get; private set; }

    public sealed record BulkChoice(IReadOnlySet<long> Selected, string? LeadKind, string? LeadUserId, string? Reason);

    /// <summary>A refused 批量派单 carried across the redirect back to the list: why, and what was sent.</summary>
    private sealed record BulkRefusal(string Error, long[] Selected, string? LeadKind, string? LeadUserId, string? Reason);

    [TempData] public string? BulkRefused { get; set; }

    public bool CanHandle => AppealPermissions.Has(User, AppealPermissions.Handle);

    /// <summary>
    /// Whether the row offers a tick box for 批量派单: only appeals the caller may dispatch (at their tier, in a state that
    /// can be dispatched); the street's appeals in a community's list, or one not yet accepted, would only be refused.
    /// </summary>
    public bool CanDispatch(AppealListItem a) => CanHandle && workflow.CanDispatch(a.State, a.Tier);
    public IEnumerable<(string Code, string Name)> Queues => AppealQueues.NamesFor(CanHandle, AppealPermissions.ReadsByArea(user));
    public bool CanExport => AppealPermissions.Has(User, AppealPermissions.Export);
    public bool CanConfigure => AppealPermissions.Has(User, AppealPermissions.Configure);
    public string CurrentQueue => Queue ?? DefaultQueue;

    /// <summary>
    /// Everyone starts on what waits on them: a grid worker or a department on what is dispatched to them, the window,
    /// secretary, street or district on what waits to be accepted, dispatched or followed up at their desk as well.
    /// </summary>
    private static string DefaultQueue => AppealQueues.Mine;

    public AppealFilter Filter => new(CurrentQueue, Q, State, CategoryId, Kind, Channel, Tier, Urgency, Status, From, To, AreaId, Assignee);

    /// <summary>The filters whose text could not be read (a mistyped date in a link, a number that names no state), by label.</summary>
    private static readonly Dictionary<string, string> FilterLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["State"] = "状态", ["CategoryId"] = "分类", ["Kind"] = "类型", ["Channel"] = "渠道", ["Tier"] = "层级", ["Urgency"] = "紧急程度",
        ["From"] = "提交日期从", ["To"] = "提交日期到", ["AreaId"] = "区域",
    };

    /// <summary>
    /// A filter that could not be read was dropped by model binding, so the list (and the export) quietly covered more
    /// than was asked for; it is refused instead, naming what to fix.
    /// </summary>
    private void ThrowIfFilterUnreadable()
    {
        var bad = ModelState.Where(e => e.Value?.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && FilterLabels.ContainsKey(e.Key)).ToList();
        if (bad.Count == 0) return;
        throw new ValidationFailedException("filter",
            $"筛选条件无法识别：{string.Join("、", bad.Select(e => $"{FilterLabels[e.Key]}“{e.Value!.AttemptedValue}”"))}，请重新选择或填写（日期如 2026-11-25 或 2026年11月25日）。");
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (BulkRefused is { } refused && System.Text.Json.JsonSerializer.Deserialize<BulkRefusal>(refused) is { } r)
        {
            Error = r.Error;
            Bulk = new BulkChoice(r.Selected.ToHashSet(), r.LeadKind, r.LeadUserId, r.Reason);
        }
        try
        {
            ThrowIfFilterUnreadable();
            Results = await list.PageAsync(Filter, PageNumber, PageSize, ct);
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
        }
        catch (OutsideScopeException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (Request.Headers.ContainsKey("HX-Request")) return Partial("_AppealResults", this);
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (!CanExport) return Forbid();
        try
        {
            ThrowIfFilterUnreadable();
            var result = await export.HandleAsync(Filter, ct);
            return File(result.File, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", result.FileName);
        }
        catch (ValidationFailedException e)
        {
            Error = e.Message;
            await LoadChoicesAsync(ct);
            Results = new AppealListPage([], 1, PageSize, false);
            return Page();
        }
    }

    /// <summary>
    /// 批量派单 of the ticked appeals to one grid worker, their property companies, or the community team. Either way the
    /// browser is sent back to the list's own address with its filters (post/redirect/get), with the outcome carried
    /// over: an address ending in ?handler=Bulk re-sent the dispatch on a reload, or showed an empty page.
    /// </summary>
    public async Task<IActionResult> OnPostBulkAsync(long[] selected, string? leadKind, string? leadUserId, string? reason, CancellationToken ct)
    {
        if (!CanHandle) return Forbid();
        var kind = leadKind switch
        {
            "grid" => AssigneeKind.GridWorker, "property" => AssigneeKind.PropertyCompany, "team" => AssigneeKind.CommunityTeam, _ => (AssigneeKind?)null,
        };
        try
        {
            var result = await bulk.HandleAsync(new BulkDispatchAppealsRequest(selected, kind is null ? null : new AssigneeInput(kind, leadUserId), reason), ct);
            Message = $"已批量派单 {result.Count} 条：{string.Join("、", result.Numbers)}";
        }
        catch (Exception e) when (e is DomainException or ValidationFailedException or NotFoundException or OutsideScopeException)
        {
            BulkRefused = System.Text.Json.JsonSerializer.Serialize(new BulkRefusal(e.Message, selected, leadKind, leadUserId, reason));
        }
        return Redirect(ListAddress);
    }

    /// <summary>An address left with ?handler=Bulk (a bookmark, a reload after an older build's dispatch) opens the list.</summary>
    public IActionResult OnGetBulk() => Redirect(ListAddress);

    /// <summary>This list with its filters, as the tabs and the pager link to it.</summary>
    private string ListAddress => QueryHelpers.AddQueryString("/Appeals", Filters(page: PageNumber));

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        Categories = await db.AppealCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        Areas = (await db.Areas.AsNoTracking().Where(a => a.Level != AreaLevel.District).OrderBy(a => a.AreaPath)
            .Select(a => new { a.Id, a.Name, a.Level }).ToListAsync(ct)).Select(a => (a.Id, a.Name, a.Level)).ToList();
        Unread = await notifications.UnreadAsync(ct);
        if (CanHandle)
        {
            var scope = user.ScopePath;
            var workers = await (from u in db.Users
                                 join ur in db.UserRoles on u.Id equals ur.UserId
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where r.Name == Roles.GridWorker
                                 orderby u.AreaPath
                                 select new { u.Id, u.DisplayName, u.AreaPath }).ToListAsync(ct);
            GridWorkers = workers.Where(w => AreaPaths.Contains(scope, w.AreaPath)).Select(w => (w.Id, w.DisplayName)).ToList();
        }
    }

    /// <summary>The current filters as query values, for tabs, paging and the export link.</summary>
    public Dictionary<string, string?> Filters(string? queue = null, int? page = null)
    {
        static string? S<T>(T? v) where T : struct => v is { } x ? Convert.ToString(x, CultureInfo.InvariantCulture) : null;
        var values = new Dictionary<string, string?>
        {
            ["queue"] = queue ?? CurrentQueue, ["q"] = Q, ["state"] = S(State), ["categoryId"] = S(CategoryId), ["kind"] = S(Kind),
            ["channel"] = S(Channel), ["tier"] = S(Tier), ["urgency"] = S(Urgency), ["status"] = Status,
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["areaId"] = S(AreaId), ["assignee"] = Assignee, ["p"] = page is { } p and > 1 ? p.ToString(CultureInfo.InvariantCulture) : null,
        };
        return values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value);
    }
}
