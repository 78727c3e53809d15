using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

public sealed class PeopleOptions
{
    /// <summary>Largest accepted import file (bytes).</summary>
    public long ImportMaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Most data rows in one import.</summary>
    public int ImportMaxRows { get; set; } = 200_000;
}

/// <summary>The upload is over the configured size (HTTP 413).</summary>
public sealed class ImportTooLargeException(string message) : Exception(message);

/// <summary>The column names of the import template (表头), in template order.</summary>
public static class ImportColumns
{
    public const string Name = "姓名";
    public const string IdNumber = "身份证号";
    public const string Phone = "手机号";
    public const string Compound = "小区";
    public const string Building = "楼栋";
    public const string Unit = "单元";
    public const string Room = "房号";
    public const string Relationship = "与户主关系";
    public const string Tags = "标签";
    public const string Health = "健康或残疾情况";

    public static readonly string[] All = [Name, IdNumber, Phone, Compound, Building, Unit, Room, Relationship, Tags, Health];
    public static readonly string[] Required = [Name, IdNumber, Compound, Building, Unit, Room];
    public static readonly char[] TagSeparators = [',', '，', '、', ';', '；'];
}

public sealed record ImportProblem(int Row, string Column, string Reason);

public sealed record ImportReport(string FileName, string Sha256, int TotalRows, int Imported, int Created, int Updated, int Failed,
    IReadOnlyList<ImportProblem> Problems, int ProblemsNotListed);

/// <summary>
/// Imports residents from an .xlsx (批量导入居民). Bad rows are named with the reason and skipped; good rows are written in
/// one transaction; a resident already registered (same ID number) is updated, never duplicated. Blank cells in the
/// optional columns (phone, relationship, tags, health) keep what is already registered.
/// </summary>
public static class ImportResidents
{
    public const int MaxListedProblems = 2000;
    private const int Chunk = 2000;

    private sealed class Candidate(int row)
    {
        public int Row { get; } = row;
        public List<ImportProblem> Problems { get; } = [];
        public bool Ok => Problems.Count == 0;
        public string Name = "";
        public string IdNumber = "";
        public string IdHash = "";
        public string? Phone;
        public string CompoundName = "";
        public string BuildingName = "";
        public string Unit = "";
        public string Room = "";
        public string? Relationship;
        public string? Health;
        public List<Tag>? Tags;
        public BuildingRef? Building;
        public ExistingResident? Existing;
        public int DwellingKey;
        public int HouseholdKey;
        public int ResidentId;

        public void Fail(string column, string reason) => Problems.Add(new ImportProblem(Row, column, reason));
    }

    private sealed record BuildingRef(int Id, string Name, string CompoundName, string AreaPath);
    private sealed record ExistingResident(int Id, string AreaPath, int? HouseholdId, int? DwellingId, string RelationshipToHead);

    /// <summary>A dwelling of the import: existing (Id set) or to be created.</summary>
    private sealed class DwellingSlot
    {
        public required BuildingRef Building { get; init; }
        public required string Unit { get; init; }
        public required string Room { get; init; }
        public required int Index { get; init; }
        public int Id;
        public int UnitId;
        public int PrimaryHouseholdId;
    }

    /// <summary>A household of the import: existing (Id set) or to be created for a dwelling.</summary>
    private sealed class HouseholdSlot
    {
        public required int Index { get; init; }
        public int Id;
        public int? HeadBefore;
        public required DwellingSlot Dwelling { get; init; }
        public Candidate? HeadRow;
    }

