using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;

namespace Tongban.Web.Features.Open311;

/// <summary>
/// GET servicerequestupdates, mySociety's extension (https://github.com/mysociety/fixmystreet/wiki/Open311-FMS---Complete-Spec):
/// the public timeline events of published requests in a date window, oldest first, so a FixMyStreet-style client
/// can pull what happened since it last asked (it asks for the last two hours with start_date and end_date).
/// </summary>
public static class GetOpen311Updates
{
    /// <summary>Enough for any window a client polls; a wider one is cut at the newest events beyond this.</summary>
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
        var rows = await events.OrderBy(e => e.At).ThenBy(e => e.Id).Take(MaxUpdates)
            .Select(e => new { e.Id, e.AppealId, e.At, e.Type, e.ToState, e.Note, e.ActorUnit }).ToListAsync(ct);
        var people = await PeopleAsync(db, rows.Select(e => e.AppealId).Distinct().ToList(), ct);
        return new Open311Result(200, "service_request_updates", new Open311List("request_update", rows.Select(e => (object?)new Open311Record
        {
            { "update_id", e.Id.ToString(CultureInfo.InvariantCulture) },
            { "service_request_id", e.AppealId.ToString(CultureInfo.InvariantCulture) },
            { "status", Status(e.Type, e.ToState) },
            { "updated_datetime", e.At },
            { "description", Anonymise(string.IsNullOrWhiteSpace(e.ActorUnit) || e.Note.Contains(e.ActorUnit, StringComparison.Ordinal) ? e.Note : $"{e.ActorUnit}：{e.Note}", people.GetValueOrDefault(e.AppealId)) },
            { "media_url", "" },
        }).ToList()), f);
    }

    /// <summary>Per appeal, the staff members it was dispatched to by name (a grid worker is a person, not a unit).</summary>
    private static async Task<Dictionary<long, List<(string Name, string Role)>>> PeopleAsync(AppDbContext db, List<long> appealIds, CancellationToken ct)
    {
        if (appealIds.Count == 0) return [];
        var assigned = await db.AppealAssignments.AsNoTracking().Where(x => appealIds.Contains(x.AppealId) && x.AssigneeUserId != null)
            .Select(x => new { x.AppealId, x.AssigneeName, x.AssigneeKind }).ToListAsync(ct);
        return assigned.GroupBy(x => x.AppealId).ToDictionary(g => g.Key,
            g => g.Select(x => (x.AssigneeName, AppealNames.Of(x.AssigneeKind))).Where(x => x.AssigneeName.Length > 0).Distinct()
                .OrderByDescending(x => x.AssigneeName.Length).ToList());
    }

    /// <summary>Public text shows units, never staff names: "派单至网格员李芳" becomes "派单至网格员".</summary>
    public static string Anonymise(string text, List<(string Name, string Role)>? people)
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
        "reopen" => "reopen",
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
