using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>
/// The communities a street or district account may look at on the desk pages (rota, skills). Someone who works in one
/// community (a secretary, a window or grid worker) has none to choose from; someone above several picks one, and the
/// first in code order is shown until they do.
/// </summary>
public static class CommunityChoice
{
    public sealed record Option(int Id, string Name);

    public static async Task<(IReadOnlyList<Option> Options, int? Chosen)> LoadAsync(AppDbContext db, int? asked, CancellationToken ct)
    {
        var options = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code)
            .Select(a => new Option(a.Id, a.Name)).ToListAsync(ct);
        if (options.Count <= 1) return ([], asked);
        return (options, asked is { } id && options.Any(o => o.Id == id) ? id : options[0].Id);
    }
}
