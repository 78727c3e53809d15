namespace Tongban.Web.Features.People;

/// <summary>The import template (居民导入模板): the header row, text-formatted columns and a sheet of instructions.</summary>
public static class ImportTemplate
{
    public const string FileName = "居民导入模板.xlsx";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>What each column means, shown on the import page and in the template's second sheet.</summary>
    public static readonly IReadOnlyList<(string Column, bool Required, string Rule)> Columns =
    [
        (ImportColumns.Name, true, "居民姓名，不超过50个字"),
        (ImportColumns.IdNumber, true, "18位居民身份证号，系统按国家标准校验最后一位；同一身份证号再次导入时更新原记录，不会重复登记"),
        (ImportColumns.Phone, false, "11位手机号"),
        (ImportColumns.Compound, true, "小区名称，须与系统中的名称完全一致"),
        (ImportColumns.Building, true, "楼栋名称，如“3号楼”，须是该小区中您管辖范围内已有的楼栋"),
        (ImportColumns.Unit, true, "单元，如“1单元”；楼栋中没有的单元会自动添加"),
        (ImportColumns.Room, true, "房号，如“301”；单元中没有的房号会自动添加"),
        (ImportColumns.Relationship, false, "与户主关系，如户主、配偶、子女、父母；填“户主”的人成为该户户主，每户一人"),
        (ImportColumns.Tags, false, "标签名称，多个用逗号或顿号分隔，如“党员、独居老人”；须是系统中已有的标签"),
        (ImportColumns.Health, false, "健康或残疾情况（如残疾类别和等级），属敏感信息，加密保存"),
    ];

    public static readonly string[] Notes =
    [
        "第一行为表头，请勿修改；从第二行起每行一位居民。",
        "身份证号、手机号列已设为“文本”格式，请勿改为数字，否则 Excel 会把身份证号变成科学计数法。",
        "单元格中不能使用公式，也不能以 =、+、-、@ 开头或包含 HTML 标签，这样的单元格会被拒绝。",
        "再次导入同一身份证号时更新该居民；手机号、与户主关系、标签、健康情况留空表示保持原有信息。",
        "有问题的行不会导入，导入结果会逐行列出原因；其余各行正常导入。",
    ];

    public static void Write(Stream stream)
    {
        using var workbook = new XlsxWriter(stream);
        using (var sheet = workbook.AddSheet("居民", [10, 22, 15, 14, 10, 8, 8, 12, 22, 24]))
        {
            sheet.WriteRow(ImportColumns.All, bold: true);
        }
        using (var help = workbook.AddSheet("填写说明", [16, 8, 90]))
        {
            help.WriteRow(["列名", "必填", "填写要求"], bold: true);
            foreach (var (column, required, rule) in Columns) help.WriteRow([column, required ? "是" : "否", rule]);
            help.WriteRow([]);
            foreach (var note in Notes) help.WriteRow(["说明", "", note]);
            help.WriteRow([]);
            help.WriteRow(["示例（请勿粘贴到“居民”表中）", "", "张晓明 | 110101199003071234 | 13800138000 | 晨光小区 | 3号楼 | 1单元 | 301 | 户主 | 党员 | "]);
        }
    }

    public static byte[] Bytes()
    {
        using var memory = new MemoryStream();
        Write(memory);
        return memory.ToArray();
    }
}
