using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>What a resident list is filtered by. Tag is a tag code; AreaId may be a street, community or grid.</summary>
public sealed record ResidentFilter(string? Q = null, string? Tag = null, int? AreaId = null, int? BuildingId = null)
{
    public string Describe() => string.Join("；", new[]
    {
        string.IsNullOrWhiteSpace(Q) ? null : $"关键词={Q.Trim()}",
        string.IsNullOrWhiteSpace(Tag) ? null : $"标签={Tag.Trim()}",
        AreaId is { } a ? $"区域={a}" : null,
        BuildingId is { } b ? $"楼栋={b}" : null,
    }.Where(s => s is not null));
}

/// <summary>One row of a resident list: masked values only.</summary>
public sealed record ResidentListItem(int Id, string Name, string Gender, int? BirthYear, string? IdNumberMasked, string? PhoneMasked,
    string RelationshipToHead, int? HouseholdId, string Address, IReadOnlyList<TagView> Tags);

public sealed record ResidentPage(IReadOnlyList<ResidentListItem> Items, int Page, int PageSize, bool HasNext);

/// <summary>
/// Resident search: an exact ID number or mobile goes through its keyed hash; "尾号1234" or four digits through the
/// ID/phone tail tokens; anything else through the text index (name characters and bigrams, pinyin-initial prefixes,
/// address words). The scope filter and the optional tag/area/building filters apply on top.
/// </summary>
public static partial class ResidentSearch
{
    public const int MaxPageSize = 100;
    private const int MaxClauses = 8;

    /// <summary>One required term: any of the alternatives matches. An alternative is a token, optionally a prefix.</summary>
    internal sealed record Clause(IReadOnlyList<(string Token, bool Prefix)> Alternatives);

    internal abstract record ParsedQuery;
    internal sealed record NoText : ParsedQuery;
    internal sealed record ExactIdNumber(string IdNumber) : ParsedQuery;
    internal sealed record ExactPhone(string Phone) : ParsedQuery;
    internal sealed record TextQuery(IReadOnlyList<Clause> Clauses) : ParsedQuery;

    [GeneratedRegex(@"^尾号([0-9]{3}[0-9Xx])$")]
    private static partial Regex TailWord();

    [GeneratedRegex(@"^(?:[0-9]{6})?\*{3,}([0-9]{3}[0-9X])$")]
    private static partial Regex MaskedId();

    [GeneratedRegex(@"^1[0-9]{2}\*{4}([0-9]{4})$")]
    private static partial Regex MaskedPhone();

    [GeneratedRegex(@"^[0-9]{3}[0-9x]$")]
    private static partial Regex FourCharTail();

    internal static ParsedQuery Parse(string? q)
    {
        if (string.IsNullOrWhiteSpace(q)) return new NoText();
        var compact = ChinaIdentity.Normalize(q);
        if (compact.Length == 18 && ChinaIdentity.IsValidIdNumber(compact)) return new ExactIdNumber(compact);
        if (compact.Length == 11 && ChinaIdentity.MobileProblem(compact) is null) return new ExactPhone(compact);
        if (TailWord().Match(compact) is { Success: true } tail) return new TextQuery([TailClause(tail.Groups[1].Value.ToLowerInvariant(), includeRoom: false)]);
        if (MaskedId().Match(compact) is { Success: true } id) return new TextQuery([new Clause([("i" + id.Groups[1].Value.ToLowerInvariant(), false)])]);
        if (MaskedPhone().Match(compact) is { Success: true } phone) return new TextQuery([new Clause([("p" + phone.Groups[1].Value, false)])]);

        var clauses = new List<Clause>();
        // "3号楼", "1单元": one selective whole-word token (a prefix, so "3号" finds 3号楼); the rest is tokenised as usual.
        var rest = q.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        foreach (var word in ResidentWriter.NumberedWords(rest).Distinct().ToList())
        {
            clauses.Add(new Clause([(word, true)]));
            rest = rest.Replace(word, " ", StringComparison.Ordinal);
        }
        foreach (var (token, prefix) in ChineseText.QueryTokens(rest))
        {
            if (clauses.Count == MaxClauses) break;
            clauses.Add(prefix && FourCharTail().IsMatch(token) ? TailClause(token, includeRoom: true) : new Clause([(token, prefix)]));
        }
        return new TextQuery(clauses);
    }

