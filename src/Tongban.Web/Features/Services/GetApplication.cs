using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record ApplicationMaterialView(long Id, int? MaterialId, string Name, bool IsMinor, bool IsExtra, MaterialStatus Status, string StatusText,
    int? ListedOnTrip, int? ReceivedOnTrip);

public sealed record ApplicationEventView(DateTimeOffset At, string Kind, string Text, string ActorName);

public sealed record ApplicationView(long Id, string Number, int ServiceItemId, string ItemCode, string ItemName, int VersionNumber, int CurrentVersionNumber,
    DecisionLevel DecidedAt, string DecidingUnit, int TimeLimitWorkingDays, int ToleranceMaxMissing, IntakeChannel Channel, string ChannelText,
    string ApplicantName, string? ApplicantPhoneMasked, string OwnerUserId, string OwnerName, string? HelperName,
    ApplicationState State, string StateText, ApplicationOutcome? Outcome, string OutcomeText, DateTimeOffset ReceivedAt, DateTimeOffset? DecidedAtTime,
    DateTimeOffset? CompletedAt, DateOnly? PromisedOn, DateOnly? ToleranceDueOn, string? TransferredTo, string? TransferReason, string? RejectReason,
    string? TerminationReason, string? Result, int Trips, bool HasDefect, string? DefectNote, double? WindowMinutes, double? TotalHours,
    IReadOnlyList<ApplicationMaterialView> Materials, IReadOnlyList<ApplicationEventView> Events, bool IsSample, DateOnly? MaterialsDueOn = null);

/// <summary>
/// One application with its checklist as ticked, its timeline and handling times. <c>MaterialsDueOn</c>: the 补正期限 of
/// materials told missing while they are awaited (for one told before it was kept, counted from the last notice), or the
/// one that ran out when it was ended for them.
/// </summary>
public sealed class GetApplication(ServiceDesk desk)
{
    public async Task<ApplicationView> HandleAsync(long id, CancellationToken ct)
    {
        var a = await desk.LoadAsync(id, ct);
        var db = desk.Db;
        var version = await db.ServiceItemVersions().AsNoTracking().Where(v => v.Id == a.ServiceItemVersionId)
            .Select(v => new { v.Number, v.Name, v.DecidedAt, v.DecidingUnit, v.TimeLimitWorkingDays, v.ToleranceMaxMissing }).FirstAsync(ct);
        var item = await db.ServiceItems().AsNoTracking().Where(i => i.Id == a.ServiceItemId)
            .Select(i => new { i.Code, Current = i.CurrentVersion == null ? 0 : i.CurrentVersion.Number }).FirstAsync(ct);
        return new ApplicationView(a.Id, a.Number, a.ServiceItemId, item.Code, version.Name, version.Number, item.Current, version.DecidedAt, version.DecidingUnit,
            version.TimeLimitWorkingDays, version.ToleranceMaxMissing, a.Channel, ApplicationTexts.Channel(a.Channel), a.ApplicantName, a.ApplicantPhoneMasked,
            a.OwnerUserId, a.OwnerName, a.HelperName, a.State, ApplicationTexts.State(a.State), a.Outcome, ApplicationTexts.Outcome(a.Outcome),
            a.ReceivedAt, a.DecidedAt, a.CompletedAt, a.PromisedOn, a.ToleranceDueOn, a.TransferredTo, a.TransferReason, a.RejectReason, a.TerminationReason, a.Result,
            a.Trips, a.HasDefect, a.DefectNote,
            a.DecidedAt is { } d ? Math.Round((d - a.ReceivedAt).TotalMinutes, 1) : null,
            a.CompletedAt is { } c ? Math.Round((c - a.ReceivedAt).TotalHours, 1) : null,
            [.. a.Materials.OrderBy(m => m.Id).Select(m => new ApplicationMaterialView(m.Id, m.MaterialId, m.Name, m.IsMinor, m.IsExtra, m.Status,
                ApplicationTexts.Material(m.Status), m.ListedOnTrip, m.ReceivedOnTrip))],
            [.. a.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new ApplicationEventView(e.At, e.Kind, e.Text, e.ActorName))],
            a.IsSample,
            a.State == ApplicationState.AwaitingMaterials ? desk.MaterialsDueOf(a)
                : a.State == ApplicationState.Terminated ? a.MaterialsDueOn : null);
    }
}
