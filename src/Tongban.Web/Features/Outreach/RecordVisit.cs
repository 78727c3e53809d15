using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>A hazard or request noted on the visit; with RaiseAppeal it becomes an appeal (channel grid patrol) in the same step.</summary>
public sealed record FindingInput(FindingKind? Kind, string? Description, int? CategoryId = null, bool RaiseAppeal = true);

public sealed record RecordVisitRequest(
    VisitKind? Kind,
    int? HouseholdId = null,
    int? DwellingId = null,
    int? BuildingId = null,
    VisitMethod? Method = null,
    DateTimeOffset? VisitedAt = null,
    bool Looked = false,
    bool Listened = false,
    bool Asked = false,
    bool Checked = false,
    string? Notes = null,
    IReadOnlyList<FindingInput>? Findings = null,
    string? IdempotencyKey = null);

/// <summary>A photo as it arrived; its type is decided by its bytes.</summary>
public sealed record PhotoUpload(string? FileName, byte[] Content);

public sealed record RaisedAppeal(long FindingId, long AppealId, string Number);

public sealed record RecordVisitResult(long Id, bool Replayed, IReadOnlyList<RaisedAppeal> Appeals);

/// <summary>
/// Records a home visit or patrol. The phone's idempotency key makes a resend (after an offline spell, a lost answer,
/// a double tap) return the first visit. Findings become appeals before the visit is written, each under a key derived
/// from the visit's, so a failure part-way leaves nothing that a resend would duplicate.
/// </summary>
public sealed class RecordVisit(AppDbContext db, ICurrentUser user, AuditLog audit, TimeProvider clock, FileStore files,
    SubmitAppeal submitAppeal, AppealWorkflow workflow, IOptions<OutreachOptions> options)
{
    public async Task<RecordVisitResult> HandleAsync(RecordVisitRequest request, IReadOnlyList<PhotoUpload>? photos, CancellationToken ct = default)
    {
        var key = string.IsNullOrWhiteSpace(request.IdempotencyKey) ? Guid.NewGuid().ToString("N") : request.IdempotencyKey.Trim();
        if (await ReplayedAsync(key, ct) is { } earlier) return earlier;

        var o = options.Value;
        var v = new Validation();
        v.Require(key.Length <= 100, "idempotencyKey", "幂等键不能超过100个字符");
        v.Require(request.Kind is not null && Enum.IsDefined(request.Kind.Value), "kind", "请选择入户走访或日常巡查");
        v.Require(request.Method is null || Enum.IsDefined(request.Method.Value), "method", "未知的走访方式");
        var notes = request.Notes?.Trim() ?? "";
        v.Require(notes.Length <= 2000, "notes", $"走访记录不能超过2000字（当前{notes.Length}字）");

        var now = clock.GetUtcNow();
        var visitedAt = request.VisitedAt ?? now;
        if (visitedAt > now.AddMinutes(o.ClockSkewMinutes)) v.Add("visitedAt", "走访时间不能晚于当前时间，请检查手机时间");
        else if (visitedAt > now) visitedAt = now;
        visitedAt = visitedAt.ToUniversalTime(); // one offset in the column, so SQL orders and compares instants
        if (visitedAt < now.AddDays(-o.MaxBackdateDays)) v.Add("visitedAt", $"只能补录{o.MaxBackdateDays}天以内的走访，请联系社区管理员");

        var findings = request.Findings ?? [];
        v.Require(findings.Count <= 5, "findings", "一次走访最多登记5个问题");
        var categories = await db.AppealCategories.AsNoTracking().Where(c => c.IsActive).Select(c => new { c.Id, c.Code }).ToListAsync(ct);
        var prepared = new List<(FindingKind Kind, string Description, int CategoryId, bool Raise)>();
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            var text = f.Description?.Trim() ?? "";
            if (text.Length == 0) continue; // an empty slot of the phone form
            if (f.Kind is null || !Enum.IsDefined(f.Kind.Value)) v.Add($"findings[{i}].kind", "请选择发现的是安全隐患还是居民诉求");
            if (text.Length < 5) v.Add($"findings[{i}].description", "请把发现的问题描述清楚，至少5个字");
            if (text.Length > 1000) v.Add($"findings[{i}].description", "问题描述不能超过1000字");
            var defaultCode = f.Kind == FindingKind.Hazard ? "hazard" : "other";
            var categoryId = f.CategoryId ?? categories.FirstOrDefault(c => c.Code == defaultCode)?.Id;
            if (categoryId is null || categories.All(c => c.Id != categoryId)) v.Add($"findings[{i}].categoryId", "请选择问题分类");
            prepared.Add((f.Kind ?? FindingKind.Hazard, text, categoryId ?? 0, f.RaiseAppeal));
        }

        var uploads = photos ?? [];
        var checkedPhotos = new List<(PhotoUpload Photo, string ContentType)>();
        if (uploads.Count > o.MaxPhotos) v.Add("photos", $"一次走访最多上传{o.MaxPhotos}张照片");
        for (var i = 0; i < uploads.Count; i++)
        {
            var p = uploads[i];
            if (p.Content.Length == 0) continue;
            if (p.Content.Length > o.MaxPhotoBytes) { v.Add("photos", $"第{i + 1}张照片超过{o.MaxPhotoBytes / 1024 / 1024}MB，请压缩后再传"); continue; }
            if (FileTypes.SniffImage(p.Content) is not { } type) { v.Add("photos", $"第{i + 1}张（{FileStore.CleanFileName(p.FileName)}）不是图片，只能上传JPEG、PNG或WebP照片"); continue; }
            checkedPhotos.Add((p, type));
        }

        var place = await LocateAsync(request, v, ct);
        v.ThrowIfInvalid();

        var stored = new List<StoredFile>();
        foreach (var (photo, type) in checkedPhotos)
        {
            using var stream = new MemoryStream(photo.Content, writable: false);
            stored.Add(await files.SaveAsync(stream, type, photo.FileName ?? "photo", o.MaxPhotoBytes, ct));
        }

        var actor = await workflow.ActorAsync(ct);
        var visit = new Visit
        {
            Kind = request.Kind!.Value,
            Method = request.Kind == VisitKind.Home ? request.Method ?? VisitMethod.InPerson : null,
            HouseholdId = place.HouseholdId, DwellingId = place.DwellingId, BuildingId = place.BuildingId, GridId = place.GridId, AreaPath = place.AreaPath,
            VisitorUserId = user.UserId, VisitorName = actor.Name, VisitedAt = visitedAt, RecordedAt = now,
            Looked = request.Looked, Listened = request.Listened, Asked = request.Asked, Checked = request.Checked, Notes = notes,
            TagCodes = string.Join(' ', place.TagCodes), IdempotencyKey = key,
        };
        for (var i = 0; i < prepared.Count; i++)
        {
            var f = prepared[i];
            var finding = new VisitFinding { Kind = f.Kind, Description = f.Description, CategoryId = f.CategoryId, AreaPath = place.AreaPath };
            if (f.Raise)
            {
                // Keyed by the visit: a resend after a failure finds the same appeal instead of filing it twice.
                var appeal = await submitAppeal.HandleAsync(new SubmitAppealRequest(
                    f.Kind == FindingKind.Hazard ? AppealKind.Report : AppealKind.Help, f.CategoryId, f.Description,
                    Channel: AppealChannel.GridPatrol, BuildingId: place.BuildingId, DwellingId: place.DwellingId,
                    ResidentId: f.Kind == FindingKind.Request ? place.HeadResidentId : null,
                    ReporterName: actor.Name, IdempotencyKey: $"visit:{key}:{i}", Attachments: stored), actor, publicIntake: false, ct);
                finding.AppealId = appeal.Id;
            }
            visit.Findings.Add(finding);
        }
        foreach (var file in stored)
            visit.Photos.Add(new VisitPhoto { Sha256 = file.Sha256, ContentType = file.ContentType, Size = file.Size, AreaPath = place.AreaPath });

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Visits.Add(visit);
            await db.SaveChangesAsync(ct);
            // The household's next due date moves with the visit, in the same transaction.
            if (visit.Kind == VisitKind.Home && visit.HouseholdId is { } visited) await VisitDues.RefreshAsync(db, [visited], ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same form arrived twice at once: the unique key let one in; answer with that one.
            db.ChangeTracker.Clear();
            if (await ReplayedAsync(key, ct) is { } winner) return winner;
            throw;
        }
        return await ResultAsync(visit.Id, replayed: false, ct);
    }

    private sealed record Place(int? HouseholdId, int? DwellingId, int BuildingId, int GridId, string AreaPath, int? HeadResidentId, IReadOnlyList<string> TagCodes);

    private async Task<Place> LocateAsync(RecordVisitRequest request, Validation v, CancellationToken ct)
    {
        var empty = new Place(null, null, 0, 0, "", null, []);
        if (request.Kind == VisitKind.Patrol)
        {
            if (request.BuildingId is not { } buildingId) { v.Add("buildingId", "请选择巡查的楼栋"); return empty; }
            var building = await db.Buildings.AsNoTracking().Where(b => b.Id == buildingId).Select(b => new { b.Id, b.GridId, b.AreaPath }).FirstOrDefaultAsync(ct);
            if (building is null) { await RefuseOutsideAsync("Building", buildingId, db.Buildings.IgnoreQueryFilters().Where(b => b.Id == buildingId).Select(b => b.AreaPath), "该楼栋", ct); v.Add("buildingId", "找不到该楼栋"); return empty; }
            return new Place(null, null, building.Id, building.GridId, building.AreaPath, null, []);
        }
        if (request.Kind != VisitKind.Home) return empty;

        int? dwellingId = request.DwellingId;
        int? householdId = request.HouseholdId;
        if (householdId is { } hid)
        {
            var household = await db.Households.AsNoTracking().Where(h => h.Id == hid).Select(h => new { h.DwellingId }).FirstOrDefaultAsync(ct);
            if (household is null)
            {
                await RefuseOutsideAsync("Household", hid, db.Households.IgnoreQueryFilters().Where(h => h.Id == hid).Select(h => h.AreaPath), "该住户", ct);
                v.Add("householdId", "找不到该住户");
                return empty;
            }
            if (dwellingId is not null && dwellingId != household.DwellingId) v.Add("dwellingId", "住户与房屋不一致");
            dwellingId = household.DwellingId;
        }
        if (dwellingId is not { } did) { v.Add("householdId", "请选择走访的住户或房屋"); return empty; }
        var dwelling = await db.Dwellings.AsNoTracking().Where(d => d.Id == did)
            .Select(d => new { d.Id, d.BuildingId, d.Building!.GridId, d.AreaPath }).FirstOrDefaultAsync(ct);
        if (dwelling is null)
        {
            await RefuseOutsideAsync("Dwelling", did, db.Dwellings.IgnoreQueryFilters().Where(d => d.Id == did).Select(d => d.AreaPath), "该房屋", ct);
            v.Add("dwellingId", "找不到该房屋");
            return empty;
        }
        householdId ??= await db.Households.AsNoTracking().Where(h => h.DwellingId == did).OrderBy(h => h.Id).Select(h => (int?)h.Id).FirstOrDefaultAsync(ct);
        int? head = null;
        IReadOnlyList<string> tags = [];
        if (householdId is { } id)
        {
            head = await db.Households.AsNoTracking().Where(h => h.Id == id).Select(h => h.HeadResidentId).FirstOrDefaultAsync(ct);
            tags = await (from t in db.ResidentTags.AsNoTracking()
                          join r in db.Residents.AsNoTracking() on t.ResidentId equals r.Id
                          join tag in db.Tags on t.TagId equals tag.Id
                          where r.HouseholdId == id
                          select tag.Code).Distinct().OrderBy(c => c).ToListAsync(ct);
        }
        return new Place(householdId, dwelling.Id, dwelling.BuildingId, dwelling.GridId, dwelling.AreaPath, head, tags);
    }

    /// <summary>A place that exists outside the worker's grid: logged, then refused with a message saying why.</summary>
    private async Task RefuseOutsideAsync(string entity, int id, IQueryable<string> pathQuery, string what, CancellationToken ct)
    {
        var path = await pathQuery.FirstOrDefaultAsync(ct);
        if (path is null) return;
        _ = await audit.OutsideScopeAsync(entity, id.ToString(CultureInfo.InvariantCulture), path, ct);
        throw new OutsideScopeException($"{what}不在您负责的网格内，不能登记走访。如需协助其他网格，请联系社区安排。");
    }

    private async Task<RecordVisitResult?> ReplayedAsync(string key, CancellationToken ct)
    {
        var id = await db.Visits.IgnoreQueryFilters().AsNoTracking().Where(x => x.IdempotencyKey == key).Select(x => (long?)x.Id).FirstOrDefaultAsync(ct);
        return id is { } found ? await ResultAsync(found, replayed: true, ct) : null;
    }

    private async Task<RecordVisitResult> ResultAsync(long id, bool replayed, CancellationToken ct)
    {
        var raised = await (from f in db.VisitFindings.IgnoreQueryFilters().AsNoTracking()
                            join a in db.Appeals.IgnoreQueryFilters().AsNoTracking() on f.AppealId equals a.Id
                            where f.VisitId == id
                            orderby f.Id
                            select new RaisedAppeal(f.Id, a.Id, a.Number)).ToListAsync(ct);
        return new RecordVisitResult(id, replayed, raised);
    }
}
