using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;

namespace Tongban.Bench;

/// <summary>
/// Fills a generated city with appeals submitted over the last three years: old ones closed (a few rejected or merged),
/// the last month's spread over every open state with assignments to the grid's worker, as the process leaves them.
/// Texts are assembled from invented phrases per category, so common words (噪音, 漏水) match many rows, as in life.
/// Timeline events are not generated: none of the measured queries reads them.
/// </summary>
public sealed class AppealGenerator(AppDbContext db, IBulkWriter bulk, TextWriter log)
{
    public sealed record Result(long Appeals, long Open, long Assignments, TimeSpan Elapsed);

    /// <summary>User id given to the generated grid worker of a grid, so the "mine" queue has owners.</summary>
    public static string GridWorkerId(int gridId) => string.Create(CultureInfo.InvariantCulture, $"bench-grid-{gridId}");

    private static readonly Dictionary<string, (AppealKind Kind, string[] Problems)> Phrases = new()
    {
        ["noise"] = (AppealKind.Complaint, ["楼上装修电钻噪音", "夜间广场舞音响噪音", "商铺外放音响噪音", "空调外机噪音", "夜里拖拽家具噪音", "工地夜间施工噪音"]),
        ["leak"] = (AppealKind.Help, ["卫生间天花板渗水", "屋顶下雨漏水", "楼上水管破裂漏水到我家", "外墙渗水墙皮脱落", "地下室管道漏水"]),
        ["ev"] = (AppealKind.Report, ["楼道飞线充电", "电动车推进电梯", "充电桩不够用", "电动车停在楼道充电", "从窗户拉电线给电动车充电"]),
        ["env.garbage"] = (AppealKind.Complaint, ["垃圾桶满溢无人清运", "垃圾分类投放点脏乱", "建筑垃圾堆在路边", "垃圾清运车早上太吵"]),
        ["env.clutter"] = (AppealKind.Report, ["楼道堆放杂物", "消防通道被旧家具堵塞", "楼梯间堆放纸箱", "地下室堆满废品"]),
        ["env.green"] = (AppealKind.Suggestion, ["树木遮挡采光", "绿地被占用种菜", "枯树有倒伏危险", "草坪长期没人修剪"]),
        ["property"] = (AppealKind.Complaint, ["电梯经常停运", "物业费收支不公示", "门禁坏了没人修", "小区保洁不到位", "楼道灯坏了很久"]),
        ["utilities.water"] = (AppealKind.Help, ["突然停水没有通知", "自来水发黄", "水压太低上不了楼"]),
        ["utilities.power"] = (AppealKind.Help, ["整栋楼停电", "电压不稳灯一直闪", "电表箱冒火花"]),
        ["utilities.gas"] = (AppealKind.Help, ["楼道闻到燃气味", "燃气表漏气", "停气没有通知"]),
        ["utilities.heating"] = (AppealKind.Help, ["暖气不热", "暖气片漏水", "供暖管道有异响"]),
        ["neighbour"] = (AppealKind.Help, ["邻居占用公共走廊", "楼上高跟鞋声音影响休息", "邻居家狗夜里一直叫", "邻居在楼道堆放鞋柜"]),
        ["policy"] = (AppealKind.Inquiry, ["咨询高龄津贴怎么申请", "咨询城乡居民医保缴费", "咨询残疾人补贴", "咨询居住登记需要什么材料", "咨询养老保险缴费档次"]),
        ["road"] = (AppealKind.Report, ["路灯不亮", "井盖缺失", "路面坑洼积水", "人行道砖松动", "小区门口道路破损"]),
        ["hazard"] = (AppealKind.Report, ["高空坠物隐患", "外墙瓷砖脱落", "消防栓没有水", "危房墙体开裂"]),
        ["other"] = (AppealKind.Suggestion, ["建议增设休闲座椅", "建议开设老年食堂", "建议增加快递柜", "建议增设儿童游乐设施"]),
    };

    private static readonly string[] Details =
    [
        "已经持续一周了", "老人孩子都受影响", "反映过一次没有解决", "希望尽快处理", "晚上尤其严重", "楼里很多住户都有意见",
        "存在安全隐患", "周末更厉害", "请社区协调", "物业说不归他们管", "下雨天更明显", "影响出行",
    ];

    private static readonly string[] Places = ["1单元门口", "2单元楼道", "3单元", "楼下", "北门", "南门", "地下车库", "东侧空地", "楼顶", "单元电梯口"];

