using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

namespace Tongban.Bench;

/// <summary>
/// Resident search as the staff page runs it (first page of 20, new scope per query like a request), over a mix of
/// query kinds drawn from the data itself: full names, given names, pinyin initials, ID tails, full phones, full IDs,
/// and names searched by a grid worker within one grid.
/// </summary>
public static class SearchBench
{
    public static async Task RunAsync(ServiceProvider services, int queriesPerKind, Report report)
    {
        var user = (BenchUser)services.GetRequiredService<ICurrentUser>();
        var protector = services.GetRequiredService<SensitiveDataProtector>();
        List<(string Name, string Initials, string? IdCipher, string? PhoneCipher, string? IdMasked, string AreaPath)> sample;
        long total;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            total = await db.Residents.LongCountAsync();
            var maxId = await db.Residents.MaxAsync(r => r.Id);
            var random = new Random(7);
            var ids = Enumerable.Range(0, queriesPerKind * 2).Select(_ => random.Next(1, maxId + 1)).Distinct().ToList();
            sample = (await db.Residents.AsNoTracking().Where(r => ids.Contains(r.Id))
                    .Select(r => new { r.Name, r.NameInitials, r.IdNumberCipher, r.PhoneCipher, r.IdNumberMasked, r.AreaPath }).ToListAsync())
                .Select(r => (r.Name, r.NameInitials, r.IdNumberCipher, r.PhoneCipher, r.IdNumberMasked, r.AreaPath)).Take(queriesPerKind).ToList();
        }
        var kinds = new List<(string Kind, Func<int, (string Query, string? Scope)> Make)>
        {
            ("全名", i => (sample[i].Name, null)),
            ("名（两字）", i => (sample[i].Name.Length >= 3 ? sample[i].Name[1..] : sample[i].Name, null)),
            ("拼音首字母", i => (sample[i].Initials, null)),
            ("身份证尾号", i => ("尾号" + sample[i].IdMasked![^4..], null)),
            ("完整手机号", i => (protector.Decrypt(sample[i].PhoneCipher) ?? sample[i].Name, null)),
            ("完整身份证号", i => (protector.Decrypt(sample[i].IdCipher)!, null)),
            ("网格员搜本网格姓名", i => (sample[i].Name[..2], sample[i].AreaPath)),
        };
        report.Line($"search: {total:N0} residents, {sample.Count} queries per kind, first page of 20, caller = whole city unless noted");
        var all = new List<double>();
        foreach (var (kind, make) in kinds)
        {
            var timings = new List<double>(sample.Count);
            for (var i = 0; i < sample.Count; i++)
            {
                var (query, scopePath) = make(i);
                user.ScopePath = scopePath;
                var watch = Stopwatch.StartNew();
                await using (var scope = services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
                    var page = await ResidentSearch.PageAsync(db, protector, audit, new ResidentFilter(Q: query), 1, 20, CancellationToken.None);
                    if (page.Items.Count == 0 && kind != "网格员搜本网格姓名") throw new InvalidOperationException($"“{query}”（{kind}）没有找到本应存在的居民");
                }
                watch.Stop();
                if (i >= 10) timings.Add(watch.Elapsed.TotalMilliseconds); // the first ten warm the caches and plans
            }
            user.ScopePath = null;
            all.AddRange(timings);
            report.Line($"search {kind}: p50 {Percentile(timings, 50):F1} ms, p95 {Percentile(timings, 95):F1} ms, p99 {Percentile(timings, 99):F1} ms (n={timings.Count})");
        }
        report.Line($"search all kinds: p50 {Percentile(all, 50):F1} ms, p95 {Percentile(all, 95):F1} ms (target p95 ≤ 50 ms)");
    }

    public static double Percentile(List<double> values, int p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100d * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
