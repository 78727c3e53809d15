using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>A text message ready to go: the plain recipient exists only here, on its way to the provider.</summary>
public sealed record SmsMessage(string IdempotencyKey, string Channel, string Recipient, string Template, IReadOnlyDictionary<string, string?> Values);

/// <summary>
/// Sends SMS or WeChat template messages. The idempotency key is the same on every attempt of one message:
/// implementations pass it to the provider (e.g. Aliyun OutId, WeChat client_msg_id) so that a retry after an
/// unclear failure (a timeout after the provider accepted it) is not delivered twice.
/// </summary>
public interface ISmsSender
{
    Task SendAsync(SmsMessage message, CancellationToken ct);
}

/// <summary>Development sender: writes the message to the log with the number masked; nothing leaves the machine.</summary>
public sealed class LoggingSmsSender(ILogger<LoggingSmsSender> logger) : ISmsSender
{
    public Task SendAsync(SmsMessage message, CancellationToken ct)
    {
        logger.LogInformation("SMS (development, not sent) to {Recipient}: template {Template}, key {Key}, values {Values}",
            ChinaIdentity.MaskMobile(message.Recipient), message.Template, message.IdempotencyKey, JsonSerializer.Serialize(message.Values));
        return Task.CompletedTask;
    }
}

public sealed record OutboxRunResult(int Sent, int Failed);

/// <summary>
/// Sends what the outbox holds. Each message is claimed with one conditional UPDATE (not sent, not claimed by a live
/// node), so two nodes never send the same message at once; it is marked sent right after the provider accepts it;
/// a failure leaves it for a later attempt with growing pauses, always under the same idempotency key.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ISmsSender sender, IOptions<AppealOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var jobs = options.Value.Jobs;
        if (!jobs.OutboxEnabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, jobs.OutboxIntervalSeconds)), clock);
        do
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Outbox run failed; it will be retried at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<OutboxRunResult> RunOnceAsync(CancellationToken ct)
    {
        var jobs = options.Value.Jobs;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var notifier = scope.ServiceProvider.GetRequiredService<AppealNotifier>();
        var now = clock.GetUtcNow().ToUniversalTime();
        var ids = await db.OutboxMessages.Where(m => m.SentAt == null && m.Attempts < jobs.MaxSendAttempts && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(Batch).ToListAsync(ct);
        int sent = 0, failed = 0;
        foreach (var id in ids)
        {
            now = clock.GetUtcNow().ToUniversalTime();
            var claimUntil = now.AddSeconds(jobs.LeaseSeconds);
            var claimed = await db.OutboxMessages
                .Where(m => m.Id == id && m.SentAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, claimUntil).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 0) continue; // another node has it, or it was sent meanwhile
            var message = await db.OutboxMessages.AsNoTracking().FirstAsync(m => m.Id == id, ct);
            try
            {
                var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(message.PayloadJson) ?? [];
                var recipient = notifier.Recipient(message) ?? throw new InvalidOperationException("收件人为空");
                await sender.SendAsync(new SmsMessage(message.IdempotencyKey, message.Channel, recipient, message.Template, values), ct);
                var sentAt = clock.GetUtcNow().ToUniversalTime();
                await db.OutboxMessages.Where(m => m.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                        .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                // Waits 30 s, 1 min, 2 min … up to an hour before the next attempt.
                var retryAt = clock.GetUtcNow().ToUniversalTime().AddSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, message.Attempts - 1))));
                var error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                await db.OutboxMessages.Where(m => m.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, retryAt).SetProperty(m => m.LastError, error), CancellationToken.None);
                logger.LogWarning(e, "Outbox message {Id} ({Template}) failed on attempt {Attempt}", id, message.Template, message.Attempts);
            }
        }
        return new OutboxRunResult(sent, failed);
    }
}
