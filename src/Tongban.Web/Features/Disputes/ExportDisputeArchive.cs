using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>
/// 一案一卷 export: the whole file as one HTML bundle (for the browser's print), or as a PDF printed by headless Chromium
/// where it is installed. The PDF gets the stylesheet and the signed scan inlined, since Chromium reads a local file.
/// Every export is written to the audit log.
/// </summary>
public sealed class ExportDisputeArchive(GetDispute get, DisputeWorkflow workflow, FileStore store, IWebHostEnvironment environment,
    IOptions<DisputeOptions> options, AuditLog audit, ILogger<ExportDisputeArchive> logger)
{
    public bool PdfAvailable => File.Exists(options.Value.ChromiumPath);

    public async Task<(DisputeDetails Case, string Html)> HtmlAsync(long id, string kind, bool forPdf, CancellationToken ct)
    {
        if (!DisputeDocuments.Kinds.ContainsKey(kind)) throw new NotFoundException($"没有名为“{kind}”的文书。");
        var c = await workflow.LoadAsync(id, ct);
        var d = await get.ViewAsync(c, ct);
        string? css = null;
        var images = new Dictionary<long, string>();
        if (forPdf)
        {
            var file = environment.WebRootFileProvider.GetFileInfo(DisputeDocuments.StylesheetPath.TrimStart('/'));
            using (var reader = new StreamReader(file.CreateReadStream())) css = await reader.ReadToEndAsync(ct);
            foreach (var a in d.Attachments.Where(a => a.ContentType.StartsWith("image/", StringComparison.Ordinal)))
            {
                await using var s = store.OpenRead(c.Attachments.First(x => x.Id == a.Id).Sha256);
                if (s is null) continue;
                using var m = new MemoryStream();
                await s.CopyToAsync(m, ct);
                images[a.Id] = $"data:{a.ContentType};base64,{Convert.ToBase64String(m.ToArray())}";
            }
        }
        if (kind == "archive")
            await audit.RecordAsync("export", nameof(DisputeCase), id.ToString(CultureInfo.InvariantCulture), $"导出案件卷宗（{(forPdf ? "PDF" : "HTML")}）", c.AreaPath, ct);
        return (d, DisputeDocuments.Page(d, kind, css, images));
    }

    /// <summary>The PDF bytes, or null when Chromium is not installed on this machine.</summary>
    public async Task<(string Number, byte[] Pdf)?> PdfAsync(long id, CancellationToken ct)
    {
        if (!PdfAvailable) return null;
        var (d, html) = await HtmlAsync(id, "archive", forPdf: true, ct);
        var dir = Path.Combine(Path.GetTempPath(), "tongban-archive-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            var input = Path.Combine(dir, "case.html");
            var output = Path.Combine(dir, "case.pdf");
            await File.WriteAllTextAsync(input, html, ct);
            var start = new ProcessStartInfo(options.Value.ChromiumPath)
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--user-data-dir={Path.Combine(dir, "profile")}", $"--print-to-pdf={output}", new Uri(input).AbsoluteUri })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new DomainException("无法启动Chromium生成PDF，请改用HTML卷宗打印。");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new DomainException("生成PDF超时，请稍后重试或改用HTML卷宗打印。");
            }
            if (!File.Exists(output))
            {
                logger.LogWarning("Chromium did not write the PDF (exit {Code}): {Error}", process.ExitCode, await stderr);
                throw new DomainException("Chromium未能生成PDF，请改用HTML卷宗打印。");
            }
            return (d.Number, await File.ReadAllBytesAsync(output, ct));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
