using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tongban.Bench;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

// Tongban benchmarks. Never run as tests; results are appended to a Markdown file.
//   generate --engine sqlite|postgres --connection CS --residents N [--districts K]   city-scale data (1M residents ≈ 112 districts)
//   search   --engine … --connection … [--queries 600]                   resident search latency (p50/p95/p99)
//   import   --engine … --connection … [--rows 100000]                   .xlsx import of new residents, wall time
//   generate-appeals --engine … --connection … --appeals N                appeals over the generated city (run generate first)
//   queues   --engine … --connection … [--queries 200]                    staff queue latency per role and queue
//   workbench --engine … --connection … [--queries 60]                   首页's appeal panel (every queue count) per caller, per role
//   appeal-search --engine … --connection … [--queries 200]               Chinese appeal search latency per role
//   explain-queue --engine … --connection … --role grid_worker --scope AREAPATH [--user ID] --queue mine
//            [--count true]   one caller's queue: the SQL ListAppeals runs and the engine's plan for it (printed, not
//            appended); with --count, the workbench's count of the whole queue (queue mine:past-promise adds a status)
//   submit   --engine … --connection … --web PATH/Tongban.Web.dll [--seconds 20] [--concurrency 4]
//            API submission rate over loopback HTTP against the engine's raw single-row durable insert rate
//            (removes what it submitted afterwards; submit-cleanup --engine … --connection … does only that)
//   services-rota [--runs 50] / services-guide --url http://127.0.0.1:PORT [--requests 300]   一岗通办 (ServicesBench.cs)
//   outreach --engine … --connection … [--queries 300] [--households 2000]  a grid worker's day list in a 2,000-household grid (p50/p95/p99)
//   calendar-recount --engine … --connection …   correcting the current year's holidays on the appeals city: the save
//            that counts open appeals' limits again, timed (CalendarBench.cs; rolled back, the city is unchanged)
// Common: --out bench/results/FILE.md
var options = Args.Parse(args);
var command = args.FirstOrDefault() ?? "";
var engine = options.Get("engine", "sqlite");
var connection = options.Get("connection", "");
var output = options.Get("out", Path.Combine("bench", "results", "latest.md"));
if (command is "services-rota" or "services-guide")
{
    var servicesReport = new Report(output, engine);
    if (command == "services-rota") ServicesBench.Rota(int.Parse(options.Get("runs", "50"), CultureInfo.InvariantCulture), servicesReport);
    else await ServicesBench.GuideAsync(options.Get("url", "http://127.0.0.1:5080"), int.Parse(options.Get("requests", "300"), CultureInfo.InvariantCulture), servicesReport);
    servicesReport.Flush();
    return 0;
}
if (connection.Length == 0 || command is not ("generate" or "search" or "import" or "generate-appeals" or "queues" or "workbench" or "appeal-search" or "submit" or "submit-cleanup" or "outreach" or "explain-queue" or "migrate" or "calendar-recount"))
{
    Console.Error.WriteLine("usage: Tongban.Bench generate|search|import|outreach --engine sqlite|postgres --connection CS [--residents N] [--queries N] [--rows N] [--out FILE]");
    return 2;
}

