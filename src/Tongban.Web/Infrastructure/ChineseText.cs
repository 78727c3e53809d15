using System.Globalization;
using System.Text;

namespace Tongban.Web.Infrastructure;

/// <summary>Pinyin initials, pinyin ordering and bigram tokens for Chinese search.</summary>
public static class ChineseText
{
    // ICU's zh-CN collation orders Han characters by pinyin; each of these is the first character of its initial.
    private const string InitialBoundaries = "阿八嚓咑妸发旮哈丌咔垃呣拏噢妑七呥仨他屲夕丫帀";
    private const string InitialLetters = "abcdefghjklmnopqrstwxyz";

    public static readonly CompareInfo PinyinCompare = CultureInfo.GetCultureInfo("zh-CN").CompareInfo;

    /// <summary>Orders strings the way Chinese readers expect (by pinyin).</summary>
    public static readonly StringComparer PinyinComparer = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), false);

    /// <summary>Pinyin order with the numbers in a name compared by value, so 2号楼 comes before 10号楼.</summary>
    public static readonly StringComparer NaturalComparer = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), CompareOptions.NumericOrdering);

    public static bool IsHan(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';

    // Collation compares are slow next to a lookup, and names reuse a few thousand characters.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<char, char?> InitialCache = new();

    public static char? PinyinInitial(char c)
    {
        if (!IsHan(c)) return char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : null;
        return InitialCache.GetOrAdd(c, FindInitial);
    }

    private static char? FindInitial(char c)
    {
        var s = c.ToString();
        for (var i = InitialBoundaries.Length - 1; i >= 0; i--)
        {
            if (PinyinCompare.Compare(s, InitialBoundaries[i].ToString(), CompareOptions.None) >= 0) return InitialLetters[i];
        }
        return null;
    }

    /// <summary>"张晓明" → "zxm".</summary>
    public static string PinyinInitials(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (PinyinInitial(c) is { } letter) sb.Append(letter);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Search tokens for a text: each Han character, each pair of neighbouring Han characters (so two-character
    /// words such as 噪音 or 漏水 are found), and each run of letters or digits in lower case.
    /// </summary>
    public static IEnumerable<string> Tokens(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var run = new StringBuilder();
        char? previousHan = null;
        foreach (var raw in text.Normalize(NormalizationForm.FormKC))
        {
            var c = char.ToLowerInvariant(raw);
            if (IsHan(c))
            {
                if (run.Length > 0) { yield return run.ToString(); run.Clear(); }
                yield return c.ToString();
                if (previousHan is { } p) yield return string.Concat(p, c);
                previousHan = c;
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                previousHan = null;
                run.Append(c);
            }
            else
            {
                previousHan = null;
                if (run.Length > 0) { yield return run.ToString(); run.Clear(); }
            }
        }
        if (run.Length > 0) yield return run.ToString();
    }

    /// <summary>
    /// The tokens a query must all match: bigrams for Han runs of two or more (a single Han character stays itself),
    /// ASCII runs as prefixes.
    /// </summary>
    public static IReadOnlyList<(string Token, bool Prefix)> QueryTokens(string? query)
    {
        var result = new List<(string, bool)>();
        if (string.IsNullOrWhiteSpace(query)) return result;
        var han = new StringBuilder();
        var ascii = new StringBuilder();
        void FlushHan()
        {
            if (han.Length == 1) result.Add((han.ToString(), false));
            for (var i = 0; i + 1 < han.Length; i++) result.Add((han.ToString(i, 2), false));
            han.Clear();
        }
        void FlushAscii()
        {
            if (ascii.Length > 0) result.Add((ascii.ToString(), true));
            ascii.Clear();
        }
        foreach (var raw in query.Normalize(NormalizationForm.FormKC))
        {
            var c = char.ToLowerInvariant(raw);
            if (IsHan(c)) { FlushAscii(); han.Append(c); }
            else if (char.IsAsciiLetterOrDigit(c)) { FlushHan(); ascii.Append(c); }
            else { FlushHan(); FlushAscii(); }
        }
        FlushHan();
        FlushAscii();
        return result.Distinct().ToList();
    }
}