    public async Task<Result> GenerateAsync(int count, DateTimeOffset now, int seed = 20261124)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await new AppealDefaults().EnsureAsync(db, CancellationToken.None);
        var categories = await db.AppealCategories.AsNoTracking().Where(c => c.Code != "env" && c.Code != "utilities")
            .Select(c => new { c.Id, c.Code, c.Name, c.DefaultUrgency }).ToListAsync();
        var buildings = await db.Buildings.IgnoreQueryFilters().AsNoTracking()
            .Select(b => new { b.Id, b.Name, b.AreaPath, b.GridId, Compound = b.Compound!.Name, b.Compound.CommunityId, b.Compound.PropertyCompany }).ToListAsync();
        if (buildings.Count == 0) throw new InvalidOperationException("没有楼栋：先运行 generate 生成城市");
        var firstId = (await db.Appeals.IgnoreQueryFilters().MaxAsync(a => (long?)a.Id) ?? 0) + 1;
        var nextAssignmentId = (await db.AppealAssignments.IgnoreQueryFilters().MaxAsync(a => (long?)a.Id) ?? 0) + 1;
        var appealRows = new EntityInsert<Appeal>(db.Model, keyFromStore: false);
        var assignmentRows = new EntityInsert<AppealAssignment>(db.Model, keyFromStore: false);
        var random = new Random(seed);
        var span = TimeSpan.FromDays(3 * 365);
        var batchAppeals = new List<object?[]>(50_000);
        var batchAssignments = new List<object?[]>(50_000);
        long open = 0, assignments = 0;
        for (long i = 0; i < count; i++)
        {
            var id = firstId + i;
            var b = buildings[random.Next(buildings.Count)];
            var category = categories[random.Next(categories.Count)];
            var (kind, problems) = Phrases.TryGetValue(category.Code, out var p) ? p : (AppealKind.Suggestion, ["其他问题"]);
            var problem = problems[random.Next(problems.Length)];
            var where = Places[random.Next(Places.Length)];
            // Submission times lean toward the present (a uniform number to the power 1.6), as a growing city's do.
            var age = TimeSpan.FromTicks((long)(span.Ticks * Math.Pow(random.NextDouble(), 1.6)));
            var submitted = now - age;
            var description = $"{b.Compound}{b.Name}{where}{problem}，{Details[random.Next(Details.Length)]}，{Details[random.Next(Details.Length)]}。";
            var urgency = category.DefaultUrgency;
            var number = string.Create(CultureInfo.InvariantCulture, $"SQ{submitted.ToOffset(TimeSpan.FromHours(8)):yyMMdd}{id:D6}");
            var appeal = new Appeal
            {
                Id = id, TrackingCode = TrackingCode(id), Number = number, Kind = kind, CategoryId = category.Id,
                Channel = (AppealChannel)(1 + random.Next(8)), Urgency = urgency, Title = $"{category.Name}：{problem}",
                Description = description, BuildingId = b.Id, Address = $"{b.Compound}{b.Name}", AreaPath = b.AreaPath, CommunityId = b.CommunityId,
                IsAnonymous = random.Next(4) == 0, SubmittedAt = submitted, LastProgressAt = submitted,
                DispatchDueAt = submitted + (urgency == AppealUrgency.Urgent ? TimeSpan.FromHours(2) : TimeSpan.FromDays(1)),
                FeedbackDueAt = submitted + urgency switch
                {
                    AppealUrgency.Urgent => TimeSpan.FromDays(1), AppealUrgency.Utilities => TimeSpan.FromDays(3),
                    AppealUrgency.Complex => TimeSpan.FromDays(21), _ => TimeSpan.FromDays(7),
                },
                FeedbackLimitFrom = submitted, PromiseMadeAt = submitted,
            };
            // The working days the limit stands for, as the intake keeps them, so a calendar change settles these appeals
            // from their own record (the path live appeals take) rather than through the rules' fallback.
            appeal.FeedbackWorkingDays = appeal.PromiseWorkingDays = urgency switch
            {
                AppealUrgency.General => 7, AppealUrgency.Complex => 15, _ => null,
            };
            appeal.PromisedFeedbackAt = appeal.FeedbackDueAt;
            appeal.SearchText = AppealSearchText.For(appeal, category.Name);
            var state = StateFor(age, random);
            appeal.State = state;
            if (state is not (AppealState.Submitted or AppealState.Rejected)) appeal.AcceptedAt = submitted.AddHours(2);
            var gridWorker = GridWorkerId(b.GridId);
            if (state is AppealState.Rejected) { appeal.RejectReason = "不属于本社区受理范围，已告知反映人向有关部门反映"; appeal.ClosedAt = submitted.AddHours(3); }
            if (state is AppealState.Merged) appeal.MergedIntoId = Math.Max(1, id - 1 - random.Next(50));
            if (state >= AppealState.Dispatched && state != AppealState.Merged)
            {
                var dispatched = submitted.AddHours(4);
                appeal.FirstDispatchedAt = appeal.DispatchedAt = dispatched;
                appeal.CurrentAssignee = "网格员";
                appeal.CurrentAssigneeUserId = gridWorker;
                appeal.RespondedInTime = random.Next(20) != 0;
                var acknowledged = state >= AppealState.Acknowledged ? dispatched.AddHours(3) : (DateTimeOffset?)null;
                appeal.AcknowledgedAt = acknowledged;
                var ended = state >= AppealState.Resolved ? submitted.AddDays(2 + random.Next(5)) : (DateTimeOffset?)null;
                if (ended is { } resolvedAt)
                {
                    appeal.ResolvedAt = resolvedAt;
                    appeal.Result = "已现场核实并处理完毕，反映人认可";
                    appeal.IsResolved = random.Next(10) != 0;
                }
                if (state >= AppealState.FollowedUp) { appeal.FollowedUpAt = ended!.Value.AddDays(1); appeal.IsSatisfied = random.Next(8) != 0; }
                if (state == AppealState.Closed) { appeal.ClosedAt = ended!.Value.AddDays(2); appeal.ClosedAtTier = AppealTier.Community; }
                batchAssignments.Add(assignmentRows.Values(new AppealAssignment
                {
                    Id = nextAssignmentId++, AppealId = id, AssigneeKind = AssigneeKind.GridWorker, AssigneeName = "网格员", AssigneeUserId = gridWorker,
                    Tier = AppealTier.Community, IsLead = true, DispatchedAt = dispatched, AcknowledgeDueAt = dispatched.AddHours(24),
                    AcknowledgedAt = acknowledged, AcknowledgedInTime = acknowledged is null ? null : true, EndedAt = ended, AreaPath = b.AreaPath,
                }));
                assignments++;
            }
            if (appeal.IsOpen) open++;
            batchAppeals.Add(appealRows.Values(appeal));
            if (batchAppeals.Count >= 50_000) await FlushAsync();
        }
        await FlushAsync();
        log.WriteLine();
        return new Result(count, open, assignments, started.Elapsed);

