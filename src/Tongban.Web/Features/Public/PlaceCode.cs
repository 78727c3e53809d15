namespace Tongban.Web.Features.Public;

public enum PlaceCodeKind
{
    Building = 1, // 楼栋
    Compound = 2, // 小区
}

/// <summary>
/// The short code printed on a QR poster (/r/{code}), derived from the place's id so it never changes and needs no
/// table: a kind letter, the id in base 31 and a check character that catches a mistyped or misread code.
/// The alphabet has no 0/O or 1/I/L, so a code read aloud or typed from the poster comes out right.
/// </summary>
public static class PlaceCode
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string ForBuilding(int id) => Make('B', id);

    public static string ForCompound(int id) => Make('C', id);

    public static bool TryParse(string? code, out PlaceCodeKind kind, out int id)
    {
        kind = default;
        id = 0;
        var text = (code ?? "").Trim().ToUpperInvariant();
        if (text.Length is < 3 or > 9) return false;
        kind = text[0] switch { 'B' => PlaceCodeKind.Building, 'C' => PlaceCodeKind.Compound, _ => 0 };
        if (kind == 0) return false;
        long value = 0;
        foreach (var c in text[1..^1])
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0) return false;
            value = value * Alphabet.Length + digit;
            if (value > int.MaxValue) return false;
        }
        if (value <= 0 || Check(text[..^1]) != text[^1]) return false;
        id = (int)value;
        return true;
    }

    private static string Make(char prefix, int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        var digits = new Stack<char>();
        for (var v = id; v > 0; v /= Alphabet.Length) digits.Push(Alphabet[v % Alphabet.Length]);
        var body = prefix + new string([.. digits]);
        return body + Check(body);
    }

    // Position-weighted sum modulo 31 (a prime): any single wrong character or swap of two neighbours changes it.
    private static char Check(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var value = body[i] switch { 'B' when i == 0 => 1, 'C' when i == 0 => 2, var c => Alphabet.IndexOf(c, StringComparison.Ordinal) };
            sum += (i + 1) * (value + 1);
        }
        return Alphabet[sum % Alphabet.Length];
    }
}
