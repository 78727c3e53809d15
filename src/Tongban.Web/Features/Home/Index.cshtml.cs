using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Home;

public sealed class IndexModel(AppDbContext db, ICurrentUser me, ListAppeals appeals) : PageModel
{
    public Workbench Work { get; private set; } = null!;
    public string DisplayName { get; private set; } = "";
    public IReadOnlyList<string> RoleTitles { get; private set; } = [];

    /// <summary>Appeal queues this person works from, with how many appeals wait in each; null without appeal rights.</summary>
    public IReadOnlyList<(string Queue, string Name, int Count)>? AppealQueues { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var areaId = int.TryParse(User.FindFirst(TongbanClaims.AreaId)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (int?)null;
        Work = await LoadWorkbench.HandleAsync(db, me, areaId, ct);
        DisplayName = User.FindFirst(TongbanClaims.DisplayName)?.Value is { Length: > 0 } name ? name : me.UserName;
        RoleTitles = [.. Roles.All.Where(me.IsInRole).Select(Roles.Title)];
        if (AppealPermissions.Has(me, AppealPermissions.View))
        {
            string[] queues = AppealPermissions.Has(me, AppealPermissions.Handle)
                ? [Appeals.AppealQueues.ToAccept, Appeals.AppealQueues.AwaitingAcknowledgement, Appeals.AppealQueues.DueSoon, Appeals.AppealQueues.Overdue, Appeals.AppealQueues.FollowUp]
                : [Appeals.AppealQueues.Mine, Appeals.AppealQueues.AwaitingAcknowledgement, Appeals.AppealQueues.DueSoon, Appeals.AppealQueues.Overdue];
            var counts = new List<(string, string, int)>();
            foreach (var queue in queues) // the same queries as the queue page, counted in the database
                counts.Add((queue, Appeals.AppealQueues.NameOf(queue), await (await appeals.QueryAsync(new AppealFilter(Queue: queue), ct)).CountAsync(ct)));
            AppealQueues = counts;
        }
    }

    public bool Can(string permission) => me.HasPermission(permission);
}
