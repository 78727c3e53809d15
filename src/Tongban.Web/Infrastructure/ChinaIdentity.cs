namespace Tongban.Web.Infrastructure;

/// <summary>Checks for mainland resident ID numbers (GB 11643) and mobile numbers, and masking for display.</summary>
public static class ChinaIdentity
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static string Normalize(string? value) => (value ?? "").Trim().Replace(" ", "").ToUpperInvariant();

    /// <summary>Null when valid, otherwise the reason in Chinese.</summary>
    public static string? IdNumberProblem(string? raw)
    {
        var id = Normalize(raw);
        if (id.Length == 0) return "身份证号不能为空";
        if (id.Length != 18) return $"身份证号应为18位，当前为{id.Length}位";
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i])) return "身份证号前17位必须是数字";
        }
        if (!char.IsAsciiDigit(id[17]) && id[17] != 'X') return "身份证号最后一位应为数字或X";
        if (!DateOnly.TryParseExact(id.Substring(6, 8), "yyyyMMdd", out var birth) || birth.Year < 1890)
            return "身份证号中的出生日期无效";
        if (id[17] != CheckCharacter(id)) return "身份证号校验位不正确，请核对后重新输入";
        return null;
    }

    public static bool IsValidIdNumber(string? raw) => IdNumberProblem(raw) is null;

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    public static DateOnly? BirthDate(string id) =>
        DateOnly.TryParseExact(Normalize(id).AsSpan(6, 8), "yyyyMMdd", out var d) ? d : null;

    /// <summary>"男" when the 17th digit is odd.</summary>
    public static string Gender(string id) => (Normalize(id)[16] - '0') % 2 == 1 ? "男" : "女";

    public static string? MobileProblem(string? raw)
    {
        var phone = Normalize(raw);
        if (phone.Length == 0) return "手机号不能为空";
        if (phone.Length != 11 || phone[0] != '1' || !phone.All(char.IsAsciiDigit)) return "手机号应为以1开头的11位数字";
        if (phone[1] is < '3' or > '9') return "手机号第二位应为3到9";
        return null;
    }

    /// <summary>110101********1234</summary>
    public static string MaskIdNumber(string id) => id.Length < 10 ? new string('*', id.Length) : string.Concat(id.AsSpan(0, 6), new string('*', id.Length - 10), id.AsSpan(id.Length - 4));

    /// <summary>138****5678</summary>
    public static string MaskMobile(string phone) => phone.Length < 7 ? new string('*', phone.Length) : string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4));
}
