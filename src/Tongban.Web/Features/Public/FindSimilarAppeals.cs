using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>An open appeal a resident may join ("我也遇到了"). Never carries its tracking code: that is the reporter's key.</summary>
public sealed record PublicSimilarAppeal(long Id, string Number, string Title, string Place, string State, DateTimeOffset SubmittedAt, int SupporterCount)
{
    public string SubmittedAtText => SubmittedAt.Show();
}

/// <summary>Open appeals of the same category at the scanned building (or anywhere in the scanned compound).</summary>
public sealed class FindSimilarAppeals(AppDbContext db, FindDuplicates duplicates)
{
    public async Task<IReadOnlyList<PublicSimilarAppeal>> HandleAsync(PublicPlace place, int categoryId, CancellationToken ct = default)
    {
        List<long> ids;
        if (place.BuildingId is { } buildingId)
        {
            var at = await db.Buildings.IgnoreQueryFilters().AsNoTracking().Where(b => b.Id == buildingId)
                .Select(b => new { b.Latitude, b.Longitude }).FirstAsync(ct);
            ids = (await duplicates.FindAsync(categoryId, buildingId, at.Latitude, at.Longitude, null, publicIntake: true, ct)).Select(d => d.Id).ToList();
        }
        else
        {
            var buildingIds = place.Buildings.Select(b => (int?)b.Id).ToList();
            ids = await Open(db.Appeals.IgnoreQueryFilters().AsNoTracking())
                .Where(a => a.CategoryId == categoryId && (buildingIds.Contains(a.BuildingId) || (a.BuildingId == null && a.CommunityId == place.CommunityId && a.Address.StartsWith(place.CompoundName))))
                .OrderByDescending(a => a.SupporterCount).ThenBy(a => a.Id).Select(a => a.Id).Take(5).ToListAsync(ct);
        }
        return await ViewsAsync(ids, ct);
    }

    /// <summary>The public view of the given appeals, in the given order.</summary>
    public async Task<IReadOnlyList<PublicSimilarAppeal>> ViewsAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var rows = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Number, a.Title, a.Description, a.Address, a.State, a.SubmittedAt, a.SupporterCount }).ToListAsync(ct);
        return ids.Select(id => rows.FirstOrDefault(r => r.Id == id)).Where(r => r is not null)
            .Select(r => new PublicSimilarAppeal(r!.Id, r.Number, NeighbourTitle(r.Title, r.Description), r.Address, AppealNames.Of(r.State), r.SubmittedAt, r.SupporterCount)).ToList();
    }

    /// <summary>
    /// The title as anyone but the reporter sees it. A title made from the reporter's text
    /// (<see cref="SubmitAppeal.TitleFromText"/>) is cut to its category: those are the reporter's own words and may name a
    /// flat, a person or a phone.
    /// </summary>
    public static string NeighbourTitle(string title, string? description)
    {
        var cut = title.IndexOf('：', StringComparison.Ordinal);
        var text = description?.Trim() ?? "";
        if (cut <= 0 || text.Length == 0) return title;
        return title == SubmitAppeal.TitleFromText(title[..cut], text) ? title[..cut] : title;
    }

    public static IQueryable<Appeal> Open(IQueryable<Appeal> appeals) =>
        appeals.Where(a => a.State == AppealState.Submitted || a.State == AppealState.Accepted || a.State == AppealState.Dispatched
            || a.State == AppealState.Acknowledged || a.State == AppealState.InProgress);
}
