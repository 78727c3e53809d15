using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Services.Guide;

/// <summary>办事指南: every public item, searchable in Chinese or by pinyin initials; no login.</summary>
[AllowAnonymous]
public sealed class IndexModel(SearchGuide search) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }

    public IReadOnlyList<GuideListItem> Items { get; private set; } = [];
    public IReadOnlyList<string> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if ((Q?.Length ?? 0) > 50) Q = Q![..50];
        var all = await search.HandleAsync(null, null, ct);
        Groups = [.. all.Select(i => i.Group).Distinct()];
        Items = string.IsNullOrWhiteSpace(Q) && string.IsNullOrWhiteSpace(Group) ? all : await search.HandleAsync(Q, Group, ct);
    }
}
