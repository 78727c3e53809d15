using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>
/// What a resident sends from the phone page or the public API. The place is the scanned QR code (a building, or a
/// compound plus an optional building), or a community with a written address when there is no poster at hand.
/// </summary>
/// <param name="PlaceCode">楼栋或小区二维码上的短码（如 B38）；没有二维码时改填 communityId 和 address</param>
/// <param name="BuildingId">扫的是小区二维码时，可再选其中的楼栋</param>
/// <param name="CommunityId">没有二维码时：所在社区（GET /api/v1/public/communities）</param>
/// <param name="Address">详细地址（最多100字）；没有二维码时必填</param>
/// <param name="CategoryId">问题分类（GET /api/v1/public/categories）</param>
/// <param name="Kind">诉求类型（选填，不填按分类默认）</param>
/// <param name="Description">问题描述，5至4000字</param>
/// <param name="ReporterName">姓名（选填）</param>
/// <param name="ReporterPhone">手机号或带区号的座机（选填；手机号可收到办理进度短信）</param>
/// <param name="IsAnonymous">匿名反映：不保存姓名和电话</param>
/// <param name="IdempotencyKey">防重复提交键（选填，也可用 Idempotency-Key 请求头）：重试时带同一个键，返回第一次的查询码</param>
public sealed record PublicReportRequest(
    string? PlaceCode = null,
    int? BuildingId = null,
    int? CommunityId = null,
    string? Address = null,
    int? CategoryId = null,
    AppealKind? Kind = null,
    string? Description = null,
    string? ReporterName = null,
    string? ReporterPhone = null,
    bool IsAnonymous = false,
    string? IdempotencyKey = null);

public sealed record PublicReportResult(long Id, string Number, string TrackingCode, bool Replayed, DateTimeOffset FeedbackDueAt,
    int PhotoCount, IReadOnlyList<PublicSimilarAppeal> Similar);

/// <summary>
/// 居民扫码反映: checks the place and the photos (by their bytes), stores the photos by content hash, then hands the
/// appeal to the one intake use case with public intake on. A replayed submission returns the first appeal.
/// </summary>
public sealed class ReportAppeal(AppDbContext db, SubmitAppeal submit, FindPlace places, FindSimilarAppeals similar, FileStore files, IOptions<PublicOptions> options)
{
    /// <summary>The resident reporting without an account.</summary>
    public static readonly Actor Resident = ResidentRating.Resident;

    public async Task<PublicReportResult> HandleAsync(PublicReportRequest request, IReadOnlyList<IFormFile> photos, CancellationToken ct = default)
    {
        var key = string.IsNullOrWhiteSpace(request.IdempotencyKey) ? null : request.IdempotencyKey.Trim();
        SubmitAppeal.EnsureCallerKey(key);
        if (key is not null && await ReplayAsync(key, request, ct) is { } replay) return replay;

        var v = new Validation();
        var (buildingId, areaId, address) = await LocateAsync(request, v, ct);
        var category = request.CategoryId is { } cid
            ? await db.AppealCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, ct)
            : null;
        if (request.CategoryId is null) v.Add("categoryId", "请选择问题分类");
        else if (category is null || !category.IsActive || !category.IsPublic)
            v.Add("categoryId", $"找不到编号为{request.CategoryId}的问题分类，请从列表中重新选择");
        if (request.Kind is { } kind && !Enum.IsDefined(kind)) v.Add("kind", "未知的诉求类型，请选择咨询、求助、投诉、举报或建议");
        var checkedPhotos = await PhotoUploads.CheckAsync(photos, options.Value.MaxPhotos, options.Value.MaxPhotoBytes, v, "photos", ct);
        var description = request.Description ?? "";
        if (description.Trim().Length > 4000) v.Add("description", $"问题描述不能超过4000字（当前{description.Trim().Length}字），请精简后再提交");
        v.ThrowIfInvalid();

