using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Bench;

/// <summary>
/// Appeals at city scale: the staff queues and Chinese search as the queue page runs them (ListAppeals, first page
/// of 20, a new scope per query like a request), and submission through the real HTTP API compared with the
/// engine's own single-row durable insert rate, measured before and after in the same run.
/// </summary>
public static class AppealBench
{
    private sealed record Caller(string Role, string Label, string Scope, string? UserId, string[] Queues);

    public static async Task QueuesAsync(ServiceProvider services, int queriesPerQueue, Report report)
    {
        var callers = await CallersAsync(services, queriesPerQueue);
        var total = await CountAsync(services);
        report.Line($"queues: {total:N0} appeals; callers drawn at random per role; first page of 20 per query");
        var all = new List<double>();
        foreach (var group in callers.GroupBy(c => c.Label))
        {
            foreach (var queue in group.First().Queues)
            {
                var timings = new List<double>();
                var i = 0;
                foreach (var caller in group)
                {
                    var ms = await TimeListAsync(services, caller, new AppealFilter(Queue: queue));
                    if (i++ >= 5) timings.Add(ms); // the first five warm caches and plans
                }
                all.AddRange(timings);
                report.Line($"queue {group.Key} {AppealQueues.NameOf(queue)}: p50 {SearchBench.Percentile(timings, 50):F1} ms, p95 {SearchBench.Percentile(timings, 95):F1} ms, p99 {SearchBench.Percentile(timings, 99):F1} ms (n={timings.Count})");
            }
        }
        report.Line($"queues all: p50 {SearchBench.Percentile(all, 50):F1} ms, p95 {SearchBench.Percentile(all, 95):F1} ms (target p95 ≤ 50 ms)");
    }

    /// <summary>
    /// The workbench (首页) as each caller opens it: every queue count of its appeal panel and the past-promise count,
    /// through the page's own <see cref="AppealWorkbench"/>, timed as a whole per caller (a new scope, as a request).
    /// </summary>
    public static async Task WorkbenchAsync(ServiceProvider services, int callersPerRole, Report report)
    {
        var callers = await CallersAsync(services, callersPerRole);
        var total = await CountAsync(services);
        report.Line($"workbench: {total:N0} appeals; the appeal panel's counts (每个队列的件数和其中已超出承诺时限) per caller, as 首页 computes them");
        var user = (BenchUser)services.GetRequiredService<ICurrentUser>();
        var all = new List<double>();
        foreach (var group in callers.GroupBy(c => c.Label))
        {
            var timings = new List<double>();
            var counted = new List<int>();
            var lines = new Dictionary<string, List<double>>();
            var i = 0;
            foreach (var caller in group)
            {
                (user.Role, user.ScopePath, user.UserId) = (caller.Role, caller.Scope, caller.UserId);
                var watch = Stopwatch.StartNew();
                await using (var scope = services.CreateAsyncScope())
                {
                    // Line by line as CountsAsync goes, so the slow line shows; the whole is what the page waits for.
                    var workbench = scope.ServiceProvider.GetRequiredService<AppealWorkbench>();
                    var sum = 0;
                    foreach (var (name, filter) in workbench.Filters() ?? [])
                    {
                        var line = Stopwatch.StartNew();
                        sum += await workbench.CountAsync(filter, CancellationToken.None);
                        if (i >= 5) (lines.TryGetValue(name, out var l) ? l : lines[name] = []).Add(line.Elapsed.TotalMilliseconds);
                    }
                    counted.Add(sum);
                }
                watch.Stop();
                (user.Role, user.ScopePath, user.UserId) = (Roles.Admin, null, null);
                if (i++ >= 5) timings.Add(watch.Elapsed.TotalMilliseconds); // the first five warm caches and plans
            }
            all.AddRange(timings);
            report.Line($"workbench {group.Key}: p50 {SearchBench.Percentile(timings, 50):F1} ms, p95 {SearchBench.Percentile(timings, 95):F1} ms, "
                + $"p99 {SearchBench.Percentile(timings, 99):F1} ms (n={timings.Count}; appeals counted per caller: median {SearchBench.Percentile(counted.Select(c => (double)c).ToList(), 50):F0}, most {counted.Max():N0}); "
                + "per line p50/p95: " + string.Join(", ", lines.Select(l => $"{l.Key} {SearchBench.Percentile(l.Value, 50):F1}/{SearchBench.Percentile(l.Value, 95):F1}")));
        }
        report.Line($"workbench all: p50 {SearchBench.Percentile(all, 50):F1} ms, p95 {SearchBench.Percentile(all, 95):F1} ms (the queue target, p95 ≤ 50 ms, is for one queue's first page; no target is set for the panel)");
    }

