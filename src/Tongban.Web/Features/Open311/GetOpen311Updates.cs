using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Public;

namespace Tongban.Web.Features.Open311;

/// <summary>
/// GET servicerequestupdates, mySociety's extension (https://github.com/mysociety/fixmystreet/wiki/Open311-FMS---Complete-Spec):
/// the public timeline events of published requests in a date window, oldest first, so a FixMyStreet-style client
/// can pull what happened since it last asked (it asks for the last two hours with start_date and end_date).
/// </summary>
public static class GetOpen311Updates
{
    /// <summary>
    /// Enough for any window a client polls. A wider window is cut: from start_date, the earliest this many (the client
    /// asks again from the last one it got); without start_date, the latest this many, so a client polling "the last
    /// 90 days" always sees what just happened.
    /// </summary>
    public const int MaxUpdates = 5000;

    public static async Task<IResult> List(string? format, HttpRequest request, AppDbContext db, TimeProvider clock,
        IOptions<Open311Options> options, CancellationToken ct)
    {
        var f = Open311Routes.Format(format);
        var (from, to) = Open311Routes.DateWindow(request.Query["start_date"], request.Query["end_date"], clock.GetUtcNow());
        var published = GetOpen311Requests.Published(db, options.Value);
        var events = db.AppealEvents.AsNoTracking()
            .Where(e => e.IsPublic && e.At >= from && published.Any(a => a.Id == e.AppealId));
        if (to is { } end) events = events.Where(e => e.At < end);
        var fromStart = !string.IsNullOrWhiteSpace(request.Query["start_date"]);
        var rows = fromStart
            ? await events.OrderBy(e => e.At).ThenBy(e => e.Id).Take(MaxUpdates).ToListAsync(ct)
            : (await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxUpdates).ToListAsync(ct)).AsEnumerable().Reverse().ToList();
        var appealIds = rows.Select(e => e.AppealId).Distinct().ToList();
        var assignments = appealIds.Count == 0 ? [] : (await db.AppealAssignments.AsNoTracking().Where(x => appealIds.Contains(x.AppealId)).ToListAsync(ct))
            .GroupBy(x => x.AppealId).ToDictionary(g => g.Key, g => g.ToList());
        var numbers = appealIds.Count == 0 ? [] : await published.Where(a => appealIds.Contains(a.Id)).Select(a => new { a.Id, a.Number })
            .ToDictionaryAsync(a => a.Id, a => a.Number, ct);
        return new Open311Result(200, "service_request_updates", new Open311List("request_update", rows.Select(e => (object?)new Open311Record
        {
            { "update_id", e.Id.ToString(CultureInfo.InvariantCulture) },
            { "service_request_id", e.AppealId.ToString(CultureInfo.InvariantCulture) },
            { "status", Status(e.Type, e.ToState) },
            { "updated_datetime", e.At },
            { "description", Describe(e, assignments.GetValueOrDefault(e.AppealId) ?? []) },
            { "media_url", "" },
            // mySociety's finer code (what happened, in Tongban's own words) and the reference residents quote (受理编号).
            { "external_status_code", e.Type },
            { "customer_reference", numbers.GetValueOrDefault(e.AppealId) },
        }).ToList()), f);
    }

    /// <summary>
    /// The step as the tracking page words it (departments and other units by name, a grid worker or community team by
    /// role), after the unit that took it; any name of a person it was dispatched to that a free note repeats is replaced
    /// by their role.
    /// </summary>
    private static string Describe(AppealEvent e, List<AppealAssignment> assignments)
    {
        var text = TrackAppeal.Describe(e, assignments);
        if (!string.IsNullOrWhiteSpace(e.ActorUnit) && !text.Contains(e.ActorUnit, StringComparison.Ordinal)) text = $"{e.ActorUnit}：{text}";
        var people = assignments.Where(a => a.AssigneeKind is AssigneeKind.GridWorker or AssigneeKind.CommunityTeam && a.AssigneeName.Length > 0)
            .Select(a => (a.AssigneeName, AppealNames.Of(a.AssigneeKind))).Distinct().OrderByDescending(x => x.AssigneeName.Length).ToList();
        return Anonymise(text, people);
    }

    /// <summary>Public text shows units, never staff names: "李芳：开始办理" becomes "网格员：开始办理".</summary>
    private static string Anonymise(string text, List<(string Name, string Role)>? people)
    {
        foreach (var (name, role) in people ?? [])
            if (name != role) text = text.Replace(name, role, StringComparison.Ordinal);
        return text;
    }

    /// <summary>
    /// The extended status of one step, in the lower-case set of mySociety's schema. FixMyStreet maps "open" to
    /// confirmed, "fixed" and (without extended statuses) "closed" to fixed, and keeps the others as they are.
    /// </summary>
    public static string Status(string type, AppealState state) => type switch
    {
        "merge" => "duplicate",
        "reject" => "not_councils_responsibility",
        // Back to 受理: FixMyStreet knows no "reopen" status (it would leave the report fixed), "investigating" reopens it.
        "reopen" => "investigating",
        _ => state switch
        {
            AppealState.Submitted => "open",
            AppealState.Accepted => "investigating",
            AppealState.Dispatched or AppealState.Acknowledged => "action_scheduled",
            AppealState.InProgress => "in_progress",
            AppealState.Resolved or AppealState.FollowedUp => "fixed",
            AppealState.Merged => "duplicate",
            AppealState.Rejected => "not_councils_responsibility",
            _ => "closed",
        },
    };
}
