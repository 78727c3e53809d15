namespace Tongban.Web.Infrastructure;

/// <summary>Everything is stored in UTC and shown in Asia/Shanghai.</summary>
public static class ShanghaiTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ToShanghai(this DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static string Show(this DateTimeOffset utc) => utc.ToShanghai().ToString("yyyy-MM-dd HH:mm");

    public static string Show(this DateTimeOffset? utc) => utc is { } v ? v.Show() : "";

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToShanghai().DateTime);
}
