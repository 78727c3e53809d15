namespace Tongban.Web.Features.Places;

/// <summary>
/// Division-style codes (区划代码): district NNNNNN000000, street = district's first 6 digits + 3 + 000,
/// community = street's first 9 digits + 3, grid = community code + 3. Paths are the codes from the district down.
/// </summary>
public static class AreaCodes
{
    public const int DivisionLength = 12;
    public const int GridLength = 15;

    public static int LengthOf(AreaLevel level) => level == AreaLevel.Grid ? GridLength : DivisionLength;

    /// <summary>Null when <paramref name="code"/> fits <paramref name="level"/> under <paramref name="parentCode"/>, else a Chinese explanation.</summary>
    public static string? Check(AreaLevel level, string? code, string? parentCode)
    {
        code = code?.Trim() ?? "";
        var length = LengthOf(level);
        if (code.Length != length || !code.All(char.IsAsciiDigit))
            return $"{Area.LevelName(level)}代码应为{length}位数字，当前为“{code}”。";
        switch (level)
        {
            case AreaLevel.District:
                if (code[6..] != "000000") return $"区代码末6位应为000000，例如 {code[..6]}000000。";
                if (code[..2] == "00" || code[4..6] == "00") return "区代码前6位应为县级行政区划代码（第1-2位和第5-6位不能为00）。";
                return null;
            case AreaLevel.Street:
                if (parentCode is null) return "街道必须属于一个区。";
                if (code[..6] != parentCode[..6]) return $"街道代码前6位应与所属区相同（{parentCode[..6]}）。";
                if (code[6..9] == "000") return "街道代码第7-9位为街道序号，不能为000。";
                if (code[9..] != "000") return $"街道代码末3位应为000，例如 {code[..9]}000。";
                return null;
            case AreaLevel.Community:
                if (parentCode is null) return "社区必须属于一个街道。";
                if (code[..9] != parentCode[..9]) return $"社区代码前9位应与所属街道相同（{parentCode[..9]}）。";
                if (code[9..] == "000") return "社区代码第10-12位为社区序号，不能为000。";
                return null;
            case AreaLevel.Grid:
                if (parentCode is null) return "网格必须属于一个社区。";
                if (code[..12] != parentCode) return $"网格代码前12位应为所属社区代码（{parentCode}）。";
                if (code[12..] == "000") return "网格代码末3位为网格序号，不能为000。";
                return null;
            default:
                return "未知的区划层级。";
        }
    }

    /// <summary>The node's own path: its parent's path followed by its code and "/".</summary>
    public static string PathFor(string? parentPath, string code) => (parentPath ?? "") + code + "/";

    /// <summary>"990101000000/990101001000/" → ["990101000000", "990101001000"].</summary>
    public static IReadOnlyList<string> CodesOf(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A hint shown beside the code field: what the next code under this parent looks like.</summary>
    public static string Example(AreaLevel level, string? parentCode) => level switch
    {
        AreaLevel.District => "例如 990101000000",
        AreaLevel.Street when parentCode is not null => $"例如 {parentCode[..6]}001000",
        AreaLevel.Community when parentCode is not null => $"例如 {parentCode[..9]}001",
        AreaLevel.Grid when parentCode is not null => $"例如 {parentCode}001",
        _ => "",
    };
}