    private static readonly string[] Words = ["噪音", "漏水", "飞线充电", "电梯停运", "垃圾清运", "井盖", "燃气", "暖气不热", "高龄津贴", "楼道堆放", "渗水", "路灯不亮"];

    public static async Task SearchAsync(ServiceProvider services, int queriesPerScope, Report report)
    {
        var callers = await CallersAsync(services, queriesPerScope);
        var total = await CountAsync(services);
        report.Line($"appeal search: {total:N0} appeals; {Words.Length} words (e.g. 噪音, 漏水) in turn; first page of 20, newest first, within the caller's area");
        var all = new List<double>();
        foreach (var group in callers.GroupBy(c => c.Label))
        {
            var timings = new List<double>();
            var i = 0;
            foreach (var caller in group)
            {
                var ms = await TimeListAsync(services, caller, new AppealFilter(Q: Words[i % Words.Length]));
                if (i++ >= 5) timings.Add(ms);
            }
            all.AddRange(timings);
            report.Line($"appeal search as {group.Key}: p50 {SearchBench.Percentile(timings, 50):F1} ms, p95 {SearchBench.Percentile(timings, 95):F1} ms, p99 {SearchBench.Percentile(timings, 99):F1} ms (n={timings.Count})");
        }
        report.Line($"appeal search all: p50 {SearchBench.Percentile(all, 50):F1} ms, p95 {SearchBench.Percentile(all, 95):F1} ms (target p95 ≤ 150 ms)");
    }

