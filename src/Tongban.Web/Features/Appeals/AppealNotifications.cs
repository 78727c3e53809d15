using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

public sealed record NotificationView(long Id, string Text, string Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>The signed-in user's in-app notices (站内通知): list, count unread, mark read.</summary>
public sealed class AppealNotifications(AppDbContext db, ICurrentUser user, TimeProvider clock)
{
    private string Me => user.UserId ?? throw new OutsideScopeException("请先登录。");

    public async Task<IReadOnlyList<NotificationView>> ListAsync(bool unreadOnly, int take, CancellationToken ct)
    {
        var me = Me;
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == me && (!unreadOnly || n.ReadAt == null))
            .OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 200))
            .Select(n => new NotificationView(n.Id, n.Text, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
    }

    public async Task<int> UnreadAsync(CancellationToken ct)
    {
        if (user.UserId is not { } me) return 0;
        return await db.Notifications.CountAsync(n => n.UserId == me && n.ReadAt == null, ct);
    }

    public async Task MarkReadAsync(long? id, CancellationToken ct)
    {
        var me = Me;
        var now = clock.GetUtcNow();
        var query = db.Notifications.Where(n => n.UserId == me && n.ReadAt == null);
        if (id is { } one)
        {
            if (!await db.Notifications.AnyAsync(n => n.Id == one && n.UserId == me, ct)) throw new NotFoundException($"没有编号为 {one} 的通知。");
            query = query.Where(n => n.Id == one);
        }
        await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
