using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <param name="ToleranceDueOn">The date 容缺 materials are due, while one of them is still outstanding.</param>
/// <param name="PromiseMissed">Open past its promised date.</param>
/// <param name="ToleranceMissed">A 容缺 material still outstanding past its due date.</param>
/// <param name="MaterialsDueOn">补正期限 of materials told missing in one go, while they are awaited.</param>
/// <param name="MaterialsMissed">Still awaiting them past that date (逾期未补正): the owner may end it (终止办理).</param>
public sealed record ApplicationRow(long Id, string Number, string ItemName, string ApplicantName, string OwnerName, ApplicationState State, string StateText,
    string OutcomeText, DateTimeOffset ReceivedAt, DateOnly? PromisedOn, int Trips, bool HasDefect, string? TransferredTo, string? LastEvent,
    DateOnly? ToleranceDueOn = null, bool PromiseMissed = false, bool ToleranceMissed = false, DateOnly? MaterialsDueOn = null, bool MaterialsMissed = false);

/// <summary>
/// Application lists: "mine" is everything the caller owns, transferred ones included (首问负责到底); "open" is every
/// open application of the caller's area; "today" what was received today.
/// </summary>
public sealed class ListApplications(ServiceDesk desk, ICurrentUser user)
{
    public async Task<IReadOnlyList<ApplicationRow>> HandleAsync(string? queue, CancellationToken ct)
    {
        var query = desk.Db.ServiceApplications().AsNoTracking();
        var todayStart = new DateTimeOffset(desk.Today.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
        query = (queue ?? "mine") switch
        {
            "mine" => query.Where(a => a.OwnerUserId == user.UserId && (!ServiceApplication.EndStates.Contains(a.State) || a.ReceivedAt >= todayStart)),
            "open" => query.Where(a => !ServiceApplication.EndStates.Contains(a.State)),
            "today" => query.Where(a => a.ReceivedAt >= todayStart),
            "defects" => query.Where(a => a.HasDefect),
            "all" => query,
            _ => throw new ValidationFailedException("queue", "队列应为 mine（我的）、open（在办）、today（今日）、defects（一次告知缺陷）或 all"),
        };
        var rows = await query.OrderByDescending(a => a.ReceivedAt).Take(200)
            .Select(a => new
            {
                a.Id, a.Number, ItemName = a.ItemVersion!.Name, a.ApplicantName, a.OwnerName, a.State, a.Outcome, a.ReceivedAt, a.PromisedOn, a.Trips,
                a.HasDefect, a.TransferredTo,
                ToleranceDueOn = a.Materials.Any(m => m.Status == MaterialStatus.Tolerated) ? a.ToleranceDueOn : null,
                MaterialsDueOn = a.State == ApplicationState.AwaitingMaterials ? a.MaterialsDueOn : null,
                LastEvent = a.Events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Text).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var today = desk.Today;
        return [.. rows.Select(r =>
        {
            var open = !ServiceApplication.EndStates.Contains(r.State);
            return new ApplicationRow(r.Id, r.Number, r.ItemName, r.ApplicantName, r.OwnerName, r.State, ApplicationTexts.State(r.State),
                ApplicationTexts.Outcome(r.Outcome), r.ReceivedAt, r.PromisedOn, r.Trips, r.HasDefect, r.TransferredTo, r.LastEvent, r.ToleranceDueOn,
                open && r.PromisedOn < today, open && r.ToleranceDueOn < today, r.MaterialsDueOn, r.MaterialsDueOn < today);
        })];
    }
}