    /// <summary>The SQL one caller's queue runs and the engine's plan for it, to see why a queue is slow.</summary>
    public static async Task ExplainAsync(ServiceProvider services, string role, string scopePath, string? userId, string queue, TextWriter output, bool count = false)
    {
        var user = (BenchUser)services.GetRequiredService<ICurrentUser>();
        (user.Role, user.ScopePath, user.UserId) = (role, scopePath.Length == 0 ? null : scopePath, userId);
        await using var scope = services.CreateAsyncScope();
        var list = scope.ServiceProvider.GetRequiredService<ListAppeals>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The command EF would send, parameters and all, asked for its plan instead of its rows: a first page of 20, or
        // (--count true) the workbench's count of the whole queue.
        var filter = queue.Split(':') is [var q, var status] ? new AppealFilter(Queue: q, Status: status) : new AppealFilter(Queue: queue);
        var all = await list.QueryAsync(filter, CancellationToken.None, branchLimit: count ? null : 21);
        await using var command = count ? all.Select(a => a.Id).CreateDbCommand() : all.Take(21).CreateDbCommand();
        if (count) command.CommandText = "SELECT COUNT(*) FROM (" + command.CommandText + ") AS q";
        await output.WriteLineAsync(command.CommandText);
        command.CommandText = (db.IsPostgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ") + command.CommandText;
        await db.Database.OpenConnectionAsync();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            await output.WriteLineAsync(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)?.ToString())));
    }

    private static async Task<double> TimeListAsync(ServiceProvider services, Caller caller, AppealFilter filter)
    {
        var user = (BenchUser)services.GetRequiredService<ICurrentUser>();
        user.Role = caller.Role;
        user.ScopePath = caller.Scope;
        user.UserId = caller.UserId;
        var watch = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            var list = scope.ServiceProvider.GetRequiredService<ListAppeals>();
            await list.PageAsync(filter, 1, 20, CancellationToken.None);
        }
        watch.Stop();
        user.Role = Roles.Admin;
        user.ScopePath = null;
        user.UserId = null;
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<long> CountAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Appeals.LongCountAsync();
    }

    /// <summary>Grid workers, window staff, street centres, district admins and department liaisons at random places of the city.</summary>
    private static async Task<List<Caller>> CallersAsync(ServiceProvider services, int perRole)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var areas = await db.Areas.AsNoTracking().Select(a => new { a.Id, a.Level, a.AreaPath }).ToListAsync();
        var random = new Random(11);
        List<T> Pick<T>(List<T> from) => Enumerable.Range(0, perRole).Select(_ => from[random.Next(from.Count)]).ToList();
        var grids = areas.Where(a => a.Level == AreaLevel.Grid).ToList();
        var communities = areas.Where(a => a.Level == AreaLevel.Community).ToList();
        var streets = areas.Where(a => a.Level == AreaLevel.Street).ToList();
        var districts = areas.Where(a => a.Level == AreaLevel.District).ToList();
        var callers = new List<Caller>();
        callers.AddRange(Pick(grids).Select(g => new Caller(Roles.GridWorker, "网格员", g.AreaPath, AppealGenerator.GridWorkerId(g.Id),
            [AppealQueues.Mine, AppealQueues.MyArea, AppealQueues.AwaitingAcknowledgement, AppealQueues.Overdue])));
        callers.AddRange(Pick(communities).Select(c => new Caller(Roles.WindowStaff, "社区窗口", c.AreaPath, "bench-window-" + c.Id,
            [AppealQueues.Mine, AppealQueues.ToAccept, AppealQueues.ToDispatch, AppealQueues.MyArea, AppealQueues.AwaitingAcknowledgement, AppealQueues.DueSoon, AppealQueues.Overdue, AppealQueues.FollowUp])));
        callers.AddRange(Pick(streets).Select(s => new Caller(Roles.Centre, "街道中心", s.AreaPath, "bench-street-" + s.Id,
            [AppealQueues.Mine, AppealQueues.ToDispatch, AppealQueues.DueSoon, AppealQueues.Overdue, AppealQueues.All])));
        callers.AddRange(Pick(districts).Select(d => new Caller(Roles.Admin, "区管理员", d.AreaPath, "bench-district-" + d.Id,
            [AppealQueues.Mine, AppealQueues.ToAccept, AppealQueues.Overdue, AppealQueues.All])));
        // The generated city has no departments. A liaison's account covers the district but reads only what it was
        // ever assigned, so a grid worker's account (thousands of assignments over the years) plays one here: same
        // filter, same queries, the assignments of a busy department.
        callers.AddRange(Pick(grids).Select(g => new Caller(Roles.DepartmentLiaison, "部门联络员", g.AreaPath[..(g.AreaPath.IndexOf('/') + 1)],
            AppealGenerator.GridWorkerId(g.Id), [AppealQueues.Mine, AppealQueues.AwaitingAcknowledgement, AppealQueues.DueSoon, AppealQueues.Overdue, AppealQueues.All])));
        return callers;
    }

    // ---- submission through the API against the engine's raw durable insert rate ----

    private const string Password = "Bench#2026-submit";
    private const int WarmUpSeconds = 20;

    public static async Task SubmitAsync(ServiceProvider services, string engine, string connection, int seconds, int concurrency, string webDll, Report report)
    {
        await RemoveSubmittedAsync(services);
        var (communityBuildings, categoryIds) = await PrepareAsync(services);
        await CreateRawTableAsync(engine, connection);
        var rawCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var rawMachine = MachineCpu.Busy();
        var rawBefore = await RawInsertsAsync(engine, connection, seconds, concurrency);
        var rawMachineMs = (MachineCpu.Busy() - rawMachine).TotalMilliseconds / (rawBefore * seconds);
        var rawMs = (Process.GetCurrentProcess().TotalProcessorTime - rawCpu).TotalMilliseconds / (rawBefore * seconds);
        report.Line($"submit: raw single-row durable insert (one row per transaction, {concurrency} connections, {seconds} s): {rawBefore:F0} rows/s; "
            + $"CPU per row in this process {rawMs:F3} ms{(engine == "postgres" ? " (the server's own CPU not included)" : " (SQLite runs in this process)")}, "
            + $"whole machine {rawMachineMs:F3} ms");

        var port = FreePort();
        using var app = StartApp(webDll, engine, connection, port);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60),
        };
        await WaitHealthyAsync(http, app);
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = "bench-window", password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        // Warm-up: a server runs for days, so its steady state is what counts. Tiered compilation keeps re-compiling hot
        // methods in the background for well over 10 s after start on two busy cores (a profile showed the JIT at a
        // tenth of the app's CPU 25 s in), so the clock starts only after 20 s of submissions.
        await ApiSubmitAsync(http, communityBuildings, categoryIds, WarmUpSeconds, concurrency, seed: 1);
        // CPU time of the app and of this client over the measured phase: says whether the rate is bound by CPU or by waiting.
        app.Refresh();
        var appCpu = app.TotalProcessorTime;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machine = MachineCpu.Busy();
        var phase = Stopwatch.StartNew();
        var (apiRate, failures) = await ApiSubmitAsync(http, communityBuildings, categoryIds, seconds, concurrency, seed: 2);
        phase.Stop();
        var machineMs = (MachineCpu.Busy() - machine).TotalMilliseconds;
        app.Refresh();
        var appeals = apiRate * phase.Elapsed.TotalSeconds;
        var appMs = (app.TotalProcessorTime - appCpu).TotalMilliseconds;
        var clientMs = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMilliseconds;
        report.Line($"submit: API POST /api/v1/appeals over loopback HTTP ({concurrency} clients, {seconds} s after {WarmUpSeconds} s warm-up): {apiRate:F0} appeals/s, {failures} failed; "
            + $"CPU per appeal: app {appMs / appeals:F2} ms, client {clientMs / appeals:F2} ms, whole machine {machineMs / appeals:F2} ms "
            + $"(app busy {appMs / phase.Elapsed.TotalMilliseconds / Environment.ProcessorCount:P0}, machine {machineMs / phase.Elapsed.TotalMilliseconds / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores)");
        // The floor: the same requests from the same clients to the same warm app, each refused by validation (a
        // description too short) before anything is written. What they cost is HTTP, sign-in, JSON and validation with
        // no database write at all, so no design of the write path can take submissions faster than this on this machine.
        appCpu = app.TotalProcessorTime;
        machine = MachineCpu.Busy();
        phase.Restart();
        var (floorRate, floorFailures) = await ApiSubmitAsync(http, communityBuildings, categoryIds, seconds, concurrency, seed: 3, refused: true);
        phase.Stop();
        var floorMachineMs = (MachineCpu.Busy() - machine).TotalMilliseconds;
        app.Refresh();
        var floorRequests = floorRate * phase.Elapsed.TotalSeconds;
        var floorAppMs = (app.TotalProcessorTime - appCpu).TotalMilliseconds;
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();

        var (rowRate, rowMachineMs) = await AppealRowsAsync(services, engine, connection, seconds);

        var rawAfter = await RawInsertsAsync(engine, connection, seconds, concurrency);
        var raw = (rawBefore + rawAfter) / 2;
        report.Line($"submit: raw single-row durable insert again: {rawAfter:F0} rows/s; API / mean raw = {apiRate / raw:P0} (target ≥ 50%)");
        // If every core did nothing but submissions at this CPU cost each (app, client, engine and kernel together), this
        // is the most the machine could take: a target above it needs less CPU per appeal, not less waiting.
        var ceiling = Environment.ProcessorCount * 1000 / (machineMs / appeals);
        report.Line($"submit: CPU ceiling at {machineMs / appeals:F2} ms of machine CPU per appeal on {Environment.ProcessorCount} cores: {ceiling:F0} appeals/s = {ceiling / raw:P0} of raw");
        report.Line($"submit: floor, the same requests refused by validation (422, nothing written; {concurrency} clients, {seconds} s): {floorRate:F0} requests/s = {floorRate / raw:P0} of raw, "
            + $"{floorFailures} not refused; CPU per request: app {floorAppMs / floorRequests:F2} ms, whole machine {floorMachineMs / floorRequests:F2} ms");
        // The bound: no design can spend less per appeal than the request that writes nothing (the floor) plus the appeal's
        // own row written in the cheapest durable way the app has (the writer's batches, nothing else). A design that
        // answers first and writes the row later moves that cost, it does not remove it: over time it is paid all the same.
        var floorMs = floorMachineMs / floorRequests;
        var bound = Environment.ProcessorCount * 1000 / (floorMs + rowMachineMs);
        report.Line($"submit: the appeal row alone, written as the intake writer writes it (batches of {RowBatch} in one transaction, "
            + $"one writer, no event, audit entry or read, {seconds} s): {rowRate:F0} rows/s, whole machine {rowMachineMs:F3} ms per row; "
            + $"with the floor's {floorMs:F3} ms, no design can sustain more than {bound:F0} appeals/s on {Environment.ProcessorCount} cores = {bound / raw:P0} of raw "
            + "(whole-machine CPU: meaningful only on an otherwise quiet machine)");
        var removed = await RemoveSubmittedAsync(services);
        report.Line($"submit: removed the {removed:N0} appeals this run submitted and the raw rows, so queues and search are measured on the generated city next time");
    }

    /// <summary>
    /// Deletes what submit runs add: the bench account's appeals (all in one community, the newest in the city, which
    /// would otherwise pile up run after run and skew the queue figures), their events, and the raw insert rows. The
    /// audit entries stay: the log is append-only (a trigger refuses deletes). Also run at the start of a submit run,
    /// for what a killed run left.
    /// </summary>
    public static async Task<int> RemoveSubmittedAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        var userId = await db.Users.Where(u => u.UserName == "bench-window").Select(u => u.Id).FirstOrDefaultAsync();
        var removed = 0;
        if (userId is not null)
        {
            var ids = db.Appeals.IgnoreQueryFilters().Where(a => a.SubmittedByUserId == userId).Select(a => a.Id);
            await db.AppealEvents.Where(e => ids.Contains(e.AppealId)).ExecuteDeleteAsync();
            await db.AppealAttachments.IgnoreQueryFilters().Where(x => ids.Contains(x.AppealId)).ExecuteDeleteAsync();
            await db.AppealAssignments.Where(x => ids.Contains(x.AppealId)).ExecuteDeleteAsync();
            removed = await db.Appeals.IgnoreQueryFilters().Where(a => a.SubmittedByUserId == userId).ExecuteDeleteAsync();
        }
        await db.Database.ExecuteSqlRawAsync("DROP TABLE IF EXISTS \"BenchRawInserts\"");
        await VacuumAsync(db, "Appeals", "AppealEvents", "AppealAttachments", "AppealAssignments");
        return removed;
    }

    /// <summary>
    /// On PostgreSQL, what autovacuum would do in time, done at once: deleted or rolled-back rows leave dead tuples that
    /// every later read of the kept city walks past. Found on 2026-11-25: after two calendar-recount runs (each rewrites
    /// every open appeal and rolls back) the Appeals table held 838,000 dead tuples and no statistics (a restarted
    /// cluster forgets them, so autovacuum did not start), and a district's 即将到期 count took 408 ms instead of 58.
    /// </summary>
    public static async Task VacuumAsync(AppDbContext db, params string[] tables)
    {
        if (!db.IsPostgres) return;
        foreach (var table in tables)
        {
            var sql = "VACUUM (ANALYZE) \"" + table + "\""; // our own table names, never input
            await db.Database.ExecuteSqlRawAsync(sql);
        }
    }

    private static async Task<(List<int> Buildings, List<int> Categories)> PrepareAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var community = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Id).FirstAsync();
        var high = AreaPaths.UpperBound(community.AreaPath);
        var buildings = await db.Buildings.AsNoTracking()
            .Where(b => string.Compare(b.AreaPath, community.AreaPath) >= 0 && string.Compare(b.AreaPath, high) < 0).Select(b => b.Id).ToListAsync();
        var categories = await db.AppealCategories.AsNoTracking().Where(c => c.IsActive).Select(c => c.Id).ToListAsync();
        if (!await db.Users.AnyAsync(u => u.UserName == "bench-window"))
        {
            db.SuppressEntityAudit = true;
            if (!await db.Roles.AnyAsync(r => r.Name == Roles.WindowStaff))
                db.Roles.Add(new IdentityRole(Roles.WindowStaff) { NormalizedName = Roles.WindowStaff.ToUpperInvariant() });
            var user = new StaffUser
            {
                UserName = "bench-window", NormalizedUserName = "BENCH-WINDOW", DisplayName = "基准测试窗口", AreaId = community.Id,
                AreaPath = community.AreaPath, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = false,
            };
            user.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(user, Password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            var roleId = await db.Roles.Where(r => r.Name == Roles.WindowStaff).Select(r => r.Id).FirstAsync();
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
            await db.SaveChangesAsync();
        }
        return (buildings, categories);
    }

    private static async Task CreateRawTableAsync(string engine, string connection)
    {
        if (engine == "postgres")
        {
            await using var pg = new NpgsqlConnection(connection);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand("""CREATE TABLE IF NOT EXISTS "BenchRawInserts" ("Id" bigserial PRIMARY KEY, "Payload" text NOT NULL, "At" timestamptz NOT NULL)""", pg);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var sqlite = await OpenSqliteAsync(connection);
            await using var command = sqlite.CreateCommand();
            command.CommandText = """CREATE TABLE IF NOT EXISTS "BenchRawInserts" ("Id" INTEGER PRIMARY KEY AUTOINCREMENT, "Payload" TEXT NOT NULL, "At" INTEGER NOT NULL)""";
            await command.ExecuteNonQueryAsync();
        }
    }

    private const int RowBatch = 64; // as AppealIntakeWriter's largest batch

    /// <summary>
    /// Appeal rows alone, durably, in the intake writer's way: up to <see cref="RowBatch"/> rows per transaction through
    /// the app's own <see cref="EntityInsert{T}"/> (prepared statements on SQLite, one batch per round trip on
    /// PostgreSQL), into the real table with every index the queues and search need, and nothing else: no timeline event,
    /// audit entry, duplicate search or HTTP. Rows are the bench account's, so the clean-up removes them.
    /// </summary>
    private static async Task<(double Rate, double MachineMs)> AppealRowsAsync(ServiceProvider services, string engine, string connection, int seconds)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = await db.Users.Where(u => u.UserName == "bench-window").Select(u => u.Id).FirstAsync();
        var community = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Id).FirstAsync();
        var high = AreaPaths.UpperBound(community.AreaPath);
        var buildings = await db.Buildings.AsNoTracking()
            .Where(b => string.Compare(b.AreaPath, community.AreaPath) >= 0 && string.Compare(b.AreaPath, high) < 0)
            .Select(b => new { b.Id, b.Name, b.AreaPath, Compound = b.Compound!.Name }).ToListAsync();
        var categories = await db.AppealCategories.AsNoTracking().Where(c => c.IsActive).Select(c => new { c.Id, c.Name }).ToListAsync();
        var nextId = (await db.Appeals.IgnoreQueryFilters().MaxAsync(a => (long?)a.Id) ?? 0) + 1_000_000_000; // clear of the sequence
        var insert = new EntityInsert<Appeal>(db.Model, keyFromStore: false);
        var random = new Random(4);
        Appeal Next()
        {
            var id = nextId++;
            var b = buildings[random.Next(buildings.Count)];
            var category = categories[random.Next(categories.Count)];
            var now = DateTimeOffset.UtcNow;
            var appeal = new Appeal
            {
                Id = id, TrackingCode = "0" + (id % 10_000_000).ToString("D7", CultureInfo.InvariantCulture), // '0' is outside the codes' alphabet
                Number = "BR" + id.ToString(CultureInfo.InvariantCulture), Kind = AppealKind.Complaint, CategoryId = category.Id,
                Channel = AppealChannel.Window, Urgency = AppealUrgency.General, Title = category.Name, Description = Payload,
                BuildingId = b.Id, Address = $"{b.Compound}{b.Name}", AreaPath = b.AreaPath, CommunityId = community.Id,
                ReporterName = "王先生", SubmittedByUserId = userId, SubmittedAt = now, LastProgressAt = now,
                DispatchDueAt = now.AddDays(1), FeedbackDueAt = now.AddDays(9), PromisedFeedbackAt = now.AddDays(9),
                FeedbackLimitFrom = now, PromiseMadeAt = now, FeedbackWorkingDays = 7, PromiseWorkingDays = 7,
            };
            appeal.SearchText = AppealSearchText.For(appeal, category.Name);
            return appeal;
        }

        var machine = MachineCpu.Busy();
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        var rows = 0;
        if (engine == "postgres")
        {
            await using var pg = new NpgsqlConnection(connection);
            await pg.OpenAsync();
            while (clock.Elapsed < limit)
            {
                await using var batch = pg.CreateBatch();
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                for (var i = 0; i < RowBatch; i++) insert.AddTo(batch, Next());
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                await batch.ExecuteNonQueryAsync();
                rows += RowBatch;
            }
        }
        else
        {
            await using var sqlite = await OpenSqliteAsync(connection);
            await using var prepared = insert.Prepare(sqlite);
            while (clock.Elapsed < limit)
            {
                await using var transaction = await sqlite.BeginTransactionAsync();
                for (var i = 0; i < RowBatch; i++) await prepared.InsertAsync(transaction, Next());
                await transaction.CommitAsync();
                rows += RowBatch;
            }
        }
        clock.Stop();
        return (rows / clock.Elapsed.TotalSeconds, (MachineCpu.Busy() - machine).TotalMilliseconds / rows);
    }

    private const string Payload = "清源小区3号楼2单元楼道有人从三楼窗户拉电线下来给电动车飞线充电，晚上一直插着，电线垂到地面，存在火灾隐患，请尽快处理。";

    /// <summary>Rows per second when each insert is its own committed (fsynced) transaction, on the engine's durable settings.</summary>
    private static async Task<double> RawInsertsAsync(string engine, string connection, int seconds, int concurrency)
    {
        var deadline = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        var counts = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var n = 0;
            if (engine == "postgres")
            {
                await using var pg = new NpgsqlConnection(connection);
                await pg.OpenAsync();
                await using var command = new NpgsqlCommand("""INSERT INTO "BenchRawInserts" ("Payload", "At") VALUES ($1, $2)""", pg);
                command.Parameters.Add(new NpgsqlParameter { Value = Payload });
                command.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
                await command.PrepareAsync();
                while (deadline.Elapsed < limit)
                {
                    command.Parameters[1].Value = DateTimeOffset.UtcNow;
                    await command.ExecuteNonQueryAsync();
                    n++;
                }
            }
            else
            {
                await using var sqlite = await OpenSqliteAsync(connection);
                await using var command = sqlite.CreateCommand();
                command.CommandText = """INSERT INTO "BenchRawInserts" ("Payload", "At") VALUES ($p, $t)""";
                var p = command.Parameters.Add(new SqliteParameter("$p", Payload));
                var t = command.Parameters.Add(new SqliteParameter("$t", 0L));
                command.Prepare();
                while (deadline.Elapsed < limit)
                {
                    t.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    await command.ExecuteNonQueryAsync();
                    n++;
                }
            }
            return n;
        }));
        return counts.Sum() / deadline.Elapsed.TotalSeconds;
    }

    /// <summary>The app's own SQLite settings (WAL, synchronous=FULL, busy timeout), so "durable" means the same thing.</summary>
    private static async Task<SqliteConnection> OpenSqliteAsync(string connection)
    {
        var sqlite = new SqliteConnection(connection);
        await sqlite.OpenAsync();
        await using var pragmas = sqlite.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;";
        await pragmas.ExecuteNonQueryAsync();
        return sqlite;
    }

    /// <summary>Clients posting appeals for the given time; with <paramref name="refused"/>, each description is too short, so the app answers 422 and writes nothing.</summary>
    private static async Task<(double Rate, int Failures)> ApiSubmitAsync(HttpClient http, List<int> buildings, List<int> categories, int seconds, int concurrency, int seed, bool refused = false)
    {
        var expected = refused ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Created;
        var description = refused ? "太短" : Payload;
        var deadline = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        var failures = 0;
        string? firstFailure = null;
        var counts = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var random = new Random(seed * 100 + worker);
            var n = 0;
            while (deadline.Elapsed < limit)
            {
                using var response = await http.PostAsJsonAsync("/api/v1/appeals", new
                {
                    kind = 1 + random.Next(5), categoryId = categories[random.Next(categories.Count)], description,
                    buildingId = buildings[random.Next(buildings.Count)], channel = (int)AppealChannel.Window, reporterName = "王先生",
                    reporterPhone = "138" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                    idempotencyKey = refused ? null : Guid.NewGuid().ToString("N"), // a refused request with a key would look its key up
                });
                if (response.StatusCode == expected) n++;
                else
                {
                    Interlocked.Increment(ref failures);
                    firstFailure ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                }
            }
            return n;
        }));
        if (firstFailure is not null) Console.Error.WriteLine("first failed submission: " + firstFailure);
        return (counts.Sum() / deadline.Elapsed.TotalSeconds, failures);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The real app as it runs in production, on this database, loopback only, background jobs off so only submissions are measured.</summary>
    private static Process StartApp(string webDll, string engine, string connection, int port)
    {
        var start = new ProcessStartInfo("dotnet", [Path.GetFullPath(webDll)])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(webDll))!,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Urls"] = $"http://127.0.0.1:{port}";
        env["Database__Provider"] = engine == "postgres" ? "Postgres" : "Sqlite";
        env["ConnectionStrings__Tongban"] = connection;
        env["Demo__Enabled"] = "false";
        env["SensitiveData__EncryptionKey"] = BenchServices.EncryptionKey;
        env["SensitiveData__LookupKey"] = BenchServices.LookupKey;
        env["Appeals__Jobs__DeadlinesEnabled"] = "false";
        env["Appeals__Jobs__OutboxEnabled"] = "false";
        // The generated city has millions of appeals closed long ago: the retention job would spend the run erasing
        // their reporters' contacts, and change the kept bench database for the next run.
        env["Privacy__RetentionEnabled"] = "false";
        env["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)) Console.Error.WriteLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process app)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (app.HasExited) throw new InvalidOperationException($"the app exited with code {app.ExitCode}");
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("the app did not become healthy in 3 minutes");
    }
}

/// <summary>
/// CPU time used by the whole machine (every process and the kernel: app, bench client, PostgreSQL, loopback TCP), from
/// /proc/stat. Zero where there is no /proc (the figures then read 0).
/// </summary>
internal static class MachineCpu
{
    public static TimeSpan Busy()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        // cpu  user nice system idle iowait irq softirq steal ...: busy is user + nice + system + irq + softirq (steal is
        // time the hypervisor gave to others), in clock ticks of 10 ms (USER_HZ is 100 on Linux).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6];
        return TimeSpan.FromMilliseconds(busy * 10);
    }
}
