using System.Text;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>
/// The one place that sets a resident's derived fields: ciphers, lookup hashes, masked forms, gender and birth year
/// from the ID number, pinyin initials and the search tokens. Every write path (forms, API, import, demo seeder) uses it.
/// </summary>
public static class ResidentWriter
{
    public const int MaxSearchTextLength = 1000;

    /// <summary>
    /// Sets every derived field from the plain values. <paramref name="r"/>.Name must be set; the ID number must be
    /// valid (check it with <see cref="ChinaIdentity.IdNumberProblem"/> first). <paramref name="addressText"/> is the
    /// readable address (compound, building, unit, room) whose words become search tokens; see <see cref="AddressText"/>.
    /// AreaPath, household and dwelling are set by the caller (see <see cref="PlaceIn"/>).
    /// </summary>
    public static void Apply(Resident r, string idNumber, string? phone, string? health, SensitiveDataProtector p, string addressText)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(p);
        var id = ChinaIdentity.Normalize(idNumber);
        var mobile = string.IsNullOrWhiteSpace(phone) ? null : ChinaIdentity.Normalize(phone);
        var healthText = string.IsNullOrWhiteSpace(health) ? null : health.Trim();
        r.Name = r.Name.Trim();

        r.IdNumberCipher = p.Encrypt(id);
        r.IdNumberHash = p.LookupHash(id);
        r.IdNumberMasked = ChinaIdentity.MaskIdNumber(id);
        r.PhoneCipher = p.Encrypt(mobile);
        r.PhoneHash = p.LookupHash(mobile);
        r.PhoneMasked = mobile is null ? null : ChinaIdentity.MaskMobile(mobile);
        r.HealthCipher = p.Encrypt(healthText);

        if (id.Length == 18)
        {
            r.Gender = (id[16] - '0') % 2 == 1 ? "男" : "女";
            r.BirthYear = int.TryParse(id.AsSpan(6, 4), out var year) ? year : null;
        }
        r.NameInitials = Initials(r.Name);
        r.SearchText = BuildSearchText(r.Name, r.NameInitials, id, mobile, addressText);
    }

    /// <summary>Puts the resident at a dwelling: the resident is seen by whoever sees the dwelling's building.</summary>
    public static void PlaceIn(Resident r, int dwellingId, string buildingAreaPath, int? householdId)
    {
        r.DwellingId = dwellingId;
        r.AreaPath = buildingAreaPath;
        r.HouseholdId = householdId;
    }

    /// <summary>Moves a resident to another dwelling: new scope and address tokens, without decrypting anything.</summary>
    public static void Relocate(Resident r, int? dwellingId, string buildingAreaPath, string addressText)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (dwellingId is not null) r.DwellingId = dwellingId;
        r.AreaPath = buildingAreaPath;
        // The masked forms keep the last four characters, which is all the search text holds of them.
        r.SearchText = BuildSearchText(r.Name, r.NameInitials, r.IdNumberMasked, r.PhoneMasked, addressText);
    }

    /// <summary>"晨光小区 3号楼 2单元 301": the text shown as the address and tokenised for search.</summary>
    public static string AddressText(string? compound, string? building, string? unit, string? room) =>
        string.Join(' ', new[] { compound, building, unit, room }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));

    /// <summary>Pinyin initials of a name ("张晓明" → "zxm"), at most 50 letters.</summary>
    public static string Initials(string name)
    {
        var initials = ChineseText.PinyinInitials(name); // cached per character there
        return initials.Length > 50 ? initials[..50] : initials;
    }

    /// <summary>
    /// Distinct tokens: name characters and bigrams, the initials, "i"+ID tail, "p"+phone tail, address words.
    /// The full phone and ID are never stored in clear; they are found by their lookup hashes.
    /// </summary>
    public static string BuildSearchText(string name, string initials, string? idNumber, string? phone, string? addressText)
    {
        var tokens = new List<string>(32);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string token)
        {
            if (token.Length > 0 && seen.Add(token)) tokens.Add(token);
        }
        foreach (var t in ChineseText.Tokens(name)) Add(t);
        Add(initials);
        if (idNumber is { Length: >= 4 }) Add(string.Concat("i", idNumber.AsSpan(idNumber.Length - 4)).ToLowerInvariant());
        if (phone is { Length: >= 4 }) Add(string.Concat("p", phone.AsSpan(phone.Length - 4)));
        foreach (var t in ChineseText.Tokens(addressText)) Add(t);
        foreach (var t in NumberedWords(addressText)) Add(t);

        var sb = new StringBuilder(128);
        foreach (var t in tokens)
        {
            if (sb.Length + t.Length + 1 > MaxSearchTextLength) break;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(t);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Numbers with the Chinese word that follows them ("3号楼", "1单元", "15栋", "301室"), kept whole: address search then
    /// matches one selective token instead of a bigram such as 号楼 that nearly every resident carries. Both engines'
    /// tokenisers (FTS5 unicode61, PostgreSQL's default parser) keep such a run as one token.
    /// </summary>
    public static IEnumerable<string> NumberedWords(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var s = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var i = 0;
        while (i < s.Length)
        {
            if (!char.IsAsciiLetterOrDigit(s[i]) || (i > 0 && char.IsAsciiLetterOrDigit(s[i - 1])))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < s.Length && char.IsAsciiLetterOrDigit(s[i])) i++;
            var digits = i;
            while (i < s.Length && i - digits < 2 && ChineseText.IsHan(s[i])) i++;
            if (i > digits && s.AsSpan(start, digits - start).ContainsAnyInRange('0', '9')) yield return s[start..i];
        }
    }

    /// <summary>"张**": the surname and a star per remaining character, for messages that must not reveal a person.</summary>
    public static string MaskName(string name) =>
        name.Length <= 1 ? name : string.Concat(name.AsSpan(0, 1), new string('*', name.Length - 1));
}
