namespace Tongban.Web.Infrastructure;

/// <summary>Everything is stored in UTC and shown in Asia/Shanghai.</summary>
public static class ShanghaiTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ToShanghai(this DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static string Show(this DateTimeOffset utc) => utc.ToShanghai().ToString("yyyy-MM-dd HH:mm");

    /// <summary>
    /// A deadline: one that falls at midnight closes the day before and is shown as "2026-12-04 24:00", not as
    /// "2026-12-05 00:00", which reads as if the 5th were still in time.
    /// </summary>
    public static string ShowDeadline(this DateTimeOffset utc)
    {
        var local = utc.ToShanghai();
        return local.TimeOfDay == TimeSpan.Zero ? local.AddDays(-1).ToString("yyyy-MM-dd") + " 24:00" : local.ToString("yyyy-MM-dd HH:mm");
    }

    public static string Show(this DateTimeOffset? utc) => utc is { } v ? v.Show() : "";

    public static DateOnly Today(this TimeProvider clock) => clock.GetUtcNow().ShanghaiDay();

    /// <summary>The day an instant falls on in Beijing.</summary>
    public static DateOnly ShanghaiDay(this DateTimeOffset utc) => DateOnly.FromDateTime(utc.ToShanghai().DateTime);
}
