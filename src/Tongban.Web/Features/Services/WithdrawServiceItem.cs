using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>停用: refused while any application of the item is still open anywhere, so nobody's case is orphaned.</summary>
public sealed class WithdrawServiceItem(AppDbContext db, GuideCache guide)
{
    public async Task HandleAsync(int itemId, CancellationToken ct)
    {
        ServicePermissions.Ensure(db.CurrentUser, ServicePermissions.Catalog, "停用服务事项");
        var item = await db.ServiceItems().FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("找不到该服务事项。");
        var open = await db.ServiceApplications().IgnoreQueryFilters()
            .CountAsync(a => a.ServiceItemId == itemId && !ServiceApplication.EndStates.Contains(a.State), ct);
        item.Withdraw(open);
        await db.SaveChangesAsync(ct);
        guide.Clear();
    }
}