    /// <summary>Four digits are an ID or phone tail, and when typed bare may also be the start of a room number.</summary>
    private static Clause TailClause(string tail, bool includeRoom)
    {
        var alternatives = new List<(string, bool)> { ("i" + tail, false) };
        if (tail.All(char.IsAsciiDigit)) alternatives.Add(("p" + tail, false));
        if (includeRoom) alternatives.Add((tail, true));
        return new Clause(alternatives);
    }

    /// <summary>
    /// Whether the index alone bounds the work: some clause whose every alternative is a rare token (a bigram, an ID or
    /// phone tail, a numbered address word, a prefix of three letters or with a Han character). A lone common character
    /// or a one- or two-letter prefix is dense, and walking the rows in Id order finds a page fastest.
    /// </summary>
    internal static bool IsSelective(IReadOnlyList<Clause> clauses) =>
        clauses.Any(c => c.Alternatives.All(a => a.Prefix
            ? a.Token.Length >= 3 || (a.Token.Length >= 2 && a.Token.Any(ChineseText.IsHan))
            : a.Token.Length >= 2));

    /// <summary>SQLite FTS5 query: each token quoted, prefixes as "zx"*, alternatives with OR, clauses with AND.</summary>
    internal static string ToFts5(IReadOnlyList<Clause> clauses) => Render(clauses, " AND ", " OR ",
        (t, prefix) => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (prefix ? "*" : ""));

    /// <summary>PostgreSQL tsquery: each token quoted, prefixes as 'zx':*, alternatives with |, clauses with &amp;.</summary>
    internal static string ToTsQuery(IReadOnlyList<Clause> clauses) => Render(clauses, " & ", " | ",
        (t, prefix) => "'" + t.Replace("\\", "", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'" + (prefix ? ":*" : ""));

    private static string Render(IReadOnlyList<Clause> clauses, string and, string or, Func<string, bool, string> token)
    {
        var sb = new StringBuilder();
        foreach (var clause in clauses)
        {
            if (sb.Length > 0) sb.Append(and);
            if (clause.Alternatives.Count == 1) sb.Append(token(clause.Alternatives[0].Token, clause.Alternatives[0].Prefix));
            else sb.Append('(').AppendJoin(or, clause.Alternatives.Select(a => token(a.Token, a.Prefix))).Append(')');
        }
        return sb.ToString();
    }

    /// <summary>
    /// The filtered residents in Id order (the caller's scope applies through the query filter). Unknown or
    /// not-permitted filters fail with a Chinese message; an area or building outside the scope is a logged 403.
    /// </summary>
    public static async Task<IQueryable<Resident>> QueryAsync(AppDbContext db, SensitiveDataProtector protector, AuditLog audit,
        ResidentFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(filter);
        IQueryable<Resident> query;
        switch (Parse(filter.Q))
        {
            case ExactIdNumber id:
                var idHash = protector.LookupHash(id.IdNumber);
                query = db.Residents.Where(r => r.IdNumberHash == idHash);
                break;
            case ExactPhone phone:
                var phoneHash = protector.LookupHash(phone.Phone);
                query = db.Residents.Where(r => r.PhoneHash == phoneHash);
                break;
            case TextQuery { Clauses.Count: 0 }:
                query = db.Residents.Where(r => false);
                break;
            case TextQuery text:
                // Plan: the text index yields the matching ids (FTS5 rowids / a GIN bitmap), the primary key then fetches those
                // rows in Id order, and the scope and other filters only check the candidates, so no query scans the table.
                // The PostgreSQL expression is exactly the one of the GIN index in Data/ProviderSql.cs; the match text is a parameter.
                // PostgreSQL may instead walk the primary key in Id order and run to_tsvector on every row until a page is full:
                // right for dense terms (a common surname), ruinous for rare ones; PageAsync rules that walk out for selective
                // queries (see IsSelective).
                if (db.IsPostgres)
                {
                    var tsQuery = ToTsQuery(text.Clauses);
                    query = db.Residents.FromSql($"""SELECT * FROM "Residents" WHERE to_tsvector('simple', "SearchText") @@ to_tsquery('simple', {tsQuery})""");
                }
                else
                {
                    var ftsQuery = ToFts5(text.Clauses);
                    query = db.Residents.FromSql($"""SELECT * FROM "Residents" WHERE "Id" IN (SELECT rowid FROM "ResidentSearch" WHERE "ResidentSearch" MATCH {ftsQuery})""");
                }
                break;
            default:
                query = db.Residents;
                break;
        }

        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            var code = filter.Tag.Trim();
            var tag = await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Code == code, ct)
                ?? throw new ValidationFailedException("tag", $"没有名为“{code}”的标签，请从标签列表中选择。");
            if (tag.IsSensitive && !db.CurrentUser.HasPermission(Permissions.SensitiveView))
                throw new ValidationFailedException("tag", $"“{tag.Name}”属于敏感信息，按此标签筛选需要“查看敏感信息”权限。");
            var tagId = tag.Id;
            query = query.Where(r => db.ResidentTags.Any(t => t.ResidentId == r.Id && t.TagId == tagId));
        }
        if (filter.AreaId is { } areaId)
        {
            var area = await PeopleLookup.AreaAsync(db, audit, areaId, ct);
            var low = area.AreaPath;
            var high = AreaPaths.UpperBound(low);
            query = query.Where(r => string.Compare(r.AreaPath, low) >= 0 && string.Compare(r.AreaPath, high) < 0);
        }
        if (filter.BuildingId is { } buildingId)
        {
            await PeopleLookup.BuildingAsync(db, audit, buildingId, ct);
            var dwellings = db.Dwellings.Where(d => d.BuildingId == buildingId).Select(d => (int?)d.Id);
            query = query.Where(r => dwellings.Contains(r.DwellingId));
        }
        return query.OrderBy(r => r.Id);
    }

