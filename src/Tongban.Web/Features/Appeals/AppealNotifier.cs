using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts.Users;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Tells whoever must act: in-app notices for staff, and text messages to the reporter through the outbox. Both are
/// added to the caller's unit of work, so they commit with the change that caused them or not at all; each carries
/// a key, so a retried action or a second job run never writes the same notice or message twice.
/// </summary>
public sealed class AppealNotifier(AppDbContext db, SensitiveDataProtector protector, TimeProvider clock, IOptions<AppealOptions> options)
{
    public static string LinkTo(Appeal appeal) => $"/Appeals/{appeal.Id}";

    /// <summary>Notices to these users, one per user under <paramref name="key"/>; users already told are skipped.</summary>
    public async Task NotifyAsync(IEnumerable<string> userIds, string text, string link, string key, CancellationToken ct)
    {
        var wanted = userIds.Where(u => !string.IsNullOrEmpty(u)).Distinct().ToDictionary(u => $"{key}:{u}", u => u);
        if (wanted.Count == 0) return;
        var keys = wanted.Keys.ToList();
        var existing = await db.Notifications.Where(n => n.Key != null && keys.Contains(n.Key)).Select(n => n.Key!).ToListAsync(ct);
        var pending = db.ChangeTracker.Entries<Notification>().Select(e => e.Entity.Key);
        var skip = existing.Concat(pending).Where(k => k is not null).ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var (k, userId) in wanted)
        {
            if (skip.Contains(k)) continue;
            db.Notifications.Add(new Notification { UserId = userId, Text = Clip(text, 500), Link = link, Key = k, CreatedAt = now });
        }
    }

    /// <summary>The staff who own the appeal at its tier: the community's window staff and secretary, the street or district centre.</summary>
    public async Task<IReadOnlyList<string>> OwnersAsync(Appeal appeal, CancellationToken ct)
    {
        var segments = appeal.AreaPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var depth = appeal.Tier switch { AppealTier.Community => 3, AppealTier.Street => 2, _ => 1 };
        string[] roles = appeal.Tier switch
        {
            AppealTier.Community => [Roles.WindowStaff, Roles.CommunityAdmin],
            AppealTier.Street => [Roles.Centre],
            _ => [Roles.Centre, Roles.Admin],
        };
        if (segments.Length < depth) depth = segments.Length;
        var path = string.Concat(segments.Take(depth).Select(s => s + "/"));
        return await UsersInRolesAtAsync(roles, path, ct);
    }

    /// <summary>The accounts an assignment reaches: the assigned person, or the department's liaison.</summary>
    public async Task<IReadOnlyList<string>> AssigneeUsersAsync(IEnumerable<AppealAssignment> assignments, CancellationToken ct)
    {
        var list = assignments.ToList();
        var users = list.Where(a => a.AssigneeUserId is not null).Select(a => a.AssigneeUserId!).ToList();
        var departmentIds = list.Where(a => a.AssigneeUserId is null && a.DepartmentId is not null).Select(a => a.DepartmentId!.Value).ToList();
        if (departmentIds.Count > 0)
            users.AddRange(await db.Departments.IgnoreQueryFilters().Where(d => departmentIds.Contains(d.Id) && d.LiaisonUserId != null)
                .Select(d => d.LiaisonUserId!).ToListAsync(ct));
        return users.Distinct().ToList();
    }

    /// <summary>
    /// Tells the accounts whose assignments a transfer, an escalation or a merge ended at <paramref name="endedAt"/>
    /// that they are off the appeal, so nobody goes on working on it; <paramref name="stillOn"/> (a person or
    /// department given it again, or the owners told otherwise) are not told.
    /// </summary>
    public async Task NotifyRelievedAsync(Appeal appeal, DateTimeOffset endedAt, string what, IEnumerable<string> stillOn, CancellationToken ct)
    {
        var ended = appeal.AssignmentsEndedAt(endedAt);
        if (ended.Count == 0) return;
        var users = (await AssigneeUsersAsync(ended, ct)).Except(stillOn).ToList();
        if (users.Count == 0) return;
        // Those whose area holds the appeal (and liaisons, whose area is the district) can still open it; a grid worker
        // who helped outside their grid cannot, so their notice leads to their own to-do list instead of a 403.
        var areas = await db.Users.Where(u => users.Contains(u.Id)).Select(u => new { u.Id, u.AreaPath }).ToListAsync(ct);
        var text = $"诉求 {appeal.Number}「{appeal.Title}」{what}，您的承办已结束，无需继续办理。";
        var key = $"relieved:{appeal.Id}:{appeal.Version}";
        foreach (var group in areas.GroupBy(u => AreaPaths.Contains(u.AreaPath, appeal.AreaPath)))
            await NotifyAsync(group.Select(u => u.Id), text, group.Key ? LinkTo(appeal) : "/Appeals?queue=mine", key, ct);
    }

    public async Task NotifyOwnersAsync(Appeal appeal, string text, string key, CancellationToken ct) =>
        await NotifyAsync(await OwnersAsync(appeal, ct), text, LinkTo(appeal), key, ct);

    /// <summary>
    /// Queues a text message to the reporter (when they left a phone number). The key makes the message unique: a
    /// retried action finds it queued already; the sender passes the same key to the provider on every attempt.
    /// </summary>
    public async Task QueueSmsAsync(Appeal appeal, string template, string key, IDictionary<string, string?> payload, CancellationToken ct)
    {
        // Text messages reach mainland mobiles only; a landline or a number abroad is called by staff (the appeal page says so).
        if (string.IsNullOrEmpty(appeal.ReporterPhoneCipher) || appeal.ReporterPhoneCallOnly) return;
        if (db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.IdempotencyKey == key)) return;
        if (await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == key, ct)) return;
        var values = new Dictionary<string, string?>(payload)
        {
            ["trackingCode"] = appeal.TrackingCode,
            ["link"] = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/track?code={appeal.TrackingCode}",
        };
        db.OutboxMessages.Add(new OutboxMessage
        {
            IdempotencyKey = key,
            Channel = "sms",
            RecipientCipher = appeal.ReporterPhoneCipher,
            RecipientMasked = appeal.ReporterPhoneMasked ?? "",
            Template = template,
            PayloadJson = JsonSerializer.Serialize(values),
            CreatedAt = clock.GetUtcNow(),
        });
    }

    /// <summary>Decrypts a queued recipient for the sender; nothing else reads it.</summary>
    public string? Recipient(OutboxMessage message) => protector.Decrypt(message.RecipientCipher);

    private async Task<IReadOnlyList<string>> UsersInRolesAtAsync(string[] roles, string path, CancellationToken ct) =>
        await (from u in db.Users.NotDisabled()
               join ur in db.UserRoles on u.Id equals ur.UserId
               join r in db.Roles on ur.RoleId equals r.Id
               where roles.Contains(r.Name!) && u.AreaPath == path
               select u.Id).Distinct().ToListAsync(ct);

    /// <summary>
    /// Free text quoted in a notice: on one line (runs of spaces and line breaks become one space) and cut to
    /// <paramref name="max"/> characters with an ellipsis; empty when there is nothing.
    /// </summary>
    public static string Brief(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? "" : Clip(System.Text.RegularExpressions.Regex.Replace(text.Trim(), @"\s+", " "), max);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>
/// The outbox keys of the reporter's text messages about one appeal: one per notice, the result once per round of
/// handling. Built in one place so the appeal page can look its messages up by key (the unique index) rather than by
/// prefix, which neither engine answers from that index.
/// </summary>
public static class AppealSmsKeys
{
    public static string Accepted(long id) => $"appeal:{id}:accepted";
    public static string Rejected(long id) => $"appeal:{id}:rejected";
    public static string Merged(long id) => $"appeal:{id}:merged";
    public static string Resolved(long id, int round) => $"appeal:{id}:resolved:{round}";

    /// <param name="rounds">The highest round a result may have been sent for (a merged appeal follows its main one's).</param>
    public static List<string> All(long id, int rounds) =>
        [Accepted(id), Rejected(id), Merged(id), .. Enumerable.Range(0, rounds + 1).Select(r => Resolved(id, r))];
}
