using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Open311;

/// <summary>GET requests (with its filters), GET requests/{id} and GET tokens/{token}.</summary>
public static class GetOpen311Requests
{
    /// <summary>The spec's response volume: at most 1,000 requests per answer, and so at most 1,000 ids in service_request_id.</summary>
    public const int MaxRequests = 1000;

    /// <summary>
    /// The longest request line Kestrel takes (its default is 8 KB): enough for <see cref="MaxRequests"/> ids of up to
    /// 10 digits with the commas written %2C (1,000 × 13 = 13,000 bytes) besides the path and the other parameters, so a
    /// client asking for more ids than the cap gets this facade's 400 rather than the server's bare 414.
    /// </summary>
    public const int MaxRequestLineBytes = 16 * 1024;

    internal static readonly AppealState[] OpenStates =
        [AppealState.Submitted, AppealState.Accepted, AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress];

    /// <summary>
    /// Appeals this public feed shows: public categories, channels the settings publish. It reads past the staff
    /// area filter on purpose: the feed is anonymous by the specification and carries no personal data.
    /// </summary>
    internal static IQueryable<Appeal> Published(AppDbContext db, Open311Options options)
    {
        var channels = options.Published;
        return db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => a.Category!.IsPublic && channels.Contains(a.Channel));
    }

    public static async Task<IResult> List(string? format, HttpRequest request, AppDbContext db, TimeProvider clock,
        IOptions<Open311Options> options, CancellationToken ct)
    {
        var f = Open311Routes.Format(format);
        var query = Published(db, options.Value);
        var ids = Open311Routes.CommaList(request.Query["service_request_id"]);
        if (ids.Count > 0)
        {
            // A list of ids overrides every other argument, the 90-day window included (FixMyStreet looks its reports up so).
            if (ids.Count > MaxRequests) throw new Open311Exception(400, $"service_request_id 一次最多{MaxRequests}个（收到{ids.Count}个）");
            var numbers = ids.Select(i => long.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null)
                .OfType<long>().Distinct().ToList();
            query = query.Where(a => numbers.Contains(a.Id));
        }
        else
        {
            var codes = Open311Routes.CommaList(request.Query["service_code"]);
            if (codes.Count > 0) query = query.Where(a => codes.Contains(a.Category!.Code));
            var statuses = Open311Routes.CommaList(request.Query["status"]).Select(s => s.ToLowerInvariant()).Distinct().ToList();
            var unknown = statuses.Where(s => s is not ("open" or "closed")).ToList();
            if (unknown.Count > 0) throw new Open311Exception(400, $"status 只能是 open 或 closed（收到“{string.Join(",", unknown)}”）");
            if (statuses.Count == 1)
                query = statuses[0] == "open" ? query.Where(a => OpenStates.Contains(a.State)) : query.Where(a => !OpenStates.Contains(a.State));
            var (from, to) = Open311Routes.DateWindow(request.Query["start_date"], request.Query["end_date"], clock.GetUtcNow());
            query = query.Where(a => a.SubmittedAt >= from);
            if (to is { } end) query = query.Where(a => a.SubmittedAt < end);
        }
        var rows = await RowsAsync(db, query.OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.Id).Take(MaxRequests), ct);
        return await RespondAsync(rows, request, db, options.Value, f, clock.GetUtcNow(), ct);
    }

    public static async Task<IResult> One(string file, HttpRequest request, AppDbContext db, IOptions<Open311Options> options, TimeProvider clock,
        CancellationToken ct)
    {
        var (name, format) = Open311Routes.Split(file);
        var rows = long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await RowsAsync(db, Published(db, options.Value).Where(a => a.Id == id), ct)
            : [];
        if (rows.Count == 0) throw new Open311Exception(404, $"找不到 service_request_id 为“{name}”的诉求");
        return await RespondAsync(rows, request, db, options.Value, format, clock.GetUtcNow(), ct);
    }

    /// <summary>A token is the tracking code (查询码) a reporter holds; it leads to the request's id.</summary>
    public static async Task<IResult> Token(string file, AppDbContext db, IOptions<Open311Options> options, CancellationToken ct)
    {
        var (token, format) = Open311Routes.Split(file);
        var code = token.Trim().ToUpperInvariant();
        var id = code.Length is > 0 and <= 16
            ? await Published(db, options.Value).Where(a => a.TrackingCode == code).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct)
            : null;
        if (id is null) throw new Open311Exception(404, $"找不到 token 为“{token}”的诉求");
        return new Open311Result(200, "service_requests", new Open311List("request",
        [
            new Open311Record { { "service_request_id", id.Value.ToString(CultureInfo.InvariantCulture) }, { "token", code } },
        ]), format);
    }

    internal sealed record Row(long Id, AppealState State, AppealTier Tier, string CategoryCode, string CategoryName, string Description,
        string? RejectReason, string? Result, long? MergedIntoId, DateTimeOffset SubmittedAt, DateTimeOffset LastProgressAt,
        DateTimeOffset FeedbackDueAt, DateTimeOffset PromisedFeedbackAt, string Address, int? BuildingId, double? Latitude, double? Longitude);

    private static Task<List<Row>> RowsAsync(AppDbContext db, IQueryable<Appeal> query, CancellationToken ct) =>
        query.Select(a => new Row(a.Id, a.State, a.Tier, a.Category!.Code, a.Category.Name, a.Description, a.RejectReason, a.Result,
            a.MergedIntoId, a.SubmittedAt, a.LastProgressAt, a.FeedbackDueAt, a.PromisedFeedbackAt ?? a.FeedbackDueAt, a.Address, a.BuildingId, a.Latitude, a.Longitude)).ToListAsync(ct);

    private static async Task<IResult> RespondAsync(List<Row> rows, HttpRequest request, AppDbContext db, Open311Options options,
        Open311Format format, DateTimeOffset now, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var buildingIds = rows.Where(r => r.BuildingId is not null && (r.Latitude is null || r.Longitude is null))
            .Select(r => r.BuildingId!.Value).Distinct().ToList();
        var buildings = buildingIds.Count == 0
            ? []
            : await db.Buildings.IgnoreQueryFilters().AsNoTracking().Where(b => buildingIds.Contains(b.Id))
                .Select(b => new { b.Id, b.Latitude, b.Longitude }).ToDictionaryAsync(b => b.Id, ct);
        var leads = await db.AppealAssignments.AsNoTracking().Where(x => ids.Contains(x.AppealId) && x.IsLead && x.EndedAt == null)
            .Select(x => new { x.AppealId, x.AssigneeKind, x.AssigneeName }).ToListAsync(ct);
        var agency = leads.GroupBy(x => x.AppealId).ToDictionary(g => g.Key, g => Agency(g.First().AssigneeKind, g.First().AssigneeName));
        var media = await Open311Media.MediaUrlsAsync(db, ids, Open311Routes.BaseUrl(request, options), ct);

        var items = rows.Select(r =>
        {
            var (lat, lon) = (r.Latitude, r.Longitude);
            if ((lat is null || lon is null) && r.BuildingId is { } b && buildings.TryGetValue(b, out var building))
                (lat, lon) = (building.Latitude, building.Longitude);
            var open = OpenStates.Contains(r.State);
            // As the tracking page says it: the promise made to the resident, and once it passed, that the appeal went
            // up and when the unit now holding it is due to answer (an escalation gives that unit its own limit).
            var pastPromise = open && r.PromisedFeedbackAt < now;
            return (object?)new Open311Record
            {
                { "service_request_id", r.Id.ToString(CultureInfo.InvariantCulture) },
                { "status", open ? "open" : "closed" },
                { "status_notes", StatusNotes(r) },
                { "service_name", r.CategoryName },
                { "service_code", r.CategoryCode },
                { "description", r.Description },
                { "agency_responsible", agency.GetValueOrDefault(r.Id) ?? AppealNames.Of(r.Tier) },
                { "service_notice", open ? Notice(r, pastPromise) : null },
                { "requested_datetime", r.SubmittedAt },
                { "updated_datetime", r.LastProgressAt },
                { "expected_datetime", pastPromise ? r.FeedbackDueAt : r.PromisedFeedbackAt },
                { "address", r.Address },
                { "address_id", r.BuildingId?.ToString(CultureInfo.InvariantCulture) },
                { "zipcode", null },
                { "lat", lat },
                { "long", lon },
                { "media_url", media.GetValueOrDefault(r.Id) },
            };
        }).ToList();
        return new Open311Result(200, "service_requests", new Open311List("request", items), format);
    }

    /// <summary>The unit in charge, never a person: a grid worker shows as "网格员".</summary>
    private static string Agency(AssigneeKind kind, string name) =>
        kind == AssigneeKind.GridWorker || string.IsNullOrWhiteSpace(name) ? AppealNames.Of(kind) : name;

    private static string StatusNotes(Row r) => r.State switch
    {
        AppealState.Rejected => $"不予受理：{r.RejectReason}",
        AppealState.Merged => r.MergedIntoId is { } main ? $"已与诉求 {main} 合并办理，结果以该诉求为准" : "已与其他诉求合并办理",
        AppealState.Resolved or AppealState.FollowedUp or AppealState.Closed when !string.IsNullOrWhiteSpace(r.Result) => $"办理结果：{r.Result}",
        _ => AppealNames.Of(r.State),
    };

    private static string Notice(Row r, bool pastPromise) => pastPromise
        ? AppealDeadlines.MissedPromiseNote(r.Tier, r.FeedbackDueAt, r.PromisedFeedbackAt)
        : $"承诺于{r.PromisedFeedbackAt.ShowDeadline()}前答复办理结果";
}
