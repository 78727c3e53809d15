using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>
/// The signed and sealed agreement, scanned: stored in the shared content-hash store and checked by content (JPEG, PNG,
/// WebP or PDF, at most 10 MB) like appeal evidence.
/// </summary>
public sealed class UploadSignedAgreement(DisputeWorkflow workflow, FileStore store)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public async Task<long> HandleAsync(long id, Stream content, string? fileName, long? length, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        workflow.EnsureCanMediate(c);
        if (c.Agreement?.FinalisedAt is null) throw new DomainException("书面调解协议确认生效后，才能上传签字盖章的扫描件。");
        if (length is > MaxBytes) throw new ValidationFailedException("file", "文件不能超过10MB");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length == 0) throw new ValidationFailedException("file", "请选择签字盖章后的协议书扫描件");
        if (buffer.Length > MaxBytes) throw new ValidationFailedException("file", "文件不能超过10MB");
        var type = AppealFiles.Sniff(buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, 16)));
        if (type is null) throw new ValidationFailedException("file", "只接受JPEG、PNG、WebP图片或PDF文件（按文件内容识别）");
        buffer.Position = 0;
        StoredFile stored;
        try { stored = await store.SaveAsync(buffer, type, fileName ?? "", MaxBytes, ct); }
        catch (FileTooLargeException) { throw new ValidationFailedException("file", "文件不能超过10MB"); }
        var attachment = new DisputeAttachment { Sha256 = stored.Sha256, ContentType = type, Size = buffer.Length, FileName = AppealFiles.CleanName(fileName) };
        c.AttachSignedAgreement(attachment, await workflow.ActorAsync(ct), workflow.Now);
        await workflow.SaveAsync(ct);
        return attachment.Id;
    }

    public async Task<(Stream Content, string Type, string Name)> OpenAsync(long id, long attachmentId, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        var a = c.Attachments.FirstOrDefault(x => x.Id == attachmentId) ?? throw new NotFoundException("找不到该附件。");
        var stream = store.OpenRead(a.Sha256) ?? throw new NotFoundException("附件文件已不在存储中，请联系管理员。");
        await Task.CompletedTask;
        return (stream, a.ContentType, a.FileName);
    }
}