await using var services = BenchServices.Build(engine, connection);
var report = new Report(output, engine);
switch (command)
{
    case "explain-queue":
        await AppealBench.ExplainAsync(services, options.Get("role", Roles.GridWorker), options.Get("scope", ""), options.Get("user", "") is { Length: > 0 } u ? u : null,
            options.Get("queue", Tongban.Web.Features.Appeals.AppealQueues.Mine), Console.Out, options.Get("count", "false") == "true");
        return 0;
    case "generate":
    {
        var target = int.Parse(options.Get("residents", "1000000"), CultureInfo.InvariantCulture);
        int? districts = options.Get("districts", "") is { Length: > 0 } d ? int.Parse(d, CultureInfo.InvariantCulture) : null;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(15)); // index builds over 1M rows outlast the 30 s default on a busy machine
        var protector = scope.ServiceProvider.GetRequiredService<SensitiveDataProtector>();
        var total = Stopwatch.StartNew();
        CityGenerator.Result result;
        if (db.IsPostgres)
        {
            var pg = (NpgsqlConnection)db.Database.GetDbConnection();
            await pg.OpenAsync();
            // Bulk loading practice: drop the search index, load, build it once.
            await db.Database.ExecuteSqlRawAsync("""DROP INDEX IF EXISTS "IX_Residents_SearchText_gin" """);
            result = await new CityGenerator(db, new PostgresBulkWriter(pg), protector, Console.Out).GenerateAsync(target, districts);
            await db.Database.ExecuteSqlRawAsync("""CREATE INDEX "IX_Residents_SearchText_gin" ON "Residents" USING gin (to_tsvector('simple', "SearchText"))""");
            // Rows were copied with their ids: move each identity sequence past them.
            await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('"Dwellings"', 'Id'), (SELECT COALESCE(MAX("Id"), 1) FROM "Dwellings"))""");
            await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('"Households"', 'Id'), (SELECT COALESCE(MAX("Id"), 1) FROM "Households"))""");
            await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('"Residents"', 'Id'), (SELECT COALESCE(MAX("Id"), 1) FROM "Residents"))""");
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
        else
        {
            var sqlite = (SqliteConnection)db.Database.GetDbConnection();
            await sqlite.OpenAsync();
            result = await new CityGenerator(db, new SqliteBulkWriter(sqlite), protector, Console.Out).GenerateAsync(target, districts);
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
        report.Line($"generate: {result.Residents:N0} residents, {result.Households:N0} households, {result.Dwellings:N0} dwellings, {result.Buildings:N0} buildings in {result.Districts} districts; places {result.Places.TotalSeconds:F1} s, people {result.People.TotalSeconds:F1} s, total {total.Elapsed.TotalSeconds:F1} s");
        await OutreachBench.FillDuesAsync(db, report); // the rows came with the households; compute them as a migration would
        break;
    }
    case "calendar-recount":
        await CalendarBench.RunAsync(services, report);
        break;
    case "migrate":
    {
        // A kept city generated by an older build: bring it to this build's schema, and say what that cost at this size.
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count == 0) break;
        db.Database.SetCommandTimeout(TimeSpan.FromHours(3));
        var took = Stopwatch.StartNew();
        await db.Database.MigrateAsync();
        report.Line($"migrate: {string.Join(", ", pending.Select(m => m[(m.IndexOf('_') + 1)..]))} applied in {took.Elapsed.TotalSeconds:F1} s");
        break;
    }
    case "search":
        await SearchBench.RunAsync(services, int.Parse(options.Get("queries", "600"), CultureInfo.InvariantCulture), report);
        break;
    case "outreach":
        await OutreachBench.RunAsync(services, int.Parse(options.Get("queries", "300"), CultureInfo.InvariantCulture), int.Parse(options.Get("households", "2000"), CultureInfo.InvariantCulture), report);
        break;
    case "import":
        await ImportBench.RunAsync(services, int.Parse(options.Get("rows", "100000"), CultureInfo.InvariantCulture), report);
        break;
    case "generate-appeals":
        await AppealLoad.GenerateAsync(services, int.Parse(options.Get("appeals", "5000000"), CultureInfo.InvariantCulture), report);
        break;
    case "queues":
        await AppealBench.QueuesAsync(services, int.Parse(options.Get("queries", "200"), CultureInfo.InvariantCulture), report);
        break;
    case "workbench":
        await AppealBench.WorkbenchAsync(services, int.Parse(options.Get("queries", "60"), CultureInfo.InvariantCulture), report);
        break;
    case "appeal-search":
        await AppealBench.SearchAsync(services, int.Parse(options.Get("queries", "200"), CultureInfo.InvariantCulture), report);
        break;
    case "submit-cleanup":
        report.Line($"submit-cleanup: removed {await AppealBench.RemoveSubmittedAsync(services):N0} appeals left by submit runs, and the raw rows");
        break;
    case "submit":
        await AppealBench.SubmitAsync(services, engine, connection, int.Parse(options.Get("seconds", "20"), CultureInfo.InvariantCulture),
            int.Parse(options.Get("concurrency", "4"), CultureInfo.InvariantCulture), options.Get("web", "src/Tongban.Web/bin/Release/net10.0/Tongban.Web.dll"), report);
        break;
}
report.Flush();
return 0;

internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        return new Args(values);
    }

    public string Get(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;
}

/// <summary>The app's own services (context, protector, audit) without the web host.</summary>
internal static class BenchServices
{
    public const string EncryptionKey = "YmVuY2gtb25seS10b25nYmFuLWVuY3J5cHRpb24ta3k=";
    public const string LookupKey = "YmVuY2gtb25seS10b25nYmFuLWxvb2t1cC1rZXktMzI=";

    public static ServiceProvider Build(string engine, string connection)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<ICurrentUser, BenchUser>();
        services.AddSingleton(Options.Create(new SensitiveDataOptions { EncryptionKey = EncryptionKey, LookupKey = LookupKey }));
        services.AddSingleton<SensitiveDataProtector>();
        services.AddScoped<AuditLog>();
        services.AddOptions<Tongban.Web.Features.Appeals.AppealOptions>();
        services.AddScoped<Tongban.Web.Features.Appeals.AppealNotifier>();
        services.AddScoped<Tongban.Web.Features.Appeals.AppealWorkflow>();
        services.AddSingleton<Tongban.Web.Features.Appeals.ActorCache>();
        services.AddScoped<Tongban.Web.Features.Appeals.ListAppeals>();
        services.AddScoped<Tongban.Web.Features.Appeals.AppealWorkbench>();
        CalendarBench.AddServices(services);
        if (engine == "postgres")
        {
            services.AddDbContext<PostgresAppDbContext>(o => DatabaseSetup.ConfigurePostgres(o, connection));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
        }
        else
        {
            services.AddDbContext<SqliteAppDbContext>(o => DatabaseSetup.ConfigureSqlite(o, connection));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
        }
        return services.BuildServiceProvider();
    }
}

/// <summary>The benchmark's caller: by default the whole city; a search run can narrow it to one grid.</summary>
internal sealed class BenchUser : ICurrentUser
{
    public string? UserId { get; set; }
    public string UserName => "基准测试";
    public bool IsAuthenticated => true;

    /// <summary>The role the next queries run as; an admin may do everything.</summary>
    public string Role { get; set; } = Roles.Admin;
    public bool IsInRole(string role) => role == Role;
    public bool HasPermission(string permission) => Role == Roles.Admin || Permissions.ForRole(Role).Contains(permission);
    public string? ScopePath { get; set; }
}

public sealed class Report(string path, string engine)
{
    private readonly List<string> _lines = [];

    public void Line(string text)
    {
        var line = $"- {DateTimeOffset.UtcNow.ToShanghai():yyyy-MM-dd HH:mm} 北京时间 [{engine}] {text}";
        Console.WriteLine(line);
        _lines.Add(line);
    }

    public void Flush()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.AppendAllLines(path, _lines);
    }
}
