namespace Tongban.Web.Infrastructure;

/// <summary>
/// Control characters in text people send (C0, DEL, C1), other than CR, LF and TAB, which are text. A NUL cannot be
/// stored by PostgreSQL at all, and none of them means anything on a page, so text carrying one is refused by name.
/// </summary>
public static class ControlCharacters
{
    public static bool IsForbidden(char c) => char.IsControl(c) && c is not ('\r' or '\n' or '\t');

    /// <summary>The first forbidden control character in the text, or null.</summary>
    public static char? FirstIn(string? text)
    {
        foreach (var c in text ?? "")
            if (IsForbidden(c)) return c;
        return null;
    }

    /// <summary>What a person is told: "含有不可见的控制字符（U+0000）…".</summary>
    public static string Problem(char c) => $"含有不可见的控制字符（U+{(int)c:X4}），请删除后重新提交（换行和制表符可以保留）";
}
