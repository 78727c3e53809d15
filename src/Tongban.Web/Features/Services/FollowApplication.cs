using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record ApplicationNoteRequest(string? Text);

public sealed record TransferApplicationRequest(DecisionLevel? Level, string? To, string? Reason);

/// <summary>After the first visit: progress notes, a later transfer, completion. The owner does all three (首问负责到底).</summary>
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

    private static string Require(string? text, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > 1000) throw new ValidationFailedException(field, message);
        return text.Trim();
    }
}
