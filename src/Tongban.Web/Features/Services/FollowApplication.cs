using System.Text.Json;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record ApplicationNoteRequest(string? Text);

public sealed record TransferApplicationRequest(DecisionLevel? Level, string? To, string? Reason);

/// <param name="ApplicantNotified">An SMS to the applicant was queued (they left a number); otherwise staff tell them in person or by phone.</param>
public sealed record TerminateApplicationResult(long Id, ApplicationState State, string StateText, bool ApplicantNotified);

/// <summary>
/// After the first visit: progress notes, a later transfer, completion, or the end of an application whose owed
/// material never came (终止办理: 容缺 past its due date, or 一次性告知 past its 补正期限). The owner does them all (首问负责到底).
/// </summary>
public sealed class FollowApplication(ServiceDesk desk)
{
    public async Task AddProgressAsync(long id, ApplicationNoteRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Handle, "记录办件进展");
        var text = Require(request.Text, "text", "请填写进展情况（不超过1000字）");
        var staff = await desk.StaffAsync(ct);
        var application = await desk.LoadAsync(id, ct);
        application.AddProgress(text, staff.Name, desk.Now);
        await desk.SaveAsync(ct);
    }

    public async Task TransferAsync(long id, TransferApplicationRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Handle, "转办办件");
        var v = new Validation();
        v.Require(request.Level is DecisionLevel.Street or DecisionLevel.Department, "level", "请选择转办到街道还是区职能部门");
        v.Require(!string.IsNullOrWhiteSpace(request.To) && request.To.Trim().Length <= 100, "to", "请填写转办单位（不超过100字）");
        v.Require(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Trim().Length <= 500, "reason", "请写明转办理由（不超过500字）");
        v.ThrowIfInvalid();
        var staff = await desk.StaffAsync(ct);
        var application = await desk.LoadAsync(id, ct);
        application.Transfer(request.Level!.Value, request.To!.Trim(), request.Reason!.Trim(), staff.Name, desk.Now);
        await desk.SaveAsync(ct);
    }

    public async Task CompleteAsync(long id, ApplicationNoteRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Handle, "办结办件");
        var text = Require(request.Text, "text", "请填写办理结果（不超过1000字）");
        var staff = await desk.StaffAsync(ct);
        var application = await desk.LoadAsync(id, ct);
        application.Complete(text, staff.Name, desk.Now);
        await desk.SaveAsync(ct);
    }

    /// <summary>
    /// 终止办理 of an application past its period with a material still owed: 容缺 past its due date, or told missing
    /// in one go (一次性告知) past its 补正期限 (for one told before the date was kept, counted from the last notice).
    /// The applicant is told by SMS
    /// (<c>service-terminated</c>: <c>number</c>, <c>item</c>, <c>missing</c>, <c>reason</c>) when they left a number, once.
    /// </summary>
    public async Task<TerminateApplicationResult> TerminateAsync(long id, ApplicationNoteRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Handle, "终止办理办件");
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Trim().Length > 500)
            throw new ValidationFailedException("text", "请写明终止办理的理由（不超过500字），理由会告知申请人");
        var reason = request.Text.Trim();
        var staff = await desk.StaffAsync(ct);
        var application = await desk.LoadAsync(id, ct);
        var missing = application.OwedTolerated().Concat(application.OwedMissing()).ToList();
        var now = desk.Now;
        application.Terminate(reason, desk.Today, desk.MaterialsDueOf(application), staff.Name, now);
        var notified = false;
        if (application.ApplicantPhoneCipher is { Length: > 0 } phone)
        {
            var version = await desk.VersionAsync(application, ct);
            desk.Db.OutboxMessages.Add(new OutboxMessage
            {
                IdempotencyKey = $"svc:{application.Number}:terminated",
                Channel = "sms",
                RecipientCipher = phone,
                RecipientMasked = application.ApplicantPhoneMasked ?? "",
                Template = "service-terminated",
                PayloadJson = JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["number"] = application.Number, ["item"] = version.Name, ["missing"] = string.Join("、", missing), ["reason"] = reason,
                }),
                CreatedAt = now,
            });
            notified = true;
        }
        await desk.SaveAsync(ct);
        return new TerminateApplicationResult(application.Id, application.State, ApplicationTexts.State(application.State), notified);
    }

    private static string Require(string? text, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > 1000) throw new ValidationFailedException(field, message);
        return text.Trim();
    }
}
