using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>居民端: QR posters, the phone report page, tracking and rating, and the anonymous API behind them.</summary>
public static class PublicModule
{
    public static WebApplicationBuilder AddPublic(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<PublicOptions>(builder.Configuration.GetSection("Public"));
        services.AddFileStore(builder.Configuration);
        services.AddScoped<FindPlace>();
        services.AddScoped<ListPublicCategories>();
        services.AddScoped<FindSimilarAppeals>();
        services.AddScoped<ReportAppeal>();
        services.AddScoped<JoinAppeal>();
        services.AddScoped<TrackAppeal>();
        services.AddScoped<RateAppeal>();
        services.AddScoped<ReopenByResident>();
        services.AddMemoryCache();
        services.AddScoped<GetPublicResults>();
        services.AddPublicRateLimits();
        // The report page answers both the QR short link /r/{code} and /report (no poster: pick a community).
        services.Configure<RazorPagesOptions>(o => o.Conventions.AddPageRoute("/Public/Report", "report"));
        // Residents type into these forms; a value that cannot be read is explained in Chinese, not in the framework's English.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            var m = o.ModelBindingMessageProvider;
            m.SetAttemptedValueIsInvalidAccessor((value, field) => $"“{value}”不是有效的值");
            m.SetValueIsInvalidAccessor(value => $"“{value}”不是有效的值");
            m.SetValueMustBeANumberAccessor(field => "请输入数字");
            m.SetMissingBindRequiredValueAccessor(field => "缺少必填项");
            m.SetValueMustNotBeNullAccessor(value => "此项不能为空");
            m.SetUnknownValueIsInvalidAccessor(field => "填写的值无效");
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”不是有效的值");
            m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "填写的值无效");
            m.SetNonPropertyValueMustBeANumberAccessor(() => "请输入数字");
            m.SetMissingKeyOrValueAccessor(() => "缺少必填项");
            m.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空");
        });
        return builder;
    }

    public static WebApplication MapPublic(this WebApplication app)
    {
        // After routing and authorization (set up by the infrastructure), so the limiter sees which endpoint is hit.
        app.UseRateLimiter();
        app.MapPublicApi();
        app.MapGet("/track/{trackingCode}/photos/{photoId:long}", PublicApi.Photo).AllowAnonymous().WithMetadata(new PublicReadLimitAttribute())
            .ExcludeFromDescription();
        return app;
    }
}
