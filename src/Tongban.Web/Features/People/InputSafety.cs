using System.Text.RegularExpressions;

namespace Tongban.Web.Features.People;

/// <summary>
/// Refuses text that a spreadsheet would run as a formula or that carries HTML: such values are never evaluated
/// and never stored, whether typed in a form or read from an imported file.
/// </summary>
public static partial class InputSafety
{
    [GeneratedRegex(@"<\s*[/!?]?[A-Za-z][^>]*>")]
    private static partial Regex HtmlTag();

    /// <summary>Null when the text is acceptable, otherwise the reason in Chinese.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var trimmed = text.TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '=' or '+' or '-' or '@')
            return "内容不能以 =、+、-、@ 开头（可能是公式），已拒绝";
        if (HtmlTag().IsMatch(text)) return "内容不能包含HTML标签，已拒绝";
        return null;
    }
}
