using System.Text.Json;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// The end of the first visit. <paramref name="ReceivedMaterialIds"/> is the checklist as ticked now;
/// Outcome: OnTheSpot, Accepted, AcceptedMissing, AcceptedTolerated, Transferred or Rejected.
/// </summary>
public sealed record DecideApplicationRequest(
    ApplicationOutcome? Outcome,
    IReadOnlyList<int>? ReceivedMaterialIds = null,
    string? Result = null,
    DecisionLevel? TransferLevel = null,
    string? TransferTo = null,
    string? Reason = null,
    bool SendMissingList = true);

public sealed record DecideApplicationResult(long Id, ApplicationState State, string StateText, ApplicationOutcome? Outcome, DateOnly? PromisedOn,
    DateOnly? ToleranceDueOn, IReadOnlyList<string> MissingMaterials, bool MissingListQueued, double WindowMinutes, DateOnly? MaterialsDueOn = null);

/// <summary>Ticks the checklist and records the outcome of the visit in one save.</summary>
public sealed class DecideApplication(ServiceDesk desk)
{
    public async Task<DecideApplicationResult> HandleAsync(long id, DecideApplicationRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Handle, "受理或答复办件");
        var v = new Validation();
        v.Require(request.Outcome is { } o && Enum.IsDefined(o), "outcome", "请选择接待结果：即来即办、受理、一次性告知补材料、容缺受理、转办或不予受理");
        if (request.Outcome == ApplicationOutcome.Transferred)
        {
            v.Require(request.TransferLevel is DecisionLevel.Street or DecisionLevel.Department, "transferLevel", "请选择转办到街道还是区职能部门");
            v.Require(!string.IsNullOrWhiteSpace(request.TransferTo) && request.TransferTo.Trim().Length <= 100, "transferTo", "请填写转办单位（不超过100字）");
            v.Require(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Trim().Length <= 500, "reason", "请写明转办理由（不超过500字）");
        }
        if (request.Outcome == ApplicationOutcome.Rejected)
            v.Require(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Trim().Length <= 500, "reason", "请写明不予受理的理由（不超过500字），理由会告知申请人");
        v.Require((request.Result?.Length ?? 0) <= 1000, "result", "办理结果不能超过1000字");
        v.ThrowIfInvalid();

        var staff = await desk.StaffAsync(ct);
        var application = await desk.LoadAsync(id, ct);
        var version = await desk.VersionAsync(application, ct);
        if (request.ReceivedMaterialIds is { } received)
        {
            var unknown = received.Where(m => application.Materials.All(x => x.MaterialId != m)).ToList();
            if (unknown.Count > 0) throw new ValidationFailedException("receivedMaterialIds", "勾选的材料不在本办件的告知清单上，请刷新页面后重新勾选");
            application.Tick(received);
        }
        var now = desk.Now;
        var promised = desk.PromisedOn(version.TimeLimitWorkingDays);
        IReadOnlyList<string> missing = [];
        var queued = false;
        switch (request.Outcome!.Value)
        {
            case ApplicationOutcome.OnTheSpot:
                application.CompleteOnTheSpot(version, request.Result ?? "", staff.Name, now);
                break;
            case ApplicationOutcome.Accepted:
                application.Accept(promised, staff.Name, now);
                break;
            case ApplicationOutcome.AcceptedMissing:
                missing = [.. application.AcceptWithMissing(desk.MaterialsDueOn(), staff.Name, now).Select(m => m.Name)];
                if (request.SendMissingList) queued = QueueMissingList(application, version, missing, now);
                break;
            case ApplicationOutcome.AcceptedTolerated:
                application.AcceptTolerated(version, promised, desk.Calendar.AddWorkingDays(desk.Today, version.ToleranceDays), staff.Name, now);
                missing = [.. application.Materials.Where(m => m.Status == MaterialStatus.Tolerated).Select(m => m.Name)];
                if (request.SendMissingList) queued = QueueMissingList(application, version, missing, now);
                break;
            case ApplicationOutcome.Transferred:
                application.Transfer(request.TransferLevel!.Value, request.TransferTo!.Trim(), request.Reason!.Trim(), staff.Name, now);
                break;
            case ApplicationOutcome.Rejected:
                application.Reject(request.Reason!.Trim(), staff.Name, now);
                break;
        }
        await desk.SaveAsync(ct);
        return new DecideApplicationResult(application.Id, application.State, ApplicationTexts.State(application.State), application.Outcome,
            application.PromisedOn, application.ToleranceDueOn, missing, queued, ((application.DecidedAt ?? now) - application.ReceivedAt).TotalMinutes,
            application.MaterialsDueOn);
    }

    /// <summary>
    /// The missing list goes out once, by SMS, when the applicant left a number (printing is the other way), with what
    /// the resident needs to plan by, as the printed sheet says it. 一次性告知 (<c>service-missing-materials</c>): no date
    /// can be promised yet, so the time limit counted from the day the materials are complete ("材料补齐后15个工作日内办结"),
    /// and the date to bring them by (补正期限, <c>dueOn</c>), after which the application may be ended.
    /// 容缺 (<c>service-tolerated-materials</c>): the date the tolerated materials are due and the promised date.
    /// </summary>
    private bool QueueMissingList(ServiceApplication application, ServiceItemVersion version, IReadOnlyList<string> missing, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(application.ApplicantPhoneCipher)) return false;
        var values = new Dictionary<string, string?> { ["number"] = application.Number, ["item"] = version.Name, ["missing"] = string.Join("、", missing) };
        var tolerated = application.Outcome == ApplicationOutcome.AcceptedTolerated;
        if (tolerated)
        {
            values["dueOn"] = application.ToleranceDueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            values["promisedOn"] = application.PromisedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            values["timeLimit"] = ApplicationTexts.TimeLimit(version.TimeLimitWorkingDays, afterMaterials: true);
            values["dueOn"] = application.MaterialsDueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        desk.Db.OutboxMessages.Add(new OutboxMessage
        {
            IdempotencyKey = $"svc:{application.Number}:missing",
            Channel = "sms",
            RecipientCipher = application.ApplicantPhoneCipher,
            RecipientMasked = application.ApplicantPhoneMasked ?? "",
            Template = tolerated ? "service-tolerated-materials" : "service-missing-materials",
            PayloadJson = JsonSerializer.Serialize(values),
            CreatedAt = now,
        });
        return true;
    }
}