        var anonymous = request.IsAnonymous || (string.IsNullOrWhiteSpace(request.ReporterName) && string.IsNullOrWhiteSpace(request.ReporterPhone));
        var appeal = new SubmitAppealRequest(
            request.Kind ?? ListPublicCategories.DefaultKindFor(category!), category!.Id, request.Description,
            Channel: AppealChannel.Online, BuildingId: buildingId, AreaId: areaId, Address: address,
            ReporterName: anonymous ? null : request.ReporterName, ReporterPhone: anonymous ? null : request.ReporterPhone,
            IsAnonymous: anonymous, IdempotencyKey: key);
        // Photos are stored only for a report that will be filed: refused (a description too short, a phone number
        // mistyped), they would stay on disk with no appeal to say whose they are.
        if (checkedPhotos.Count > 0) await submit.CheckAsync(appeal, publicIntake: true, ct);
        var stored = await PhotoUploads.StoreAsync(files, checkedPhotos, options.Value.MaxPhotoBytes, ct);
        var result = await submit.HandleAsync(appeal with { Attachments = stored }, Resident, publicIntake: true, ct);
        // Sent twice at once, both passed the check above and the writer kept the first: answer as a replay, with its photos.
        if (result.Replayed && key is not null && await ReplayAsync(key, request, ct) is { } earlier) return earlier;
        var similarViews = await similar.ViewsAsync(result.PossibleDuplicates.Select(d => d.Id).ToList(), ct);
        return new PublicReportResult(result.Id, result.Number, result.TrackingCode, false, result.FeedbackDueAt, stored.Count, similarViews);
    }

    private async Task<PublicReportResult?> ReplayAsync(string key, PublicReportRequest request, CancellationToken ct)
    {
        var earlier = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => a.IdempotencyKey == key)
            .Select(a => new { a.Id, a.Number, a.TrackingCode, a.FeedbackDueAt, a.CategoryId, a.Description, a.SubmittedByUserId }).FirstOrDefaultAsync(ct);
        if (earlier is null) return null;
        SubmitAppeal.EnsureSameSubmitter(key, earlier.SubmittedByUserId, Resident.UserId);
        SubmitAppeal.EnsureSameMatter(earlier.Number, earlier.CategoryId, earlier.Description, request.CategoryId, request.Description);
        var photoCount = await db.AppealAttachments.IgnoreQueryFilters().CountAsync(x => x.AppealId == earlier.Id, ct);
        return new PublicReportResult(earlier.Id, earlier.Number, earlier.TrackingCode, true, earlier.FeedbackDueAt, photoCount, []);
    }

    private async Task<(int? BuildingId, int? AreaId, string? Address)> LocateAsync(PublicReportRequest request, Validation v, CancellationToken ct)
    {
        var detail = string.IsNullOrWhiteSpace(request.Address) ? null : request.Address.Trim();
        if (detail?.Length > 100) v.Add("address", "详细位置不能超过100字");
        if (!string.IsNullOrWhiteSpace(request.PlaceCode))
        {
            var place = await places.ByCodeAsync(request.PlaceCode, ct);
            if (place is null)
            {
                v.Add("placeCode", "二维码无法识别，请重新扫描楼栋或小区门口张贴的二维码");
                return (null, null, null);
            }
            if (place.BuildingId is { } building) return (building, null, detail);
            if (request.BuildingId is { } chosen)
            {
                if (place.Buildings.All(b => b.Id != chosen)) v.Add("buildingId", $"所选楼栋不在{place.CompoundName}内，请重新选择");
                return (chosen, null, detail);
            }
            // The compound's public space (gate, square, car park): placed at the community with the compound's address.
            return (null, place.CommunityId, detail is null ? $"{place.CompoundName}（{place.CompoundAddress}）" : $"{place.CompoundName} {detail}");
        }
        if (request.BuildingId is { } buildingId) return (buildingId, null, detail);
        if (request.CommunityId is { } communityId)
        {
            var isCommunity = await db.Areas.IgnoreQueryFilters().AnyAsync(a => a.Id == communityId && a.Level == Places.AreaLevel.Community, ct);
            if (!isCommunity) v.Add("communityId", "找不到所选社区，请重新选择");
            if (detail is null) v.Add("address", "请填写问题发生的详细地址（小区、楼栋或路段）");
            return (null, communityId, detail);
        }
        v.Add("place", "没有说明问题发生在哪里：请扫描楼栋或小区门口的二维码，或选择社区并填写详细地址");
        return (null, null, null);
    }

}
