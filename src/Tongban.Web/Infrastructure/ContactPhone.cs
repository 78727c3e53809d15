using System.Text;
using System.Text.RegularExpressions;

namespace Tongban.Web.Infrastructure;

public enum ContactPhoneKind
{
    /// <summary>A mainland mobile (1[3-9]xxxxxxxxx): the only kind that gets text messages.</summary>
    Mobile,

    /// <summary>A mainland landline with its area code (010-62345678), or a 400/800 service number.</summary>
    Landline,

    /// <summary>A number outside the mainland, kept in international form (+852 91234567).</summary>
    Overseas,
}

/// <summary>
/// A contact number a reporter left, as staff can call it back: mobiles, landlines and numbers outside the mainland.
/// Only mobiles take text messages; the others are called. One normaliser for every channel that takes an appeal
/// (staff form, JSON APIs, Open311), so the same number is stored, hashed and masked alike wherever it came in.
/// </summary>
public sealed partial record ContactPhone(string Main, ContactPhoneKind Kind, string? Extension = null)
{
    /// <summary>As stored and dialled: 010-62345678, or with an extension 010-62345678转8001.</summary>
    public string Number => Extension is null ? Main : $"{Main}转{Extension}";

    /// <summary>Whether a text message can reach it: mainland mobiles only.</summary>
    public bool TakesSms => Kind == ContactPhoneKind.Mobile;

    /// <summary>What staff see: 138****5678, 010-****5678, 0755-****4567转802, +852 ****4567.</summary>
    public string Masked => Kind switch
    {
        ContactPhoneKind.Mobile => ChinaIdentity.MaskMobile(Main),
        _ => Main[..(Main.IndexOfAny(['-', ' ']) + 1)] + "****" + Main[^4..] + (Extension is null ? "" : $"转{Extension}"),
    };

    /// <summary>An extension after a landline, as written: 转802, 分机802, ext. 802, x802, #802.</summary>
    [GeneratedRegex(@"\s*(转|分机|ext\.?|x|#)\s*([0-9]{1,6})\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionMarker();

    /// <summary>
    /// An extension after a hyphen only (010-62345678-8001), as switchboards print it. A hyphen also groups digits
    /// (010-6234-5678), so this reading is taken only when the whole is no number and what comes before is a landline.
    /// </summary>
    [GeneratedRegex(@"\s*[-\u2010-\u2015]\s*([0-9]{1,6})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex HyphenExtension();

    public const string Problem =
        "电话号码应为11位手机号，或带区号的固定电话（如 010-62345678、0755-81234567）；境外号码请以+和国家或地区代码开头（如 +852 91234567）";

    /// <summary>
    /// Reads a number as people and systems write it: spaces, hyphens, dots and brackets, full-width digits, +86 / 0086 /
    /// 86 before a mobile, +86 before a landline without its leading 0 (+86 10 6234 5678 is 010-62345678). Null with
    /// the reason in Chinese when it is none of the kinds above (letters, too short, too long). A landline or a number
    /// abroad may end with an extension (010-62345678转8001): switchboards of hotlines and offices have them. A mainland
    /// landline's extension may also follow a plain hyphen (010-62345678-8001).
    /// </summary>
    public static ContactPhone? Parse(string? raw, out string? problem)
    {
        var text = (raw ?? "").Normalize(NormalizationForm.FormKC).Trim();
        var extension = ExtensionMarker().Match(text);
        if (!extension.Success) return ParseNumber(text, out problem) ?? AfterHyphen(text, problem, out problem);
        var phone = ParseNumber(text[..extension.Index], out problem);
        if (phone is null) return null;
        if (phone.TakesSms)
        {
            problem = "手机号没有分机号，请只填11位手机号";
            return null;
        }
        return phone with { Extension = extension.Groups[2].Value };
    }

    /// <summary>A landline with its extension after the last hyphen; otherwise null with the whole number's problem.</summary>
    private static ContactPhone? AfterHyphen(string text, string? wholeProblem, out string? problem)
    {
        problem = wholeProblem;
        var extension = HyphenExtension().Match(text);
        if (!extension.Success || ParseNumber(text[..extension.Index], out _) is not { Kind: ContactPhoneKind.Landline } landline) return null;
        problem = null;
        return landline with { Extension = extension.Groups[1].Value };
    }

    private static ContactPhone? ParseNumber(string text, out string? problem)
    {
        problem = null;
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) || c == '+' && sb.Length == 0) sb.Append(c);
            else if (c is ' ' or '\u00A0' or '-' or '.' or '(' or ')' or (>= '\u2010' and <= '\u2015')) continue;
            else
            {
                problem = "电话号码只能包含数字，以及空格、短横线、括号和开头的+号";
                return null;
            }
        }
        var digits = sb.ToString();
        var international = digits.StartsWith('+') ? digits[1..] : digits.StartsWith("00", StringComparison.Ordinal) ? digits[2..] : null;
        if (international is not null && !international.StartsWith("86", StringComparison.Ordinal))
            return Overseas(international, out problem);
        var national = international is not null ? international[2..] : digits;
        if (international is null && national.Length == 13 && national.StartsWith("861", StringComparison.Ordinal)) national = national[2..];

        // A mobile with a digit too many or too few is told so (no landline or service number starts with 1).
        if (national.Length > 0 && national[0] == '1' && (international is null || national.Length == 11))
        {
            problem = ChinaIdentity.MobileProblem(national);
            return problem is null ? new ContactPhone(national, ContactPhoneKind.Mobile) : null;
        }
        // After +86 a landline drops its trunk 0 (+86 755 8123 4567); some write it anyway (+86 (0)755…).
        if (international is not null && national.Length > 0 && national[0] != '0') national = "0" + national;
        if (national.Length == 10 && (national.StartsWith("400", StringComparison.Ordinal) || national.StartsWith("800", StringComparison.Ordinal)))
            return new ContactPhone($"{national[..3]}-{national[3..6]}-{national[6..]}", ContactPhoneKind.Landline);
        if (national.StartsWith('0'))
        {
            // 010 and 020–029 have three digits with the 0; every other area code has four.
            var area = national.Length > 1 && national[1] is '1' or '2' ? 3 : 4;
            var local = national.Length > area ? national[area..] : "";
            if (local.Length is 7 or 8 && local[0] is not ('0' or '1'))
                return new ContactPhone($"{national[..area]}-{local}", ContactPhoneKind.Landline);
        }
        else if (national.Length is 7 or 8)
        {
            problem = "固定电话请加区号，如 010-62345678";
            return null;
        }
        problem = Problem;
        return null;
    }

    /// <summary>Country codes of one digit (1, 7) and two digits (ITU-T E.164 assignments); all others have three.</summary>
    private static readonly HashSet<string> TwoDigitCountryCodes =
    [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
        "90", "91", "92", "93", "94", "95", "98",
    ];

    private static ContactPhone? Overseas(string digits, out string? problem)
    {
        // E.164: at most 15 digits with the country code; the shortest numbers in use have 7.
        if (digits.Length is < 7 or > 15 || digits[0] == '0')
        {
            problem = Problem;
            return null;
        }
        var country = digits[0] is '1' or '7' ? 1 : TwoDigitCountryCodes.Contains(digits[..2]) ? 2 : 3;
        problem = null;
        return new ContactPhone($"+{digits[..country]} {digits[country..]}", ContactPhoneKind.Overseas);
    }
}
