using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts.Audit;

/// <summary>审计日志: browse, filter and check the hash chain.</summary>
[Authorize(Policy = Permissions.AuditView)]
public sealed class IndexModel(AppDbContext db, ICurrentUser me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? UserName { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityType { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityId { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(Name = "page", SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public AuditPage Entries { get; private set; } = new(0, 1, SearchAudit.PageSize, []);
    public ChainStatus? Chain { get; private set; }
    public bool SeesEverything => AccountScope.SeesEverything(me);
    public int PageCount => Math.Max(1, (Entries.Total + Entries.PageSize - 1) / Entries.PageSize);

    public Task OnGetAsync(CancellationToken ct) => SearchAsync(ct);

    public async Task OnGetVerifyAsync(CancellationToken ct)
    {
        Chain = await AuditApi.VerifyAsync(db, ct);
        await SearchAsync(ct);
    }

    private async Task SearchAsync(CancellationToken ct)
    {
        try
        {
            Entries = await SearchAudit.HandleAsync(db, me, new AuditQuery(UserName, Action, EntityType, EntityId, From, To, PageNumber), ct);
        }
        catch (ValidationFailedException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value)) ModelState.AddModelError(nameof(From), message);
        }
    }

    /// <summary>An entry's fields to show, enum columns read through the record's class in the database model.</summary>
    public IReadOnlyList<AuditDiff.Row> Rows(AuditRow e) => AuditDiff.Rows(e.EntityType,
        db.Model.GetEntityTypes().FirstOrDefault(t => t.ClrType.Name == e.EntityType)?.ClrType, e.Before, e.After);

    /// <summary>The current filters with another page number, for the pager links.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["userName"] = UserName, ["action"] = Action, ["entityType"] = EntityType, ["entityId"] = EntityId,
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Accounts/Audit", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }
}
