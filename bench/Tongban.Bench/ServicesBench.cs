using System.Diagnostics;
using Tongban.Web.Features.Services;

namespace Tongban.Bench;

/// <summary>
/// 一岗通办 benchmarks. rota: the month generator and checker for 20 staff, 3 posts, weekday, evening and Saturday
/// hours, with some leave (target ≤ 2 s). guide: GET of the public guide pages against a running app on loopback; the
/// time measured at the client includes the loopback round trip, so it is an upper bound of server time (target p95 ≤ 30 ms).
/// </summary>
public static class ServicesBench
{
    public static void Rota(int runs, Report report)
    {
        var input = MonthInput(2026, 12);
        RotaGenerator.Check(input, RotaGenerator.Generate(input)); // warm-up (JIT)
        var times = new List<double>();
        IReadOnlyList<RotaConflict> conflicts = [];
        IReadOnlyList<RotaLine> lines = [];
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            lines = RotaGenerator.Generate(input);
            conflicts = RotaGenerator.Check(input, lines);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var loads = RotaGenerator.Loads(input, lines);
        report.Line($"rota: 20 staff, 3 posts, {input.Periods.Count} opening periods in 2026-12, {lines.Count} assignments, {conflicts.Count} conflicts; " +
            $"generate+check over {runs} runs: median {Percentile(times, 50):F1} ms, p95 {Percentile(times, 95):F1} ms, max {times.Max():F1} ms; " +
            $"hours per person {loads.Min(l => l.Hours)}–{loads.Max(l => l.Hours)}, evening/weekend shifts {loads.Min(l => l.ExtendedShifts)}–{loads.Max(l => l.ExtendedShifts)} (target ≤ 2 s)");
    }

    public static async Task GuideAsync(string baseUrl, int requests, Report report)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        string[] urls = ["/guide", "/guide?q=" + Uri.EscapeDataString("残疾"), "/guide?q=gljt", "/guide/disability-nursing-subsidy", "/guide/minimum-living",
            "/guide/residence-permit/print", "/api/v1/public/guide?q=" + Uri.EscapeDataString("低保")];
        foreach (var url in urls) (await client.GetAsync(url)).EnsureSuccessStatusCode(); // warm-up
        foreach (var url in urls)
        {
            var times = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
            }
            report.Line($"guide GET {url}: {requests} requests, median {Percentile(times, 50):F1} ms, p95 {Percentile(times, 95):F1} ms, p99 {Percentile(times, 99):F1} ms (target p95 ≤ 30 ms)");
        }
    }

    private static RotaInput MonthInput(int year, int month)
    {
        var staff = Enumerable.Range(1, 20).Select(i => new RotaStaff($"u{i}", $"工作人员{i}")).ToList();
        RotaPost[] posts = [new(1, 1, "一号百通岗"), new(2, 2, "二号百通岗"), new(3, 3, "三号百通岗")];
        var periods = new List<RotaPeriod>();
        var leave = new HashSet<(string, DateOnly)>();
        for (var d = new DateOnly(year, month, 1); d.Month == month; d = d.AddDays(1))
        {
            if (d.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Friday) periods.Add(new(d, new(8, 30), new(17, 30), false, 3));
            if (d.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday) periods.Add(new(d, new(17, 30), new(20, 0), true, 1));
            if (d.DayOfWeek == DayOfWeek.Saturday) periods.Add(new(d, new(9, 0), new(12, 0), true, 2));
            if (d.Day is >= 7 and <= 11) leave.Add(("u3", d));
            if (d.Day is >= 14 and <= 18) leave.Add(("u9", d));
        }
        return new RotaInput(staff, posts, periods, leave);
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
