using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes.Staff;

/// <summary>
/// The case's printable documents for the browser (A4 HTML), the archive PDF, and its files. "pdf" without Chromium
/// answers with a page that says so and links the HTML archive for the browser's own print.
/// </summary>
[Authorize(Policy = DisputePermissions.View)]
public sealed class DocumentModel(ExportDisputeArchive export, UploadSignedAgreement files) : PageModel
{
    public string? Message { get; private set; }
    public long CaseId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string kind, CancellationToken ct)
    {
        CaseId = id;
        try
        {
            if (kind == "pdf")
            {
                var pdf = await export.PdfAsync(id, ct);
                if (pdf is { } p) return File(p.Pdf, "application/pdf", $"{p.Number}-卷宗.pdf");
                Message = "本服务器未安装Chromium，无法生成PDF卷宗。请打开“卷宗（打印）”，用浏览器的“打印 → 另存为PDF”。";
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Page();
            }
            if (kind.StartsWith("file-", StringComparison.Ordinal) && long.TryParse(kind[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var fileId))
            {
                var (content, type, name) = await files.OpenAsync(id, fileId, ct);
                return File(content, type, name);
            }
            var (_, html) = await export.HtmlAsync(id, kind, forPdf: false, ct);
            return Content(html, "text/html; charset=utf-8");
        }
        catch (NotFoundException) { return NotFound(); }
        catch (OutsideScopeException) { return StatusCode(StatusCodes.Status403Forbidden); }
        catch (DomainException e)
        {
            Message = e.Message;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
    }
}
