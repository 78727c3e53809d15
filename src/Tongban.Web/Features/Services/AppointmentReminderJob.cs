using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed class ServicesOptions
{
    public ServicesJobOptions Jobs { get; set; } = new();

    /// <summary>How long before the slot the reminder goes out.</summary>
    public int ReminderHoursBefore { get; set; } = 24;

    /// <summary>
    /// A calendar change recounts up to this many open applications' promised dates in its own save; when more are
    /// touched, <see cref="PromiseRecountJob"/> counts them all after the save, in chunks.
    /// </summary>
    public int CalendarRecountInline { get; set; } = 500;

    /// <summary>
    /// 补正期限: the working days a resident told in one go what is missing (一次性告知) has to bring it, counted from the
    /// notice (and again from each later trip that still leaves something missing). Past it, the application may be
    /// ended (终止办理, 逾期未补正); the resident can start a new one.
    /// </summary>
    public int MissingMaterialsWorkingDays { get; set; } = 20;

    /// <summary><see cref="MissingMaterialsWorkingDays"/> as counted: at least one.</summary>
    public int MaterialsDays => Math.Max(1, MissingMaterialsWorkingDays);
}

public sealed class ServicesJobOptions
{
    public bool RemindersEnabled { get; set; } = true;
    public int IntervalSeconds { get; set; } = 300;

    public bool PromiseRecountEnabled { get; set; } = true;

    /// <summary>How often <see cref="PromiseRecountJob"/> looks whether the working calendar changed.</summary>
    public int PromiseRecountCheckSeconds { get; set; } = 30;
}

/// <summary>
/// Queues the reminder (预约提醒) for every appointment starting within the reminder window, once, into the shared
/// outbox (which sends it); not for one whose day a calendar change closed (its resident was told not to come). Runs under a lease so that with several nodes only one queues.
/// </summary>
public sealed class AppointmentReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ServicesOptions> options, ILogger<AppointmentReminderJob> logger)
    : BackgroundService
{
    private const string Lease = "services-appointment-reminders";
    private readonly string _holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Jobs.RemindersEnabled) return;
        await PeriodicWork.RunAsync(clock, TimeSpan.FromSeconds(Math.Max(10, options.Value.Jobs.IntervalSeconds)), RunOnceAsync, logger, "Appointment reminders", stoppingToken);
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().ToUniversalTime();
        if (!await JobLeases.TryAcquireAsync(db, Lease, _holder, now, TimeSpan.FromMinutes(5), ct)) return 0;
        var until = now.AddHours(options.Value.ReminderHoursBefore);
        var due = await db.Appointments().Include(a => a.ServiceItem!).ThenInclude(i => i.CurrentVersion)
            .Where(a => a.Status == AppointmentStatus.Booked && a.ReminderQueuedAt == null && a.DayClosedAt == null && a.StartsAt > now && a.StartsAt <= until)
            .OrderBy(a => a.StartsAt).Take(500).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var communities = await db.Areas.AsNoTracking().Where(x => due.Select(a => a.CommunityId).Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        foreach (var a in due)
        {
            a.ReminderQueuedAt = now;
            db.OutboxMessages.Add(BookAppointment.Message(a, a.ServiceItem?.CurrentVersion?.Name ?? "", communities.GetValueOrDefault(a.CommunityId, ""),
                "service-appointment-reminder", "remind", now));
        }
        await db.SaveChangesAsync(ct);
        return due.Count;
    }
}
