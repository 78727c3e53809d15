using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>What anyone submitting an appeal sends: staff at the window, a resident by QR code, an Open311 client.</summary>
public sealed record SubmitAppealRequest(
    AppealKind? Kind,
    int? CategoryId,
    string? Description,
    string? Title = null,
    AppealChannel Channel = AppealChannel.Window,
    AppealUrgency? Urgency = null,
    int? BuildingId = null,
    int? DwellingId = null,
    int? AreaId = null,
    string? Address = null,
    double? Latitude = null,
    double? Longitude = null,
    int? ResidentId = null,
    string? ReporterName = null,
    string? ReporterPhone = null,
    bool IsAnonymous = false,
    string? IdempotencyKey = null,
    IReadOnlyList<StoredFile>? Attachments = null,
    IntakeDetails? Details = null);

/// <summary>A staff-only note filed with the submission in the same transaction (e.g. what an Open311 client sent besides the text).</summary>
public sealed record IntakeDetails(string EventType, string Note);

/// <param name="Replayed">
/// True when the idempotency key had made this appeal already (sent again, or sent twice at once and this one lost the
/// race): nothing was written and this is the first appeal. The API answers 200 then, 201 when it was written now.
/// </param>
public sealed record SubmitAppealResult(long Id, string Number, string TrackingCode, DateTimeOffset DispatchDueAt, DateTimeOffset FeedbackDueAt,
    IReadOnlyList<DuplicateCandidate> PossibleDuplicates, bool Replayed = false);

