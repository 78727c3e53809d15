using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Accounts;

public sealed class AuditChainConcurrencyTests(EmptyTongbanFactory factory) : IClassFixture<EmptyTongbanFactory>
{
    [Fact]
    public async Task Concurrent_writers_keep_one_unbroken_chain()
    {
        // Sixteen writers at once, each saving a change (audited in its transaction) and an explicit entry.
        var writers = Enumerable.Range(0, 16).Select(async i =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ReplyTemplates.Add(new ReplyTemplate { Title = $"模板{i}", Text = "您反映的问题已收到，我们将尽快处理。" });
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync("test", "Concurrency", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        await Task.WhenAll(writers);

        await using var check = factory.SystemScope(out var verifyDb);
        var (count, broken) = await AuditChain.VerifyAsync(verifyDb);
        Assert.Null(broken);
        Assert.True(count >= 32, $"应至少有32条审计记录，实际{count}条");
    }
}
