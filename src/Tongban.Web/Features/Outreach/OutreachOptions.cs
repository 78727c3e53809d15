namespace Tongban.Web.Features.Outreach;

/// <summary>Settings under "Outreach" in configuration.</summary>
public sealed class OutreachOptions
{
    /// <summary>Each building of a grid is patrolled at least this often (日常巡查).</summary>
    public int PatrolIntervalDays { get; set; } = 7;

    /// <summary>A visit filled offline may be sent this many days after it happened, not more.</summary>
    public int MaxBackdateDays { get; set; } = 7;

    /// <summary>Phones' clocks drift: a visit up to this many minutes "in the future" is taken as now.</summary>
    public int ClockSkewMinutes { get; set; } = 10;

    public long MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;
    public int MaxPhotos { get; set; } = 6;

    /// <summary>The coverage map marks buildings without a desk for this many days.</summary>
    public int DeskCoverageDays { get; set; } = 60;
}
