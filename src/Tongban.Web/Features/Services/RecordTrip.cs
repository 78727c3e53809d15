using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// A later trip by the resident. <paramref name="ReceivedMaterialIds"/>: checklist materials handed in now;
/// <paramref name="ReceivedExtraIds"/>: materials asked for outside the checklist on an earlier trip and handed in now
/// (their line <c>id</c> in the application's materials, as they have no checklist id);
/// <paramref name="NewlyRequiredMaterialIds"/>: checklist materials asked for now;
/// <paramref name="ExtraRequired"/>: materials asked for that are not on the checklist at all. Either, when not
/// listed on an earlier trip, flags the application as a defect of the one-time notice.
/// </summary>
public sealed record RecordTripRequest(IReadOnlyList<int>? ReceivedMaterialIds, IReadOnlyList<int>? NewlyRequiredMaterialIds = null,
    IReadOnlyList<string>? ExtraRequired = null, string? Note = null, IReadOnlyList<long>? ReceivedExtraIds = null);

/// <param name="HasDefect">The application has a defect of the one-time notice, from this trip or an earlier one.</param>
/// <param name="NewDefect">What this trip asked for that nobody listed before; null when it found nothing new.</param>
/// <param name="MaterialsDueOn">补正期限 of what is still missing, counted again from this trip; null when nothing is.</param>
public sealed record RecordTripResult(long Id, int Trips, bool HasDefect, string? DefectNote, ApplicationState State, DateOnly? PromisedOn,
    string? NewDefect, DateOnly? MaterialsDueOn = null);

public sealed class RecordTrip(ServiceDesk desk)
{
    public async Task<RecordTripResult> HandleAsync(long id, RecordTripRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Handle, "登记补件");
        var v = new Validation();
        v.Require((request.Note?.Length ?? 0) <= 500, "note", "说明不能超过500字");
        v.Require((request.ExtraRequired ?? []).All(e => e.Trim().Length <= 100), "extraRequired", "清单外材料的名称不能超过100字");
        v.ThrowIfInvalid();
        var staff = await desk.StaffAsync(ct);
        var application = await desk.LoadAsync(id, ct);
        var version = await desk.VersionAsync(application, ct);
        var known = application.Materials.Where(m => m.MaterialId is not null).Select(m => m.MaterialId!.Value).ToHashSet();
        if ((request.ReceivedMaterialIds ?? []).Concat(request.NewlyRequiredMaterialIds ?? []).Any(m => !known.Contains(m)))
            throw new ValidationFailedException("receivedMaterialIds", "勾选的材料不在本办件的告知清单上，请刷新页面后重新勾选");
        var extras = application.Materials.Where(m => m.IsExtra).Select(m => m.Id).ToHashSet();
        if ((request.ReceivedExtraIds ?? []).Any(m => !extras.Contains(m)))
            throw new ValidationFailedException("receivedExtraIds", "勾选的清单外材料不是本办件要求过的材料，请刷新页面后重新勾选");
        var unlisted = application.RecordTrip(request.ReceivedMaterialIds ?? [], request.ReceivedExtraIds ?? [], request.NewlyRequiredMaterialIds ?? [], request.ExtraRequired ?? [],
            desk.PromisedOn(version.TimeLimitWorkingDays), desk.MaterialsDueOn(), request.Note ?? "", staff.Name, desk.Now);
        await desk.SaveAsync(ct);
        return new RecordTripResult(application.Id, application.Trips, application.HasDefect, application.DefectNote, application.State, application.PromisedOn,
            unlisted.Count == 0 ? null : string.Join("、", unlisted), application.MaterialsDueOn);
    }
}