    public static async Task<ImportReport> HandleAsync(AppDbContext db, SensitiveDataProtector protector, AuditLog audit, TimeProvider clock,
        Stream content, string fileName, PeopleOptions options, string? remoteAddress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        if (content.Length > options.ImportMaxBytes) throw new ImportTooLargeException(TooLargeMessage(options));
        content.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));
        content.Position = 0;

        var (header, rows) = ReadSheet(content, options);
        var tagsByName = await TagLookupAsync(db, ct);
        var sensitiveAllowed = db.CurrentUser.HasPermission(Permissions.SensitiveView);
        var candidates = rows.Select(r => Parse(r, header, tagsByName, sensitiveAllowed, protector)).ToList();

        MarkDuplicatesInFile(candidates);
        var outside = new List<int>();
        await ResolveBuildingsAsync(db, candidates, outside, ct);
        await FindExistingAsync(db, candidates, outside, ct);
        var (dwellings, households) = await PlanPlacesAsync(db, candidates, ct);
        await CheckHeadsAsync(db, candidates, households, ct);

        if (outside.Count > 0)
        {
            // Logged before the transaction, in its own commit, so the record survives whatever happens next.
            await audit.RecordAsync("outside-scope", nameof(Resident), "import",
                $"导入文件（SHA-256 {sha256}）第{string.Join("、", outside.Distinct().Order().Take(50))}行涉及管辖范围以外的楼栋或居民，已拒绝", null, ct);
        }

        var good = candidates.Where(c => c.Ok).ToList();
        var created = good.Count(c => c.Existing is null);
        var updated = good.Count - created;
        if (good.Count > 0)
            await WriteAsync(db, protector, clock, good, dwellings, households, sensitiveAllowed, ct, new AuditEntry
            {
                At = clock.GetUtcNow(),
                UserId = db.CurrentUser.UserId,
                UserName = db.CurrentUser.UserName,
                Action = "import",
                EntityType = nameof(Resident),
                EntityId = "import",
                AreaPath = db.CurrentUser.ScopePath,
                Detail = $"导入居民：文件“{Truncate(fileName, 100)}”，SHA-256 {sha256}，共{candidates.Count}行，新增{created}人，更新{updated}人，失败{candidates.Count - good.Count}行",
                RemoteAddress = remoteAddress,
            });

        var problems = candidates.SelectMany(c => c.Problems).OrderBy(p => p.Row).ToList();
        return new ImportReport(fileName, sha256, candidates.Count, good.Count, created, updated, candidates.Count - good.Count,
            problems.Take(MaxListedProblems).ToList(), Math.Max(0, problems.Count - MaxListedProblems));
    }

    public static string TooLargeMessage(PeopleOptions options) =>
        $"文件超过大小上限（{options.ImportMaxBytes / 1024.0 / 1024.0:0.#} MB），请分成几个文件分别导入。";

    private static (Dictionary<string, int> Header, List<SheetRow> Rows) ReadSheet(Stream content, PeopleOptions options)
    {
        SheetRow? headerRow = null;
        var rows = new List<SheetRow>();
        try
        {
            // Generous for real sheets, yet a small zip cannot inflate into gigabytes of XML.
            var maxCharacters = Math.Max(options.ImportMaxBytes * 40, 50_000_000);
            foreach (var row in XlsxReader.ReadFirstSheet(content, maxCharacters))
            {
                if (headerRow is null) headerRow = row;
                else rows.Add(row);
                if (rows.Count > options.ImportMaxRows)
                    throw new ValidationFailedException("file", $"一次最多导入{options.ImportMaxRows}行，请把文件分成几份分别导入。");
            }
        }
        catch (NotAWorkbookException e)
        {
            throw new ValidationFailedException("file", e.Message);
        }
        if (headerRow is null) throw new ValidationFailedException("file", "文件是空的：第一行应为表头（姓名、身份证号、小区、楼栋、单元、房号等），请使用导入模板。");

        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headerRow.Cells.Length; i++)
        {
            var name = headerRow.Cells[i].Text?.Trim().TrimEnd('*', '＊').Trim();
            if (!string.IsNullOrEmpty(name)) header.TryAdd(name, i);
        }
        var missing = ImportColumns.Required.Where(c => !header.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new ValidationFailedException("file", $"第{headerRow.Number}行表头缺少列：{string.Join("、", missing)}。请使用导入模板，不要改动表头。");
        if (rows.Count == 0) throw new ValidationFailedException("file", "文件中除表头外没有数据行。");
        return (header, rows);
    }

    private static async Task<Dictionary<string, Tag>> TagLookupAsync(AppDbContext db, CancellationToken ct)
    {
        var tags = await db.Tags.AsNoTracking().ToListAsync(ct);
        var lookup = new Dictionary<string, Tag>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tags)
        {
            lookup.TryAdd(t.Name, t);
            lookup.TryAdd(t.Code, t);
        }
        return lookup;
    }

    private static Candidate Parse(SheetRow row, Dictionary<string, int> header, Dictionary<string, Tag> tags, bool sensitiveAllowed, SensitiveDataProtector protector)
    {
        var c = new Candidate(row.Number);
        string? Cell(string column, int maxLength)
        {
            if (!header.TryGetValue(column, out var index)) return null;
            var cell = row[index];
            if (cell.IsFormula)
            {
                c.Fail(column, "单元格是公式，系统不计算公式，请直接填写内容");
                return null;
            }
            var text = cell.Text?.Trim();
            if (string.IsNullOrEmpty(text)) return null;
            if (InputSafety.Problem(text) is { } problem)
            {
                c.Fail(column, problem);
                return null;
            }
            if (text.Length > maxLength)
            {
                c.Fail(column, $"不能超过{maxLength}个字");
                return null;
            }
            return text;
        }

        var problemsBefore = c.Problems.Count;
        var name = Cell(ImportColumns.Name, 50);
        if (name is null && c.Problems.Count == problemsBefore) c.Fail(ImportColumns.Name, "姓名不能为空");
        c.Name = name ?? "";

        problemsBefore = c.Problems.Count;
        var id = Cell(ImportColumns.IdNumber, 40);
        if (c.Problems.Count == problemsBefore)
        {
            if (id is not null && id.Contains('E', StringComparison.OrdinalIgnoreCase) && id.Contains('.', StringComparison.Ordinal))
                c.Fail(ImportColumns.IdNumber, "身份证号被 Excel 存成了数字（科学计数法），后几位已丢失。请把该列设为“文本”格式后重新填写");
            else if (ChinaIdentity.IdNumberProblem(id) is { } idProblem)
                c.Fail(ImportColumns.IdNumber, idProblem);
            else
            {
                c.IdNumber = ChinaIdentity.Normalize(id);
                c.IdHash = protector.LookupHash(c.IdNumber)!;
            }
        }

        var phone = Cell(ImportColumns.Phone, 20);
        if (phone is not null)
        {
            if (ChinaIdentity.MobileProblem(phone) is { } phoneProblem) c.Fail(ImportColumns.Phone, phoneProblem);
            else c.Phone = ChinaIdentity.Normalize(phone);
        }

        foreach (var (column, maxLength, set) in new (string, int, Action<string>)[]
        {
            (ImportColumns.Compound, 60, v => c.CompoundName = v),
            (ImportColumns.Building, 40, v => c.BuildingName = v),
            (ImportColumns.Unit, 20, v => c.Unit = v),
            (ImportColumns.Room, 20, v => c.Room = v),
        })
        {
            problemsBefore = c.Problems.Count;
            var value = Cell(column, maxLength);
            if (value is not null) set(value);
            else if (c.Problems.Count == problemsBefore) c.Fail(column, $"{column}不能为空");
        }

        c.Relationship = Cell(ImportColumns.Relationship, 20);
        c.Health = Cell(ImportColumns.Health, 500);
        if (c.Health is not null && !sensitiveAllowed) c.Fail(ImportColumns.Health, "填写健康或残疾情况需要“查看敏感信息”权限");

        var tagText = Cell(ImportColumns.Tags, 500);
        if (tagText is not null)
        {
            c.Tags = [];
            foreach (var part in tagText.Split(ImportColumns.TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!tags.TryGetValue(part, out var tag)) c.Fail(ImportColumns.Tags, $"未知标签：{part}（请使用系统中已有的标签名称）");
                else if (tag.IsSensitive && !sensitiveAllowed) c.Fail(ImportColumns.Tags, $"“{tag.Name}”属于敏感信息，设置它需要“查看敏感信息”权限");
                else if (!c.Tags.Contains(tag)) c.Tags.Add(tag);
            }
        }
        return c;
    }

    private static void MarkDuplicatesInFile(List<Candidate> candidates)
    {
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in candidates.Where(c => c.IdHash.Length > 0))
        {
            if (firstRow.TryGetValue(c.IdHash, out var first)) c.Fail(ImportColumns.IdNumber, $"与第{first}行的身份证号重复");
            else firstRow[c.IdHash] = c.Row;
        }
    }

    private static async Task ResolveBuildingsAsync(AppDbContext db, List<Candidate> candidates, List<int> outside, CancellationToken ct)
    {
        var wanted = candidates.Where(c => c.BuildingName.Length > 0 && c.CompoundName.Length > 0).ToList();
        var buildingNames = wanted.Select(c => c.BuildingName).Distinct().ToList();
        var compoundNames = wanted.Select(c => c.CompoundName).Distinct().ToList();
        var visible = await BuildingsAsync(db.Buildings, db, buildingNames, compoundNames, ct);
        var byName = visible.ToLookup(b => (b.CompoundName, b.Name));
        var unresolved = wanted.Where(c => !byName.Contains((c.CompoundName, c.BuildingName))).ToList();
        // Deliberately unfiltered: only to tell "outside your area" (logged) from "no such building".
        var elsewhere = unresolved.Count == 0
            ? []
            : (await BuildingsAsync(db.Buildings.IgnoreQueryFilters(), db, unresolved.Select(c => c.BuildingName).Distinct().ToList(),
                unresolved.Select(c => c.CompoundName).Distinct().ToList(), ct)).Select(b => (b.CompoundName, b.Name)).ToHashSet();

        foreach (var c in wanted)
        {
            var matches = byName[(c.CompoundName, c.BuildingName)].ToList();
            if (matches.Count == 1) c.Building = matches[0];
            else if (matches.Count > 1) c.Fail(ImportColumns.Compound, $"有多个名为“{c.CompoundName}”的小区，无法确定是哪一个，请联系管理员区分小区名称");
            else if (elsewhere.Contains((c.CompoundName, c.BuildingName)))
            {
                c.Fail(ImportColumns.Building, $"楼栋不在您的管辖范围内：{c.CompoundName}{c.BuildingName}（此次尝试已记录）");
                outside.Add(c.Row);
            }
            else c.Fail(ImportColumns.Building, $"找不到楼栋：{c.CompoundName}{c.BuildingName}");
        }
    }

    private static async Task<List<BuildingRef>> BuildingsAsync(IQueryable<Building> buildings, AppDbContext db, List<string> buildingNames, List<string> compoundNames, CancellationToken ct)
    {
        var rows = await buildings.AsNoTracking().Where(b => buildingNames.Contains(b.Name))
            .Select(b => new { b.Id, b.Name, b.CompoundId, b.AreaPath }).ToListAsync(ct);
        var compoundIds = rows.Select(r => r.CompoundId).Distinct().ToList();
        // Compound names only (not sensitive); a community admin sees them anyway, a grid worker's scope lies below them.
        var compounds = await db.Compounds.IgnoreQueryFilters().AsNoTracking()
            .Where(c => compoundIds.Contains(c.Id) && compoundNames.Contains(c.Name))
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return rows.Where(r => compounds.ContainsKey(r.CompoundId)).Select(r => new BuildingRef(r.Id, r.Name, compounds[r.CompoundId], r.AreaPath)).ToList();
    }

    private static async Task FindExistingAsync(AppDbContext db, List<Candidate> candidates, List<int> outside, CancellationToken ct)
    {
        var scope = db.CurrentUser.ScopePath;
        var ok = candidates.Where(c => c.Ok).ToList();
        foreach (var chunk in ok.Chunk(Chunk))
        {
            var hashes = chunk.Select(c => c.IdHash).ToList();
            // Unfiltered on purpose: the unique ID must be found wherever it is registered, then checked against the scope.
            var found = await db.Residents.IgnoreQueryFilters().AsNoTracking().Where(r => hashes.Contains(r.IdNumberHash!))
                .Select(r => new { r.IdNumberHash, Existing = new ExistingResident(r.Id, r.AreaPath, r.HouseholdId, r.DwellingId, r.RelationshipToHead) })
                .ToDictionaryAsync(r => r.IdNumberHash!, r => r.Existing, ct);
            foreach (var c in chunk)
            {
                if (!found.TryGetValue(c.IdHash, out var existing)) continue;
                if (!AreaPaths.Contains(scope, existing.AreaPath))
                {
                    c.Fail(ImportColumns.IdNumber, "该身份证号已登记在您管辖范围以外的居民中，不能通过导入修改，请联系上级管理员（此次尝试已记录）");
                    outside.Add(c.Row);
                }
                else c.Existing = existing;
            }
        }
    }

    private static async Task<(List<DwellingSlot> Dwellings, List<HouseholdSlot> Households)> PlanPlacesAsync(AppDbContext db, List<Candidate> candidates, CancellationToken ct)
    {
        var ok = candidates.Where(c => c.Ok).ToList();
        var buildingIds = ok.Select(c => c.Building!.Id).Distinct().ToList();
        var units = new Dictionary<(int, string), int>();
        var existingDwellings = new Dictionary<(int, string), int>();
        foreach (var chunk in buildingIds.Chunk(500))
        {
            var ids = chunk.ToList();
            foreach (var u in await db.BuildingUnits.AsNoTracking().Where(u => ids.Contains(u.BuildingId)).Select(u => new { u.Id, u.BuildingId, u.Name }).ToListAsync(ct))
                units.TryAdd((u.BuildingId, u.Name), u.Id);
            foreach (var d in await db.Dwellings.AsNoTracking().Where(d => ids.Contains(d.BuildingId)).Select(d => new { d.Id, d.BuildingUnitId, d.Number }).ToListAsync(ct))
                existingDwellings.TryAdd((d.BuildingUnitId, d.Number), d.Id);
        }

        var slots = new Dictionary<(int, string, string), DwellingSlot>();
        var dwellings = new List<DwellingSlot>();
        foreach (var c in ok)
        {
            var key = (c.Building!.Id, c.Unit, c.Room);
            if (!slots.TryGetValue(key, out var slot))
            {
                slot = new DwellingSlot { Building = c.Building, Unit = c.Unit, Room = c.Room, Index = dwellings.Count };
                if (units.TryGetValue((c.Building.Id, c.Unit), out var unitId))
                {
                    slot.UnitId = unitId;
                    slot.Id = existingDwellings.GetValueOrDefault((unitId, c.Room));
                }
                slots[key] = slot;
                dwellings.Add(slot);
            }
            c.DwellingKey = slot.Index;
        }

        var known = dwellings.Where(d => d.Id != 0).Select(d => d.Id).ToList();
        var existingHouseholds = new Dictionary<int, int?>(); // household → its head
        var primary = new Dictionary<int, int>(); // dwelling → its first household
        foreach (var chunk in known.Chunk(Chunk))
        {
            var ids = chunk.ToList();
            foreach (var h in await db.Households.AsNoTracking().Where(h => ids.Contains(h.DwellingId)).OrderBy(h => h.Id)
                         .Select(h => new { h.Id, h.DwellingId, h.HeadResidentId }).ToListAsync(ct))
            {
                existingHouseholds[h.Id] = h.HeadResidentId;
                primary.TryAdd(h.DwellingId, h.Id);
            }
        }
        foreach (var d in dwellings.Where(d => d.Id != 0)) d.PrimaryHouseholdId = primary.GetValueOrDefault(d.Id);

        var households = new List<HouseholdSlot>();
        var byExistingId = new Dictionary<int, HouseholdSlot>();
        var newByDwelling = new Dictionary<DwellingSlot, HouseholdSlot>();
        foreach (var c in ok)
        {
            var dwelling = dwellings[c.DwellingKey];
            // A resident staying at the same dwelling keeps their household (a dwelling may hold several).
            var householdId = c.Existing is { DwellingId: { } from, HouseholdId: { } current } && from == dwelling.Id && dwelling.Id != 0
                ? current
                : dwelling.PrimaryHouseholdId;
            HouseholdSlot slot;
            if (householdId != 0)
            {
                if (!byExistingId.TryGetValue(householdId, out slot!))
                {
                    var head = existingHouseholds.GetValueOrDefault(householdId);
                    slot = new HouseholdSlot { Id = householdId, HeadBefore = head, Dwelling = dwelling, Index = households.Count };
                    byExistingId[householdId] = slot;
                    households.Add(slot);
                }
            }
            else if (!newByDwelling.TryGetValue(dwelling, out slot!))
            {
                slot = new HouseholdSlot { Dwelling = dwelling, Index = households.Count };
                newByDwelling[dwelling] = slot;
                households.Add(slot);
            }
            c.HouseholdKey = slot.Index;
        }
        return (dwellings, households);
    }

    private static async Task CheckHeadsAsync(AppDbContext db, List<Candidate> candidates, List<HouseholdSlot> households, CancellationToken ct)
    {
        var ok = candidates.Where(c => c.Ok).ToList();
        var inFile = ok.Where(c => c.Existing is not null).Select(c => c.Existing!.Id).ToHashSet();
        var headIds = households.Where(h => h.HeadBefore is not null).Select(h => h.HeadBefore!.Value).Distinct().ToList();
        var headNames = new Dictionary<int, string>();
        foreach (var chunk in headIds.Chunk(Chunk))
        {
            var ids = chunk.ToList();
            foreach (var r in await db.Residents.IgnoreQueryFilters().AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
                headNames[r.Id] = r.Name;
        }
        foreach (var c in ok.Where(c => c.Relationship == SaveResident.Head))
        {
            var household = households[c.HouseholdKey];
            if (household.HeadRow is { } earlier)
            {
                c.Fail(ImportColumns.Relationship, $"同一户已有户主（第{earlier.Row}行）");
                continue;
            }
            if (household.HeadBefore is { } head && head != c.Existing?.Id && !inFile.Contains(head) && headNames.TryGetValue(head, out var headName))
            {
                c.Fail(ImportColumns.Relationship, $"该户已有户主：{ResidentWriter.MaskName(headName)}（不在本次导入文件中）。如需更换户主，请先在系统中修改原户主");
                continue;
            }
            household.HeadRow = c;
        }
    }

    private static async Task WriteAsync(AppDbContext db, SensitiveDataProtector protector, TimeProvider clock, List<Candidate> good,
        List<DwellingSlot> dwellings, List<HouseholdSlot> households, bool sensitiveAllowed, CancellationToken ct, AuditEntry summary)
    {
        var now = clock.GetUtcNow();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        var suppress = db.SuppressEntityAudit;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.SuppressEntityAudit = true;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await AuditChain.AppendAsync(db, [summary], ct);
            db.ChangeTracker.Clear();

            // New units and rooms in known buildings, then a household for every dwelling that has none.
            var newUnits = new Dictionary<(int, string), BuildingUnit>();
            foreach (var d in dwellings.Where(d => d.UnitId == 0))
            {
                if (!newUnits.ContainsKey((d.Building.Id, d.Unit)))
                    newUnits[(d.Building.Id, d.Unit)] = new BuildingUnit { BuildingId = d.Building.Id, Name = d.Unit, AreaPath = d.Building.AreaPath };
            }
            db.BuildingUnits.AddRange(newUnits.Values);
            await db.SaveChangesAsync(ct);
            foreach (var d in dwellings.Where(d => d.UnitId == 0)) d.UnitId = newUnits[(d.Building.Id, d.Unit)].Id;

            // The three big inserts go through BulkInsert (see there for why); chunks bound the memory held at once.
            foreach (var chunk in dwellings.Where(d => d.Id == 0).Chunk(Chunk))
            {
                var entities = chunk.Select(d => new Dwelling
                {
                    BuildingUnitId = d.UnitId, BuildingId = d.Building.Id, Number = d.Room, Floor = DwellingPlaces.FloorOf(d.Room), AreaPath = d.Building.AreaPath,
                }).ToList();
                await BulkInsert.RunAsync(db, entities, ct);
                for (var i = 0; i < chunk.Length; i++) chunk[i].Id = entities[i].Id;
            }

            foreach (var chunk in households.Where(h => h.Id == 0).Chunk(Chunk))
            {
                var entities = chunk.Select(h => new Household { DwellingId = h.Dwelling.Id, AreaPath = h.Dwelling.Building.AreaPath }).ToList();
                await BulkInsert.RunAsync(db, entities, ct);
                for (var i = 0; i < chunk.Length; i++) chunk[i].Id = entities[i].Id;
            }

            // SQLite: feeding FTS5 one row at a time through the insert trigger cost ~1 ms a row (126 s against 14 s for
            // 100k rows); index the new rows in one statement instead. DDL is transactional in SQLite and this
            // transaction holds the only write lock, so no other writer ever sees the trigger missing.
            var indexNewRowsInBulk = !db.IsPostgres && good.Any(c => c.Existing is null);
            int? firstNewId = null;
            if (indexNewRowsInBulk) await db.Database.ExecuteSqlRawAsync("""DROP TRIGGER IF EXISTS "Residents_search_insert" """, ct);
            foreach (var chunk in good.Where(c => c.Existing is null).Chunk(Chunk))
            {
                var entities = new Resident[chunk.Length];
                // Encryption and tokenising are pure CPU work: spread them over the cores.
                Parallel.For(0, chunk.Length, i =>
                {
                    var c = chunk[i];
                    var r = new Resident { Name = c.Name, RelationshipToHead = c.Relationship ?? "", CreatedAt = now, UpdatedAt = now };
                    Fill(r, c, c.Phone, c.Health, protector, dwellings, households);
                    entities[i] = r;
                });
                await BulkInsert.RunAsync(db, entities, ct);
                for (var i = 0; i < chunk.Length; i++) chunk[i].ResidentId = entities[i].Id;
                firstNewId ??= entities.Min(e => e.Id);
            }
            if (indexNewRowsInBulk)
            {
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "ResidentSearch"(rowid, "SearchText") SELECT "Id", "SearchText" FROM "Residents" WHERE "Id" >= {0} ORDER BY "Id"
                    """, [firstNewId ?? int.MaxValue], ct);
                await db.Database.ExecuteSqlRawAsync(ProviderSql.SqliteResidentInsertTrigger, ct);
            }

            var movedOut = new Dictionary<int, HashSet<int>>(); // household left → residents who left it
            foreach (var chunk in good.Where(c => c.Existing is not null).Chunk(Chunk))
            {
                var ids = chunk.Select(c => c.Existing!.Id).ToList();
                var entities = await db.Residents.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
                foreach (var c in chunk)
                {
                    var r = entities[c.Existing!.Id];
                    r.Name = c.Name;
                    if (c.Relationship is not null) r.RelationshipToHead = c.Relationship;
                    r.UpdatedAt = now;
                    if (r.HouseholdId is { } before && before != households[c.HouseholdKey].Id)
                    {
                        if (!movedOut.TryGetValue(before, out var leavers)) movedOut[before] = leavers = [];
                        leavers.Add(r.Id);
                    }
                    // Blank optional cells keep what is registered.
                    Fill(r, c, c.Phone ?? protector.Decrypt(r.PhoneCipher), c.Health ?? protector.Decrypt(r.HealthCipher), protector, dwellings, households);
                    c.ResidentId = r.Id;
                }
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            await SetHeadsAsync(db, good, households, movedOut, ct);
            await SetTagsAsync(db, good, sensitiveAllowed, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new DomainException("导入时数据被其他操作同时修改（例如同一身份证号刚被登记），本次导入没有写入任何数据，请重新导入。");
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            db.SuppressEntityAudit = suppress;
        }
    }

    private static void Fill(Resident r, Candidate c, string? phone, string? health, SensitiveDataProtector protector, List<DwellingSlot> dwellings, List<HouseholdSlot> households)
    {
        var dwelling = dwellings[c.DwellingKey];
        var address = ResidentWriter.AddressText(dwelling.Building.CompoundName, dwelling.Building.Name, dwelling.Unit, dwelling.Room);
        ResidentWriter.Apply(r, c.IdNumber, phone, health, protector, address);
        ResidentWriter.PlaceIn(r, dwelling.Id, dwelling.Building.AreaPath, households[c.HouseholdKey].Id);
    }

    /// <summary>
    /// Final heads: a "户主" row makes its resident the head; a head who moved out or whose relationship is now something
    /// else stops being head; every other household keeps its head.
    /// </summary>
    private static async Task SetHeadsAsync(AppDbContext db, List<Candidate> good, List<HouseholdSlot> households,
        Dictionary<int, HashSet<int>> movedOut, CancellationToken ct)
    {
        var newHead = households.Where(h => h.HeadRow is not null).ToDictionary(h => h.Id, h => h.HeadRow!.ResidentId);
        var demoted = good.Where(c => c.Existing is not null && c.Relationship is not null && c.Relationship != SaveResident.Head)
            .Select(c => c.ResidentId).ToHashSet();
        var ids = newHead.Keys.Concat(movedOut.Keys).Concat(good.Where(c => demoted.Contains(c.ResidentId)).Select(c => households[c.HouseholdKey].Id))
            .Distinct().ToList();
        foreach (var chunk in ids.Chunk(Chunk))
        {
            var list = chunk.ToList();
            foreach (var entity in await db.Households.IgnoreQueryFilters().Where(h => list.Contains(h.Id)).ToListAsync(ct))
            {
                if (newHead.TryGetValue(entity.Id, out var head)) entity.HeadResidentId = head;
                else if (entity.HeadResidentId is { } current
                         && (demoted.Contains(current) || (movedOut.TryGetValue(entity.Id, out var leavers) && leavers.Contains(current))))
                    entity.HeadResidentId = null;
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static async Task SetTagsAsync(AppDbContext db, List<Candidate> good, bool sensitiveAllowed, CancellationToken ct)
    {
        foreach (var chunk in good.Where(c => c.Tags is not null).Chunk(Chunk))
        {
            var replaced = chunk.Where(c => c.Existing is not null).Select(c => c.ResidentId).ToList();
            if (replaced.Count > 0)
                await db.ResidentTags.Where(t => replaced.Contains(t.ResidentId) && (sensitiveAllowed || !t.Tag!.IsSensitive)).ExecuteDeleteAsync(ct);
            db.ResidentTags.AddRange(chunk.SelectMany(c => c.Tags!.Select(t => new ResidentTag { ResidentId = c.ResidentId, TagId = t.Id })));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
