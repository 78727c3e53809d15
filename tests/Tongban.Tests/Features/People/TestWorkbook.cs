using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tongban.Web.Features.People;

namespace Tongban.Tests.Features.People;

/// <summary>Builds .xlsx files for import tests the way Excel does: shared strings, a formula cell where asked.</summary>
public static class TestWorkbook
{
    /// <summary>A marker value: the cell is written as a formula (=1+1) with a cached result.</summary>
    public const string Formula = "\u0001formula";

    public static byte[] Build(IEnumerable<string?[]> rows, bool withHeader = true)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "居民" });

            var shared = new List<string>();
            var sharedIndex = new Dictionary<string, int>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                uint rowNumber = 0;
                foreach (var row in (withHeader ? new[] { ImportColumns.All.Cast<string?>().ToArray() } : []).Concat(rows))
                {
                    rowNumber++;
                    writer.WriteStartElement(new Row { RowIndex = rowNumber });
                    for (var i = 0; i < row.Length; i++)
                    {
                        var value = row[i];
                        if (value is null) continue;
                        var reference = $"{(char)('A' + i)}{rowNumber}";
                        if (value == Formula)
                        {
                            writer.WriteElement(new Cell { CellReference = reference, CellFormula = new CellFormula("1+1"), CellValue = new CellValue("2") });
                        }
                        else
                        {
                            if (!sharedIndex.TryGetValue(value, out var index))
                            {
                                index = shared.Count;
                                shared.Add(value);
                                sharedIndex[value] = index;
                            }
                            writer.WriteElement(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                        }
                    }
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            var sst = workbook.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));
            workbook.Workbook.Save();
        }
        return memory.ToArray();
    }

    /// <summary>A row in template column order.</summary>
    public static string?[] Row(string? name, string? id, string? phone, string? compound, string? building, string? unit, string? room,
        string? relationship = null, string? tags = null, string? health = null) =>
        [name, id, phone, compound, building, unit, room, relationship, tags, health];

    public static List<List<string?>> ReadRows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return XlsxReader.ReadFirstSheet(stream, 10_000_000).Select(r => r.Cells.Select(c => c.Text).ToList()).ToList();
    }
}
