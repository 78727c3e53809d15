namespace Tongban.Web.Features.Appeals;

/// <summary>Settings of the appeal workflow (section "Appeals"); every figure has the DOMAIN.md default.</summary>
public sealed class AppealOptions
{
    /// <summary>How long after the follow-up an unsatisfied or unresolved appeal may be reopened (重办期限).</summary>
    public int ReopenWindowDays { get; set; } = 15;

    /// <summary>"No response in 24 h": not dispatched, or dispatched and not acknowledged, this long after submission or dispatch.</summary>
    public int NoResponseHours { get; set; } = 24;

    /// <summary>"No progress in 3 days".</summary>
    public int NoProgressDays { get; set; } = 3;

    /// <summary>A resolved appeal not followed up after this many days raises a reminder (回访提醒).</summary>
    public int FollowUpDays { get; set; } = 3;

    /// <summary>"Two unsatisfied in a row".</summary>
    public int UnsatisfiedStreak { get; set; } = 2;

    /// <summary>How long before a deadline the yellow warning starts, per urgency (minutes): dispatch deadline.</summary>
    public Dictionary<AppealUrgency, int> DispatchWarningMinutes { get; set; } = new()
    {
        [AppealUrgency.Urgent] = 20, [AppealUrgency.Utilities] = 30, [AppealUrgency.General] = 240, [AppealUrgency.Complex] = 240,
    };

    /// <summary>How long before a deadline the yellow warning starts, per urgency (minutes): feedback deadline.</summary>
    public Dictionary<AppealUrgency, int> FeedbackWarningMinutes { get; set; } = new()
    {
        [AppealUrgency.Urgent] = 30, [AppealUrgency.Utilities] = 240, [AppealUrgency.General] = 1440, [AppealUrgency.Complex] = 2880,
    };

    /// <summary>Public address of the site, for links in text messages (the resident's tracking and rating page).</summary>
    public string PublicBaseUrl { get; set; } = "";

    public AppealJobOptions Jobs { get; set; } = new();

    /// <summary>
    /// A calendar change recounts up to this many open appeals' limits inside its own save; a larger recount is left
    /// to the deadline job, in chunks (<see cref="RecalculateAppealLimits"/>).
    /// </summary>
    public int CalendarRecountInline { get; set; } = 500;

    /// <summary>
    /// Seconds after a calendar change until every node counts on the new calendar: the 10 s refresh
    /// (<c>CalendarRefresh.Interval</c>), a missed refresh, and a request that read the old calendar just before its
    /// node refreshed still committing (SQLite's busy timeout is 10 s). Then the deadline job moves the limits counted
    /// meanwhile on the old one, and until then no other change is taken (<see cref="AppealLimitRecount"/>): a second
    /// change before it would be counted, for those limits, from a calendar they are not on. Until session 19 it was
    /// 90 s (three times a 30 s refresh). Tests run on one node and set 0.
    /// </summary>
    public int CalendarSettleSeconds { get; set; } = 40;

    public TimeSpan DispatchWarning(AppealUrgency urgency) => TimeSpan.FromMinutes(DispatchWarningMinutes.GetValueOrDefault(urgency, 240));

    public TimeSpan FeedbackWarning(AppealUrgency urgency) => TimeSpan.FromMinutes(FeedbackWarningMinutes.GetValueOrDefault(urgency, 1440));
}

public sealed class AppealJobOptions
{
    /// <summary>Run the deadline job (warnings and automatic escalation) in this process.</summary>
    public bool DeadlinesEnabled { get; set; } = true;
    public int DeadlineIntervalSeconds { get; set; } = 60;

    /// <summary>Send queued text messages from this process.</summary>
    public bool OutboxEnabled { get; set; } = true;
    public int OutboxIntervalSeconds { get; set; } = 15;

    /// <summary>How long a lease or a claimed message stays with one node if that node dies mid-run.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Attempts before a message is left for a person to look at.</summary>
    public int MaxSendAttempts { get; set; } = 8;

    /// <summary>
    /// SQLite: at most this long before a new appeal enters the full-text index (sooner once
    /// <see cref="AppealIntakeWriter.SearchIndexBatch"/> new appeals wait). Search finds appeals not yet indexed anyway,
    /// by reading them directly.
    /// </summary>
    public int SearchIndexIntervalMilliseconds { get; set; } = 1000;
}