    /// <summary>One page (at most <see cref="MaxPageSize"/>) of masked rows, with addresses and visible tags.</summary>
    public static async Task<ResidentPage> PageAsync(AppDbContext db, SensitiveDataProtector protector, AuditLog audit,
        ResidentFilter filter, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var query = (await QueryAsync(db, protector, audit, filter, ct)).AsNoTracking().Skip((page - 1) * pageSize).Take(pageSize + 1)
            .Select(r => new Row(r.Id, r.Name, r.Gender, r.BirthYear, r.IdNumberMasked, r.PhoneMasked, r.RelationshipToHead, r.HouseholdId, r.DwellingId));
        List<Row> rows;
        if (db.IsPostgres && db.Database.CurrentTransaction is null && Parse(filter.Q) is TextQuery text && IsSelective(text.Clauses))
        {
            // The planner underestimates to_tsvector per row and would walk the primary key looking for a rare term
            // (seconds at 1M rows); with plain index scans off it must use the GIN bitmap, which costs only the matches.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off", ct);
            rows = await query.ToListAsync(ct);
            await transaction.CommitAsync(ct);
        }
        else
        {
            rows = await query.ToListAsync(ct);
        }
        var hasNext = rows.Count > pageSize;
        if (hasNext) rows.RemoveAt(rows.Count - 1);
        return new ResidentPage(await DescribeAsync(db, rows, ct), page, pageSize, hasNext);
    }

    internal sealed record Row(int Id, string Name, string Gender, int? BirthYear, string? IdNumberMasked, string? PhoneMasked,
        string RelationshipToHead, int? HouseholdId, int? DwellingId);

    internal static async Task<List<ResidentListItem>> DescribeAsync(AppDbContext db, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var addresses = await PeopleLookup.AddressesAsync(db, rows.Where(r => r.DwellingId is not null).Select(r => r.DwellingId!.Value).Distinct().ToList(), ct);
        var tags = await PeopleLookup.TagsAsync(db, rows.Select(r => r.Id).ToList(), db.CurrentUser.HasPermission(Permissions.SensitiveView), ct);
        return rows.Select(r => new ResidentListItem(r.Id, r.Name, r.Gender, r.BirthYear, r.IdNumberMasked, r.PhoneMasked, r.RelationshipToHead,
            r.HouseholdId, r.DwellingId is { } d && addresses.TryGetValue(d, out var a) ? a : "",
            tags.TryGetValue(r.Id, out var t) ? t : [])).ToList();
    }
}
