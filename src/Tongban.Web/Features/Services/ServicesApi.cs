using Microsoft.AspNetCore.Http.HttpResults;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>The staff JSON API of 一岗通办 (/api/v1/services) and its public part (/api/v1/public/guide, /api/v1/public/appointments).</summary>
public static class ServicesApi
{
    public static WebApplication MapServicesApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/services").WithTags("一岗通办").RequireAuthorization(ServicePermissions.View);

        api.MapGet("/items", async Task<Ok<IReadOnlyList<CatalogRow>>> (ListCatalog list, CancellationToken ct) => TypedResults.Ok(await list.HandleAsync(ct)))
            .WithSummary("事项清单：全部事项及当前版本、草稿、在办件数");
        api.MapGet("/items/{id:int}", async Task<Ok<GuideItemView>> (int id, int? version, GetGuideItem get, CancellationToken ct) =>
            TypedResults.Ok(await get.StaffAsync(id, version, ct))).WithSummary("事项详情（一次性告知清单），可用 version 参数查看历史版本");
        api.MapPost("/items", async Task<Created<CatalogChangeResult>> (CreateServiceItemRequest request, CreateServiceItem create, CancellationToken ct) =>
        {
            var result = await create.HandleAsync(request, ct);
            return TypedResults.Created($"/api/v1/services/items/{result.ItemId}", result);
        }).RequireAuthorization(ServicePermissions.Catalog).WithSummary("新增服务事项（第1版；publish=false 时保存为草稿）");
        api.MapPost("/items/{id:int}/versions", async Task<Created<CatalogChangeResult>> (int id, ReviseServiceItemRequest request, ReviseServiceItem revise, CancellationToken ct) =>
        {
            var result = await revise.HandleAsync(id, request, ct);
            return TypedResults.Created($"/api/v1/services/items/{id}?version={result.VersionNumber}", result);
        }).RequireAuthorization(ServicePermissions.Catalog)
            .WithSummary("修改事项：生成新版本（须带 baseVersion，基于旧版本的修改会被拒绝）；在办件继续按原版本办理");
        api.MapPost("/items/{id:int}/withdraw", async Task<NoContent> (int id, WithdrawServiceItem withdraw, CancellationToken ct) =>
        {
            await withdraw.HandleAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(ServicePermissions.Catalog).WithSummary("停用事项（仍有在办件时拒绝）");
        api.MapGet("/items/{id:int}/colleagues", async Task<Ok<IReadOnlyList<ColleagueSuggestion>>> (int id, int? communityId, ServiceDesk desk, SuggestColleague suggest, CancellationToken ct) =>
        {
            var staff = await desk.StaffAsync(ct);
            var community = await desk.CommunityAsync(staff, communityId, ct);
            return TypedResults.Ok(await suggest.HandleAsync(id, community.Id, community.AreaPath, staff.UserId, ct));
        }).WithSummary("可协助办理该事项的同事（当前在岗者优先）");

        api.MapGet("/applications", async Task<Ok<IReadOnlyList<ApplicationRow>>> (string? queue, ListApplications list, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(queue, ct)))
            .WithSummary("办件列表：mine 我首问负责的（含已转办）、open 本辖区在办、today 今日接待、defects 一次告知缺陷、all");
        api.MapPost("/applications", async Task<Created<StartApplicationResult>> (StartApplicationRequest request, StartApplication start, CancellationToken ct) =>
        {
            var result = await start.HandleAsync(request, ct);
            return TypedResults.Created($"/api/v1/services/applications/{result.Id}", result);
        }).RequireAuthorization(ServicePermissions.Handle).WithSummary("接待居民（首问负责）：按事项当前版本生成核对清单，接待人即为负责人");
        api.MapGet("/applications/{id:long}", async Task<Ok<ApplicationView>> (long id, GetApplication get, CancellationToken ct) =>
            TypedResults.Ok(await get.HandleAsync(id, ct))).WithSummary("办件详情：材料核对情况、时间线、跑动次数、办理用时");
        api.MapPost("/applications/{id:long}/decision", async Task<Ok<DecideApplicationResult>> (long id, DecideApplicationRequest request, DecideApplication decide, CancellationToken ct) =>
            TypedResults.Ok(await decide.HandleAsync(id, request, ct))).RequireAuthorization(ServicePermissions.Handle)
            .WithSummary("接待结果：OnTheSpot 即来即办、Accepted 受理、AcceptedMissing 一次性告知补材料、AcceptedTolerated 容缺受理、Transferred 转办、Rejected 不予受理");
        api.MapPost("/applications/{id:long}/trips", async Task<Ok<RecordTripResult>> (long id, RecordTripRequest request, RecordTrip trip, CancellationToken ct) =>
            TypedResults.Ok(await trip.HandleAsync(id, request, ct))).RequireAuthorization(ServicePermissions.Handle)
            .WithSummary("登记再次来办：补交材料；再要求首次未告知的材料会标记为一次告知缺陷");
        api.MapPost("/applications/{id:long}/progress", async Task<NoContent> (long id, ApplicationNoteRequest request, FollowApplication follow, CancellationToken ct) =>
        {
            await follow.AddProgressAsync(id, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(ServicePermissions.Handle).WithSummary("记录办理进展（含转办后承办单位的反馈）");
        api.MapPost("/applications/{id:long}/transfer", async Task<NoContent> (long id, TransferApplicationRequest request, FollowApplication follow, CancellationToken ct) =>
        {
            await follow.TransferAsync(id, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(ServicePermissions.Handle).WithSummary("受理后转办街道或部门（须写明理由），首问负责人不变");
        api.MapPost("/applications/{id:long}/complete", async Task<NoContent> (long id, ApplicationNoteRequest request, FollowApplication follow, CancellationToken ct) =>
        {
            await follow.CompleteAsync(id, request, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(ServicePermissions.Handle).WithSummary("办结：填写办理结果");
        api.MapPost("/applications/{id:long}/terminate", async Task<Ok<TerminateApplicationResult>> (long id, ApplicationNoteRequest request, FollowApplication follow, CancellationToken ct) =>
            TypedResults.Ok(await follow.TerminateAsync(id, request, ct))).RequireAuthorization(ServicePermissions.Handle)
            .WithSummary("终止办理：容缺后补材料过了补交期限、或一次性告知所缺材料过了补正期限（materialsDueOn）仍未补交，写明理由（text）后终止，短信告知申请人；其他办件或期限未到时为 409");

        var guide = app.MapGroup("/api/v1/public/guide").WithTags("居民端").AllowAnonymous();
        guide.MapGet("/", async Task<Ok<IReadOnlyList<GuideListItem>>> (string? q, string? group, SearchGuide search, CancellationToken ct) =>
            TypedResults.Ok(await search.HandleAsync(q, group, ct))).WithSummary("办事指南：公开事项列表，可按中文关键词或拼音首字母搜索");
        guide.MapGet("/{code}", async Task<Ok<GuideItemView>> (string code, GetGuideItem get, CancellationToken ct) =>
            TypedResults.Ok(await get.PublicAsync(code, ct) ?? throw new NotFoundException("没有这个办事指南，或该事项已停用。")))
            .WithSummary("一个事项的一次性告知清单（材料、条件、流程、办结单位、时限、收费、依据）");
        return app;
    }
}
