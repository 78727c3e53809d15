using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>One uploaded file as received (name and size as the client said; the type is decided from the bytes).</summary>
public sealed record EvidenceUpload(string? FileName, long Length, Func<Stream> Open);

/// <summary>
/// 办理佐证: photos or a PDF showing the work done, attached by whoever works on the appeal. Validates every file first
/// (type by content, size), stores them by hash, and adds them with one timeline entry; nothing is recorded if any
/// file is refused.
/// </summary>
public sealed class AttachAppealEvidence(AppealWorkflow workflow, AppealFiles files)
{
    public const int MaxFiles = 6;

    public async Task<int> HandleAsync(long id, IReadOnlyList<EvidenceUpload> uploads, CancellationToken ct)
    {
        var appeal = await workflow.LoadAsync(id, ct);
        await workflow.EnsureCanWorkAsync(appeal, ct);
        await AddAsync(appeal, uploads, ct);
        await workflow.SaveAsync(ct);
        return uploads.Count;
    }

    /// <summary>Adds the files to an appeal loaded in this unit of work (the page's resolve form uses it before resolving).</summary>
    internal async Task AddAsync(Appeal appeal, IReadOnlyList<EvidenceUpload> uploads, CancellationToken ct)
    {
        if (uploads.Count == 0) throw new ValidationFailedException("files", "请选择要上传的照片或文件");
        if (uploads.Count > MaxFiles) throw new ValidationFailedException("files", $"一次最多上传{MaxFiles}个文件");
        var v = new Validation();
        var accepted = new List<(byte[] Bytes, string Type, string Name)>();
        for (var i = 0; i < uploads.Count; i++)
        {
            var upload = uploads[i];
            var name = AppealFiles.CleanName(upload.FileName);
            if (upload.Length > AppealFiles.MaxBytes)
            {
                v.Add($"files[{i}]", $"“{name}”超过10MB，请压缩后再上传");
                continue;
            }
            await using var stream = upload.Open();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            if (buffer.Length > AppealFiles.MaxBytes)
            {
                v.Add($"files[{i}]", $"“{name}”超过10MB，请压缩后再上传");
                continue;
            }
            if (buffer.Length == 0 || AppealFiles.Sniff(buffer.GetBuffer().AsSpan(0, (int)Math.Min(16, buffer.Length))) is not { } type)
            {
                v.Add($"files[{i}]", $"“{name}”不是照片（JPEG、PNG、WebP）或PDF文件");
                continue;
            }
            accepted.Add((buffer.ToArray(), type, name));
        }
        v.ThrowIfInvalid();
        var now = workflow.Now;
        var actor = await workflow.ActorAsync(ct);
        appeal.RecordEvidence(accepted.Count, actor, now);
        foreach (var (bytes, type, name) in accepted)
        {
            var hash = await files.SaveAsync(bytes, ct);
            workflow.Db.AppealAttachments.Add(new AppealAttachment
            {
                AppealId = appeal.Id, Sha256 = hash, ContentType = type, Size = bytes.Length, FileName = name, Purpose = "evidence", At = now, AreaPath = appeal.AreaPath,
            });
        }
    }
}