        async Task FlushAsync()
        {
            await bulk.WriteAsync(appealRows.Table, appealRows.Columns, batchAppeals);
            await bulk.WriteAsync(assignmentRows.Table, assignmentRows.Columns, batchAssignments);
            batchAppeals.Clear();
            batchAssignments.Clear();
            log.Write($"\r  appeals: {open:N0} open, {assignments:N0} assignments …");
        }
    }

    private static AppealState StateFor(TimeSpan age, Random random)
    {
        var r = random.Next(1000);
        if (age > TimeSpan.FromDays(30))
            return r < 20 ? AppealState.Rejected : r < 35 ? AppealState.Merged : r < 45 ? AppealState.FollowedUp : AppealState.Closed;
        return r switch
        {
            < 60 => AppealState.Submitted, < 110 => AppealState.Accepted, < 190 => AppealState.Dispatched, < 260 => AppealState.Acknowledged,
            < 420 => AppealState.InProgress, < 520 => AppealState.Resolved, < 560 => AppealState.Rejected, < 580 => AppealState.Merged,
            < 650 => AppealState.FollowedUp, _ => AppealState.Closed,
        };
    }

    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>A unique code per id: multiplying by a number prime to 31⁸ permutes the codes, so none repeats.</summary>
    private static string TrackingCode(long id)
    {
        const long space = 852_891_037_441; // 31^8
        var x = (long)((System.Numerics.BigInteger)id * 48_271_000_003 % space);
        Span<char> code = stackalloc char[8];
        for (var i = 7; i >= 0; i--) { code[i] = Alphabet[(int)(x % 31)]; x /= 31; }
        return new string(code);
    }
}
