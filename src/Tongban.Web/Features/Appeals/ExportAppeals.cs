using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Exports the filtered appeals as .xlsx (导出诉求清单), streamed row by row so a large list does not sit in memory.
/// No reporter names or phone numbers leave this way; each export is logged with its filter and row count.
/// </summary>
public sealed class ExportAppeals(AppDbContext db, ListAppeals list, AuditLog audit, TimeProvider clock, IOptions<AppealOptions> options)
{
    public const int MaxRows = 200_000;
    private const int Chunk = 1000;

    public sealed record Result(Stream File, string FileName, int Count);

    private static readonly (string Header, double Width)[] Columns =
    [
        ("编号", 17), ("标题", 36), ("类型", 7), ("分类", 12), ("渠道", 12), ("紧急程度", 9), ("状态", 9), ("红黄绿", 12), ("层级", 6),
        ("承办单位", 22), ("地址", 30), ("提交时间", 17), ("派单时限", 17), ("办理时限", 17), ("承诺反馈时限", 17), ("超出承诺", 14), ("办结时间", 17),
        ("及时响应", 9), ("已解决", 8), ("满意", 8), ("办理结果", 40),
    ];

    public async Task<Result> HandleAsync(AppealFilter filter, CancellationToken ct)
    {
        var query = await list.QueryAsync(filter, ct);
        var ids = await query.Select(a => a.Id).Take(MaxRows + 1).ToListAsync(ct);
        if (ids.Count > MaxRows) throw new ValidationFailedException("filter", $"一次最多导出{MaxRows}条，请缩小筛选范围（例如按月份导出）。");
        var description = filter.Describe() is { Length: > 0 } d ? d : "全部";
        // Logged before the file exists: no export leaves without its record.
        await audit.RecordAsync("export", nameof(Appeal), "export", $"导出诉求清单：筛选条件（{description}），共{ids.Count}条", db.CurrentUser.ScopePath, ct);

        var path = Path.Combine(Path.GetTempPath(), $"tongban-appeals-{Guid.NewGuid():N}.xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            var now = clock.GetUtcNow();
            using (var document = SpreadsheetDocument.Create(file, SpreadsheetDocumentType.Workbook))
            {
                var workbook = document.AddWorkbookPart();
                workbook.Workbook = new Workbook();
                var styles = workbook.AddNewPart<WorkbookStylesPart>();
                styles.Stylesheet = Stylesheet();
                var sheetPart = workbook.AddNewPart<WorksheetPart>();
                using (var writer = OpenXmlWriter.Create(sheetPart))
                {
                    writer.WriteStartElement(new Worksheet());
                    writer.WriteStartElement(new Columns());
                    for (var i = 0; i < Columns.Length; i++)
                        writer.WriteElement(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Columns[i].Width, CustomWidth = true });
                    writer.WriteEndElement();
                    writer.WriteStartElement(new SheetData());
                    uint row = 1;
                    WriteRow(writer, row++, Columns.Select(c => (string?)c.Header).ToArray(), bold: true);
                    foreach (var chunk in ids.Chunk(Chunk))
                    {
                        var chunkIds = chunk.ToList();
                        var rows = await db.Appeals.AsNoTracking().Where(a => chunkIds.Contains(a.Id))
                            .Select(a => new
                            {
                                a.Id, a.Number, a.Title, a.Kind, Category = a.Category!.Name, a.Channel, a.Urgency, a.State, a.Tier, a.CurrentAssignee,
                                a.Address, a.SubmittedAt, a.DispatchDueAt, a.FeedbackDueAt, PromisedFeedbackAt = a.PromisedFeedbackAt ?? a.FeedbackDueAt, a.ResolvedAt, a.RespondedInTime, a.IsResolved, a.IsSatisfied,
                                a.Result, a.DispatchedAt, a.AcknowledgedAt, a.LastProgressAt, a.UnsatisfiedStreak, a.FirstDispatchedAt,
                            }).ToListAsync(ct);
                        var byId = rows.ToDictionary(r => r.Id);
                        var rated = await ResidentRating.AmongAsync(db, rows.Where(r => r.State == AppealState.FollowedUp).Select(r => r.Id).ToList(), ct);
                        foreach (var id in chunk)
                        {
                            if (!byId.TryGetValue(id, out var r)) continue;
                            var status = AppealDeadlines.Evaluate(new AppealTimes(r.State, r.Urgency, r.SubmittedAt, r.DispatchedAt, r.AcknowledgedAt,
                                r.DispatchDueAt, r.FeedbackDueAt, r.LastProgressAt, r.UnsatisfiedStreak, r.FirstDispatchedAt, r.PromisedFeedbackAt), now, options.Value);
                            WriteRow(writer, row++,
                            [
                                r.Number, r.Title, AppealNames.Of(r.Kind), r.Category, AppealNames.Of(r.Channel), AppealNames.Of(r.Urgency),
                                ResidentRating.StateNameOf(r.State, rated.Contains(r.Id)), status.Name, AppealNames.Of(r.Tier), r.CurrentAssignee, r.Address,
                                r.SubmittedAt.Show(), r.DispatchDueAt.ShowDeadline(), r.FeedbackDueAt.ShowDeadline(),
                                r.PromisedFeedbackAt.ShowDeadline(), AppealDeadlines.PastPromise(r.State, r.PromisedFeedbackAt, now), r.ResolvedAt.Show(),
                                YesNo(r.RespondedInTime), YesNo(r.IsResolved), YesNo(r.IsSatisfied), r.Result,
                            ], bold: false);
                        }
                    }
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }
                workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "诉求清单" }));
                workbook.Workbook.Save();
            }
            file.Position = 0;
            var stamp = now.ToShanghai().ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
            return new Result(file, $"诉求清单-{stamp}.xlsx", ids.Count);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static string YesNo(bool? value) => value switch { true => "是", false => "否", null => "" };

    private static void WriteRow(OpenXmlWriter writer, uint index, string?[] values, bool bold)
    {
        writer.WriteStartElement(new Row { RowIndex = index });
        foreach (var value in values)
        {
            var cell = new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(XmlSafe(value ?? "")) { Space = SpaceProcessingModeValues.Preserve }) };
            if (bold) cell.StyleIndex = 1;
            else if (LooksLikeFormula(value)) cell.StyleIndex = 2;
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }

    /// <summary>
    /// Residents' text that starts like a formula (=, +, -, @, or a tab or line break before one) is marked with Excel's
    /// quote prefix: it already arrives as text, and the mark keeps it text when someone edits the cell or copies it on,
    /// instead of Excel (or WPS) turning "=HYPERLINK(…)" into a live formula. The text itself is not changed.
    /// </summary>
    public static bool LooksLikeFormula(string? value) => value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n';

    /// <summary>XML 1.0 cannot hold most control characters; residents' text sometimes has them.</summary>
    private static string XmlSafe(string text) =>
        text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => c >= 0x20 || c is '\t' or '\n' or '\r').ToArray()) : text;

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }, new CellFormat { QuotePrefix = true }));
}
