using System.Diagnostics;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Demo;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

namespace Tongban.Bench;

/// <summary>
/// Writes an .xlsx of N new residents living in existing dwellings (as a community would export from its old
/// spreadsheet), then times the app's import handler on it: reading, validation, encryption and the database writes.
/// </summary>
public static class ImportBench
{
    public static async Task RunAsync(ServiceProvider services, int rows, Report report)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tongban-import-{rows}.xlsx");
        var writeClock = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var places = await db.Dwellings.AsNoTracking().Where(d => !db.Households.Any(h => h.DwellingId == d.Id)).OrderBy(d => d.Id).Take(rows)
                .Select(d => new { Compound = d.Building!.Compound!.Name, Building = d.Building.Name, Unit = d.BuildingUnit!.Name, d.Number })
                .ToListAsync();
            if (places.Count == 0) throw new InvalidOperationException("数据库里没有房屋：先运行 generate。");
            var generator = new DemoPeopleGenerator(99, new DateOnly(2026, 11, 23), "990199");
            var lines = new List<string[]>(rows);
            foreach (var place in places)
            {
                foreach (var person in generator.NextHousehold())
                {
                    if (lines.Count == rows) break;
                    lines.Add([person.Name, person.IdNumber, person.Phone ?? "", place.Compound, place.Building, place.Unit, place.Number, person.Relationship, "", ""]);
                }
                if (lines.Count == rows) break;
            }
            if (lines.Count < rows) throw new InvalidOperationException($"房屋不够放下{rows}名居民：generate 时加大 --districts。");
            WriteWorkbook(file, rows, i => lines[i]);
        }
        writeClock.Stop();
        var size = new FileInfo(file).Length;

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var protector = scope.ServiceProvider.GetRequiredService<SensitiveDataProtector>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            await using var stream = new MemoryStream(await File.ReadAllBytesAsync(file));
            var clock = Stopwatch.StartNew();
            var result = await ImportResidents.HandleAsync(db, protector, audit, TimeProvider.System, stream, Path.GetFileName(file),
                new PeopleOptions { ImportMaxBytes = 200L * 1024 * 1024, ImportMaxRows = Math.Max(rows, 200_000) }, "127.0.0.1", CancellationToken.None);
            clock.Stop();
            report.Line($"import: {rows:N0} rows ({size / 1024d / 1024d:F1} MB .xlsx, written in {writeClock.Elapsed.TotalSeconds:F1} s) imported {result.Imported:N0} (new {result.Created:N0}, updated {result.Updated:N0}, failed {result.Failed:N0}) in {clock.Elapsed.TotalSeconds:F1} s (target ≤ 30 s)");
        }
        File.Delete(file);
    }

    private static void WriteWorkbook(string path, int rows, Func<int, string[]> row)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, ImportColumns.All);
            for (var i = 0; i < rows; i++) WriteRow(writer, row(i));
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "居民" }));
        workbook.Workbook.Save();
    }

    private static void WriteRow(OpenXmlWriter writer, string[] values)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            writer.WriteStartElement(new Cell { DataType = CellValues.InlineString });
            writer.WriteElement(new InlineString(new Text(value)));
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }
}
