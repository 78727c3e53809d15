namespace Tongban.Web.Features.Disputes;

/// <summary>Settings under "Disputes".</summary>
public sealed class DisputeOptions
{
    /// <summary>The police liaison (公安联动) for high-risk alerts: the department whose name contains this text.</summary>
    public string PoliceDepartmentName { get; set; } = "派出所";

    /// <summary>Mobile number of the police liaison's duty phone for the alert text message; empty: no text message.</summary>
    public string PoliceLiaisonPhone { get; set; } = "";

    /// <summary>Headless Chromium for the archive PDF; missing: the HTML bundle is offered for the browser's print.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    public DisputeJobOptions Jobs { get; set; } = new();
}

public sealed class DisputeJobOptions
{
    public bool RemindersEnabled { get; set; } = true;
    public int ReminderIntervalMinutes { get; set; } = 60;

    /// <summary>Days before the judicial-confirmation deadline on which the mediator is reminded.</summary>
    public int[] JudicialReminderDays { get; set; } = [7, 3, 1];
}
