using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>
/// How long contact details are kept once the work they were collected for is done (PIPL: keep only as long as
/// needed). Days, counted from closing, completion, the booked slot or sending. The record itself stays: what was
/// asked, what was done and the figures built on it; only who to call goes.
/// </summary>
public sealed class PrivacyOptions
{
    /// <summary>A closed or rejected appeal keeps its reporter's name and phone this long (never shorter than the reopen window).</summary>
    public int AppealContactDays { get; set; } = 180;

    /// <summary>A completed or rejected service application keeps the applicant's phone this long; the name stays with the file.</summary>
    public int ApplicationContactDays { get; set; } = 180;

    /// <summary>An appointment keeps the name and phone this long after its slot.</summary>
    public int AppointmentContactDays { get; set; } = 30;

    /// <summary>A sent SMS or WeChat message keeps its recipient and values this long.</summary>
    public int MessageRecipientDays { get; set; } = 30;

    public bool RetentionEnabled { get; set; } = true;
    public int RetentionIntervalMinutes { get; set; } = 60;
}

public sealed record RetentionResult(int Appeals, int Applications, int Appointments, int Messages)
{
    public int Total => Appeals + Applications + Appointments + Messages;
}

/// <summary>
/// Erases contact details whose keeping period has run out, in batches of ids so no write holds SQLite's lock for
/// long; each batch writes an audit entry that says how many and why. Runs under a lease, so with several nodes one
/// does it; a second run finds nothing left, so running it twice changes nothing.
/// </summary>
public sealed class PersonalDataRetentionJob(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<PrivacyOptions> options, IOptions<AppealOptions> appealOptions,
    ILogger<PersonalDataRetentionJob> logger) : BackgroundService
{
    private const string Lease = "personal-data-retention";
    private const int Batch = 500;
    private readonly string _holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RetentionEnabled) return;
        await PeriodicWork.RunAsync(clock, TimeSpan.FromMinutes(Math.Max(1, options.Value.RetentionIntervalMinutes)), async ct =>
        {
            var result = await RunOnceAsync(ct);
            if (result.Total > 0) logger.LogInformation("Erased expired contact details: {Result}", result);
        }, logger, "Personal data retention", stoppingToken);
    }

    public async Task<RetentionResult> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().ToUniversalTime();
        if (!await JobLeases.TryAcquireAsync(db, Lease, _holder, now, TimeSpan.FromMinutes(10), ct)) return new(0, 0, 0, 0);
        var o = options.Value;
        // A resident may still ask for a closed appeal to be handled again within the reopen window, and is called back then.
        var appealDays = Math.Max(o.AppealContactDays, appealOptions.Value.ReopenWindowDays);

        var appealCutoff = now.AddDays(-appealDays);
        var appeals = await InBatchesAsync(db, now, $"诉求反映人的姓名和电话（结案满{appealDays}天）",
            () => db.Appeals.IgnoreQueryFilters()
                .Where(a => a.ContactErasedAt == null && a.ClosedAt != null && a.ClosedAt < appealCutoff && (a.ReporterName != null || a.ReporterPhoneCipher != null))
                .OrderBy(a => a.ClosedAt).Select(a => a.Id).Take(Batch).ToListAsync(ct),
            ids => db.Appeals.IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ReporterName, (string?)null).SetProperty(a => a.ReporterPhoneCipher, (string?)null)
                .SetProperty(a => a.ReporterPhoneHash, (string?)null).SetProperty(a => a.ReporterPhoneMasked, (string?)null)
                .SetProperty(a => a.ReporterPhoneCallOnly, false)
                .SetProperty(a => a.ContactErasedAt, now), ct), ct);

        var applicationCutoff = now.AddDays(-o.ApplicationContactDays);
        var applications = await InBatchesAsync(db, now, $"办件申请人的电话（办结满{o.ApplicationContactDays}天，姓名随办件保留）",
            () => db.ServiceApplications().IgnoreQueryFilters()
                .Where(a => a.ContactErasedAt == null && a.CompletedAt != null && a.CompletedAt < applicationCutoff
                    && ServiceApplication.EndStates.Contains(a.State)
                    && (a.ApplicantPhoneCipher != null || a.ApplicantPhoneMasked != null))
                .OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(ct),
            ids => db.ServiceApplications().IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ApplicantPhoneCipher, (string?)null).SetProperty(a => a.ApplicantPhoneMasked, (string?)null)
                .SetProperty(a => a.ContactErasedAt, now), ct), ct);

        var appointmentCutoff = now.AddDays(-o.AppointmentContactDays);
        var appointments = await InBatchesAsync(db, now, $"预约人的姓名和电话（预约时段后满{o.AppointmentContactDays}天）",
            () => db.Appointments().IgnoreQueryFilters().Where(a => a.ContactErasedAt == null && a.EndsAt < appointmentCutoff)
                .OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(ct),
            ids => db.Appointments().IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ApplicantName, "").SetProperty(a => a.PhoneCipher, "").SetProperty(a => a.PhoneMasked, "")
                .SetProperty(a => a.ContactErasedAt, now), ct), ct);

        var messageCutoff = now.AddDays(-o.MessageRecipientDays);
        var messages = await InBatchesAsync(db, now, $"短信的收件人和内容（发送后满{o.MessageRecipientDays}天）",
            () => db.OutboxMessages.Where(m => m.RecipientErasedAt == null && m.SentAt != null && m.SentAt < messageCutoff)
                .OrderBy(m => m.Id).Select(m => m.Id).Take(Batch).ToListAsync(ct),
            ids => db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.RecipientCipher, "").SetProperty(m => m.RecipientMasked, "").SetProperty(m => m.PayloadJson, "{}")
                .SetProperty(m => m.RecipientErasedAt, now), ct), ct);

        return new RetentionResult(appeals, applications, appointments, messages);
    }

    /// <summary>
    /// Erases batch after batch until none is left. Each batch and its audit entry commit together, so a crash leaves
    /// nothing erased without its record.
    /// </summary>
    private static async Task<int> InBatchesAsync(AppDbContext db, DateTimeOffset now, string what, Func<Task<List<long>>> next, Func<List<long>, Task<int>> erase,
        CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            // Look before taking the write lock: most runs find nothing, and the intake writer would wait on the lock.
            if ((await next()).Count == 0) return total;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = await next();
            if (ids.Count == 0) return total;
            var erased = await erase(ids);
            await AuditChain.AppendAsync(db, [new AuditEntry
            {
                At = now, UserName = "系统", Action = "retention-erase", EntityType = "PersonalData", EntityId = "retention",
                Detail = $"按期删除个人信息：{what}，{erased} 条",
            }], ct);
            await transaction.CommitAsync(ct);
            total += erased;
        }
    }
}