/// <summary>
/// Intake of an appeal from any channel: validates, places it in the area tree, stamps its deadlines and gives the
/// reporter a tracking code. Public intake (QR, Open311) looks places up past the area filter, since the reporter
/// has no account; staff intake only accepts places within the staff member's area.
/// </summary>
public sealed class SubmitAppeal(AppDbContext db, TimeLimitPolicy limits, SensitiveDataProtector protector, TimeProvider clock,
    AppealIntakeWriter writer, AppealReferenceCache reference, BuildingPlaces buildingPlaces)
{
    /// <summary>
    /// The tracking code's characters: no 0/O or 1/I/L (read aloud over the phone), and no S, B or Z, which residents
    /// misread for 5, 8 and 2 off a screenshot or a printed slip. 28^8 codes. Codes issued before this alphabet may
    /// still hold S, B or Z and are looked up as they are.
    /// </summary>
    public const string CodeAlphabet = "23456789ACDEFGHJKMNPQRTUVWXY";

    /// <summary>
    /// The title of an appeal sent without one: its category and the start of the reporter's text ("噪音扰民：楼下…").
    /// Those are the reporter's own words, so neighbours see only the category (<see cref="Public.FindSimilarAppeals.NeighbourTitle"/>).
    /// </summary>
    public static string TitleFromText(string categoryName, string description) =>
        $"{categoryName}：{(description.Length > 24 ? description[..24] + "…" : description)}";

    /// <summary>The fewest characters a description may have: enough for staff to know what the matter is.</summary>
    public const int MinDescriptionLength = 5;

    public async Task<SubmitAppealResult> HandleAsync(SubmitAppealRequest request, Actor actor, bool publicIntake, CancellationToken ct = default)
    {
        // A replayed key is answered with the appeal it made. The writer finds replays (one query per batch, not one per
        // request); here only a replay that would now fail validation is looked up, so it too gets its earlier answer.
        try { return await SubmitAsync(request, actor, publicIntake, ct); }
        catch (ValidationFailedException) when (!string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            if (await ReplayedAsync(request, request.IdempotencyKey, actor, ct) is { } earlier) return earlier;
            throw;
        }
    }

    /// <summary>
    /// Runs every check of the submission and writes nothing (422 as a submission would). A caller holding photos asks
    /// this before storing them: a refused submission otherwise left them on disk, a resident's pictures kept with
    /// no appeal to say whose or why.
    /// </summary>
    public async Task CheckAsync(SubmitAppealRequest request, bool publicIntake, CancellationToken ct = default) =>
        await ValidateAsync(request, publicIntake, ct);

    private sealed record Valid(string Description, ContactPhone? Phone, AppealCategory Category, Place Place);

    private async Task<Valid> ValidateAsync(SubmitAppealRequest request, bool publicIntake, CancellationToken ct)
    {
        var v = new Validation();
        var description = request.Description?.Trim() ?? "";
        v.Require(description.Length >= MinDescriptionLength, "description", $"请描述遇到的问题，至少{MinDescriptionLength}个字");
        v.Require(description.Length <= 4000, "description", $"问题描述不能超过4000字（当前{description.Length}字）");
        v.Require((request.IdempotencyKey?.Length ?? 0) <= 100, "idempotencyKey", "幂等键不能超过100个字符");
        v.Require(request.Kind is not null && Enum.IsDefined(request.Kind.Value), "kind", "请选择诉求类型（咨询、求助、投诉、举报或建议）");
        v.Require((request.Title?.Trim().Length ?? 0) <= 100, "title", "标题不能超过100字");
        v.Require(Enum.IsDefined(request.Channel), "channel", "未知的来源渠道");
        v.Require(request.Urgency is null || Enum.IsDefined(request.Urgency.Value), "urgency", "未知的紧急程度");
        // A landline or a number outside the mainland is kept too (a hotline, an elderly resident without a mobile); it is called, never texted.
        ContactPhone? phone = null;
        if (!string.IsNullOrWhiteSpace(request.ReporterPhone) && (phone = ContactPhone.Parse(request.ReporterPhone, out var phoneProblem)) is null)
            v.Add("reporterPhone", phoneProblem!);
        // Whatever the channel, no control character is stored (CR, LF and TAB are text): PostgreSQL cannot keep a NUL.
        foreach (var (field, text) in new[] { ("description", request.Description), ("title", request.Title), ("address", request.Address),
                     ("reporterName", request.ReporterName), ("idempotencyKey", request.IdempotencyKey) })
            if (ControlCharacters.FirstIn(text) is { } control) v.Add(field, ControlCharacters.Problem(control));
        if (request.Latitude is { } lat && (lat < -90 || lat > 90)) v.Add("latitude", "纬度应在-90到90之间");
        if (request.Longitude is { } lon && (lon < -180 || lon > 180)) v.Add("longitude", "经度应在-180到180之间");
        if ((request.ReporterName?.Length ?? 0) > 50) v.Add("reporterName", "姓名不能超过50字");
        if ((request.Attachments?.Count ?? 0) > 9) v.Add("attachments", "一条诉求最多附9个文件");

        var category = request.CategoryId is { } cid ? await reference.ActiveCategoryAsync(db, cid, ct) : null;
        if (request.CategoryId is null) v.Add("categoryId", "请选择问题分类");
        else if (category is null) v.Add("categoryId", $"分类编号{request.CategoryId}不存在或已停用，请选择问题分类列表中在用的分类");
        else if (publicIntake && !category.IsPublic) v.Add("categoryId", "该分类不接受居民直接提交，请选择其他分类");

        var place = await LocateAsync(request, publicIntake, v, ct);
        v.ThrowIfInvalid();
        return new Valid(description, phone, category!, place);
    }

    private async Task<SubmitAppealResult> SubmitAsync(SubmitAppealRequest request, Actor actor, bool publicIntake, CancellationToken ct)
    {
        var (description, phone, category, place) = await ValidateAsync(request, publicIntake, ct);
        var now = clock.GetUtcNow();
        var urgency = request.Urgency ?? category.DefaultUrgency;
        var limit = await limits.ForAsync(category.Id, urgency, now, ct);
        var title = string.IsNullOrWhiteSpace(request.Title) ? TitleFromText(category.Name, description) : request.Title.Trim();
        var trackingCode = NewTrackingCode();
        var appeal = Appeal.Submit(new AppealSubmission(
            trackingCode, trackingCode, request.Kind!.Value, category.Id, request.Channel, urgency, title, description,
            place.BuildingId, request.DwellingId, place.Address, request.Latitude, request.Longitude, place.AreaPath, place.CommunityId,
            request.ResidentId, request.IsAnonymous, request.IsAnonymous ? null : request.ReporterName?.Trim()), limit, actor, now);
        if (request.Details is { } details) appeal.RecordIntakeDetails(details.EventType, details.Note, actor, now);
        if (phone is not null && !request.IsAnonymous)
        {
            appeal.ReporterPhoneCipher = protector.Encrypt(phone.Number);
            appeal.ReporterPhoneHash = protector.LookupHash(phone.Number);
            appeal.ReporterPhoneMasked = phone.Masked;
            appeal.ReporterPhoneCallOnly = !phone.TakesSms;
        }
        appeal.IdempotencyKey = string.IsNullOrWhiteSpace(request.IdempotencyKey) ? null : request.IdempotencyKey.Trim();
        // Photos were stored by content hash beforehand; their rows commit with the appeal or not at all.
        var attachments = (request.Attachments ?? []).Select(file => new AppealAttachment
        {
            Sha256 = file.Sha256, ContentType = file.ContentType, Size = file.Size, FileName = file.FileName,
            Purpose = "submission", At = now, AreaPath = appeal.AreaPath,
        }).ToList();
        // The writer commits on its own connection, so this must not run inside a caller's transaction (on SQLite it
        // would wait for that transaction's lock until the busy timeout). Not checked here: asking EF for the current
        // transaction builds the context's services, a tenth of a submission's CPU when nothing else needs them.
        bool written;
        var pending = new AppealIntakeWriter.Pending(appeal, category.Name, attachments, db.CurrentUser.UserId, db.CurrentUser.UserName,
            publicIntake ? DuplicateScope.Everyone : new DuplicateScope(db.CurrentUser.ScopePath, db.CurrentUser.UserId));
        try
        {
            written = await writer.WriteAsync(pending);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException && appeal.IdempotencyKey is not null)
        {
            // The same submission raced in from another node: the unique key let one through; answer with that one.
            if (await ReplayedAsync(request, appeal.IdempotencyKey, actor, ct) is { } winner) return winner;
            throw;
        }
        if (!written) return await ReplayedAsync(request, appeal.IdempotencyKey, actor, ct) ?? throw new InvalidOperationException("重复提交的诉求未找到");

        return new SubmitAppealResult(appeal.Id, appeal.Number, appeal.TrackingCode, appeal.DispatchDueAt, appeal.FeedbackDueAt, pending.Duplicates);
    }

    /// <summary>
    /// Gives the appeal its id, and with it the number (day + id, unique without a counter to contend on) and the search
    /// text, so each appeal is complete in one INSERT.
    /// </summary>
    internal static void Complete(Appeal appeal, long id, string categoryName)
    {
        appeal.Id = id;
        appeal.Number = $"SQ{appeal.SubmittedAt.ToShanghai():yyMMdd}{id:D6}";
        appeal.SearchText = AppealSearchText.For(appeal, categoryName);
    }

    /// <summary>The appeal a used key made, when the request is that same matter again; a different one under the key is refused.</summary>
    private async Task<SubmitAppealResult?> ReplayedAsync(SubmitAppealRequest request, string? key, Actor actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        var trimmed = key.Trim();
        // Plain columns only: a call such as Array.Empty() inside the projection is compiled again on every query.
        var found = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => a.IdempotencyKey == trimmed)
            .Select(a => new { a.Id, a.Number, a.TrackingCode, a.DispatchDueAt, a.FeedbackDueAt, a.CategoryId, a.Description, a.SubmittedByUserId })
            .FirstOrDefaultAsync(ct);
        if (found is null) return null;
        EnsureSameSubmitter(trimmed, found.SubmittedByUserId, actor.UserId);
        EnsureSameMatter(found.Number, found.CategoryId, found.Description, request.CategoryId, request.Description);
        return new SubmitAppealResult(found.Id, found.Number, found.TrackingCode, found.DispatchDueAt, found.FeedbackDueAt, [], Replayed: true);
    }

    /// <summary>
    /// The keys the platform makes itself, one per thing that becomes an appeal: a diary entry (RaiseDiaryEntry), a visit
    /// finding (RaiseFinding), a finding raised with its visit (RecordVisit), an Open311 post (PostOpen311Request). Whoever
    /// raises that thing again is answered with its appeal; a caller may not send such a key (<see cref="EnsureCallerKey"/>).
    /// </summary>
    private static readonly string[] PlatformKeyPrefixes = ["diary:", "finding:", "visit:", "open311:"];

    private static bool IsPlatformKey(string key) => PlatformKeyPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// A key chosen by the caller (a staff client, a resident's page or app). One with the form of a platform key is
    /// refused: taken first, it would leave that diary entry or finding unable to become an appeal.
    /// </summary>
    public static void EnsureCallerKey(string? key)
    {
        var trimmed = key?.Trim() ?? "";
        if (PlatformKeyPrefixes.FirstOrDefault(p => trimmed.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
            throw new ValidationFailedException("idempotencyKey",
                $"防重复提交键不能以“{prefix}”开头（平台自用），本次内容没有登记。请换一个新的键再提交，如随机生成的UUID。");
    }

    /// <summary>
    /// A caller's key answers only the one who sent it first (the same account; residents, who have none, among
    /// themselves). Keys are often counters, so another caller may send the same one: it is refused (422) rather than
    /// answered with someone else's appeal and its tracking code, and told nothing about that appeal.
    /// </summary>
    public static void EnsureSameSubmitter(string key, string? storedSubmitter, string? submitter)
    {
        if (IsPlatformKey(key) || storedSubmitter == submitter) return;
        throw new ValidationFailedException("idempotencyKey",
            "这个防重复提交键已被其他提交用过，本次内容没有登记。请换一个新的键再提交（每条新的诉求用一个新键，如随机生成的UUID）。");
    }

    /// <summary>
    /// A key answers for one matter. A request under a used key that says something else (an app that reuses its keys,
    /// a form kept open and filled in again) is a new appeal the caller believes filed: answering with the first would
    /// lose it without a word, so it is refused (422) and nothing is written.
    /// </summary>
    public static void EnsureSameMatter(string number, int storedCategoryId, string storedDescription, int? categoryId, string? description)
    {
        if (categoryId == storedCategoryId && (description?.Trim() ?? "") == storedDescription) return;
        throw new ValidationFailedException("idempotencyKey",
            $"这个防重复提交键已用于另一条内容不同的诉求（{number}），本次内容没有登记。如是新的问题，请换一个新的键再提交（网页上请刷新后重新填写）。");
    }

    private sealed record Place(int? BuildingId, string Address, string AreaPath, int? CommunityId);

    private async Task<Place> LocateAsync(SubmitAppealRequest request, bool publicIntake, Validation v, CancellationToken ct)
    {
        if (request.BuildingId is { } buildingId)
        {
            // The building and its compound come from memory, read past the area filter (the compound carries its
            // community's path, outside a grid worker's scope); staff intake then requires the building within the caller's area.
            var building = await buildingPlaces.FindAsync(db, buildingId, ct);
            if (building is not null && !publicIntake && !AreaPaths.Contains(db.CurrentUser.ScopePath, building.AreaPath)) building = null;
            if (building is null)
            {
                v.Add("buildingId", publicIntake ? "找不到该楼栋，请重新扫描楼栋二维码" : "找不到该楼栋，或不在您的管辖范围内");
                return new Place(null, "", "", null);
            }
            if (request.DwellingId is { } dwellingId && !await db.Dwellings.IgnoreQueryFilters().AnyAsync(d => d.Id == dwellingId && d.BuildingId == buildingId, ct))
                v.Add("dwellingId", "该房屋不在所选楼栋内");
            var address = string.IsNullOrWhiteSpace(request.Address) ? $"{building.CompoundName}{building.Name}" : $"{building.CompoundName}{building.Name} {request.Address.Trim()}";
            return new Place(building.Id, address, building.AreaPath, building.CommunityId);
        }
        if (request.AreaId is { } areaId && !string.IsNullOrWhiteSpace(request.Address))
        {
            var area = await (publicIntake ? db.Areas.IgnoreQueryFilters() : db.Areas).AsNoTracking().Where(a => a.Id == areaId).Select(a => new { a.AreaPath, a.Level, a.Id, a.ParentId }).FirstOrDefaultAsync(ct);
            if (area is null)
            {
                v.Add("areaId", "找不到所选社区或网格");
                return new Place(null, "", "", null);
            }
            if (area.Level < Places.AreaLevel.Community) v.Add("areaId", "请选择到社区或网格一级，便于就近办理");
            var communityId = area.Level == Places.AreaLevel.Grid ? area.ParentId : area.Id;
            return new Place(null, request.Address.Trim(), area.AreaPath, communityId);
        }
        v.Add("buildingId", "请选择问题所在楼栋，或选择社区并填写详细地址");
        return new Place(null, "", "", null);
    }

    public static string NewTrackingCode() => RandomNumberGenerator.GetString(CodeAlphabet, 8);
}

/// <summary>Tracking codes are shared by appeals and "me too" supporters: /track looks a code up in both.</summary>
public static class TrackingCodes
{
    /// <summary>One row when the code (parameter @p0) is taken by an appeal or a supporter; none when it is free.</summary>
    public const string TakenSql = """
        SELECT 1 WHERE EXISTS (SELECT 1 FROM "Appeals" WHERE "TrackingCode" = @p0) OR EXISTS (SELECT 1 FROM "AppealSupporters" WHERE "TrackingCode" = @p0)
        """;

    /// <summary>A code no appeal or supporter holds yet (checked in the caller's transaction, if any).</summary>
    public static async Task<string> NewUnusedAsync(AppDbContext db, CancellationToken ct)
    {
        while (true)
        {
            var code = SubmitAppeal.NewTrackingCode();
            if (!await db.Appeals.IgnoreQueryFilters().AnyAsync(a => a.TrackingCode == code, ct)
                && !await db.AppealSupporters.IgnoreQueryFilters().AnyAsync(s => s.TrackingCode == code, ct))
                return code;
        }
    }
}

/// <summary>
/// Search tokens for an appeal: title, description, address and category, split as ChineseText does, then one token per
/// area on its path (see <see cref="AreaPaths.SearchToken"/>) so a search within an area is one index intersection.
/// </summary>
public static class AppealSearchText
{
    public static string For(Appeal appeal, string categoryName) =>
        string.Join(' ', ChineseText.Tokens($"{appeal.Title} {appeal.Description} {appeal.Address} {categoryName} {appeal.Number}").Distinct().Take(600)
            .Concat(AreaPaths.SearchTokens(appeal.AreaPath ?? "")));
}
