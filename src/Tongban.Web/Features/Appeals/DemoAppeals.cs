using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>
/// Demo departments and about 200 appeals for the demo district, in every state, each with a timeline built by the
/// same entity methods staff use, at plausible times over the last 60 days. Deterministic (fixed seed); runs once,
/// after places and staff accounts exist. Called by the demo seeder.
/// </summary>
public static class DemoAppeals
{
    private const int Seed = 20261123 + 311;
    private const int Count = 200;
    private const int WithDepartmentCount = 2;

    public static readonly (string Name, string? Liaison)[] Departments =
    [
        ("区住建局", "dept1"), ("区城管局", null), ("区市场监管局", null), ("区生态环境局", null),
        ("供电公司清源供电所", null), ("清源供水公司", null), ("清源燃气公司", null), ("清源派出所", "police1"),
    ];

    /// <summary>
    /// One invented story. {楼} and {单元} in its text stand for the appeal's own building and one of its stairwells, so
    /// no story names a building its appeal is not at; <paramref name="MinFloors"/> keeps a lift out of walk-ups.
    /// </summary>
    private sealed record Story(string Category, AppealKind Kind, string Title, string Description, string Result, string? Department, int MinFloors = 0)
    {
        public string At(string building, IReadOnlyList<string> units, int n) =>
            Description.Replace("{楼}", building, StringComparison.Ordinal).Replace("{单元}", units.Count == 0 ? "" : units[n % units.Count], StringComparison.Ordinal);
    }

    private static readonly Story[] Stories =
    [
        new("ev", AppealKind.Report, "楼道飞线充电", "单元门口有人从二楼窗户拉电线给电动车充电，晚上电线垂到地面，存在火灾隐患。", "已入户劝导拆除飞线，物业在楼旁加装充电车棚和22个充电桩。", "区住建局"),
        new("ev", AppealKind.Suggestion, "建议增设充电桩", "小区电动车越来越多，现有充电桩不够用，建议在北门空地增设充电车棚。", "已协调物业在北门空地建成充电车棚，新增充电桩16个。", null),
        new("noise", AppealKind.Complaint, "夜间装修噪音", "楼上住户装修，晚上九点以后还在用电钻，噪音很大，老人孩子无法休息。", "已上门告知装修时间规定，住户承诺晚八点后停止施工。", null),
        new("noise", AppealKind.Complaint, "商铺音响噪音扰民", "小区门口商铺每天用大音响招揽顾客，噪音从早到晚不停。", "城管执法队员上门责令整改，商铺已撤除外放音响。", "区城管局"),
        new("leak", AppealKind.Help, "楼上渗水到我家", "卫生间天花板渗水，墙皮脱落，楼上住户长期不在家联系不上。", "物业联系楼上业主返回，更换了卫生间防水层，已不再渗漏。", null),
        new("leak", AppealKind.Help, "屋顶漏水", "顶楼住户，下雨天屋面漏水，卧室墙面发霉。", "使用维修资金对屋面防水进行了翻修，雨后回访无渗漏。", "区住建局"),
        new("env.garbage", AppealKind.Complaint, "垃圾清运不及时", "{楼}旁垃圾桶满溢，已经两天没人清运，气味很大。", "已督促保洁公司增加清运频次，每天早晚各一次。", null),
        new("env.clutter", AppealKind.Report, "楼道堆放杂物", "{楼}{单元}楼道堆放旧家具和纸箱，堵塞消防通道。", "网格员联合物业清理楼道杂物，并张贴消防通道禁止堆物提示。", null),
        new("env.green", AppealKind.Suggestion, "树木遮挡采光", "楼前大树多年未修剪，枝叶遮挡低层住户采光。", "园林养护单位已对树木进行修剪。", null),
        new("property", AppealKind.Complaint, "电梯经常停运", "{楼}电梯一周停了三次，老人上下楼很困难。", "物业更换了电梯控制板，维保单位加密巡检。", "区市场监管局", MinFloors: 8),
        new("property", AppealKind.Inquiry, "物业费收费标准", "想了解小区物业费的收费标准和公示情况。", "已告知收费标准并在公告栏公示物业服务收支情况。", null),
        new("utilities.water", AppealKind.Help, "停水无通知", "今天一早突然停水，没有提前通知，不知道什么时候恢复。", "供水公司抢修爆裂管道，当日下午恢复供水，今后停水提前张贴通知。", "清源供水公司"),
        new("utilities.power", AppealKind.Help, "楼道灯不亮", "{楼}{单元}楼道灯坏了一个多月，晚上上下楼看不见。", "物业电工更换了楼道声控灯。", null),
        new("utilities.heating", AppealKind.Complaint, "暖气不热", "家里暖气只有十六度，老人受不了。", "热力公司排气检修后室温达到二十度。", null),
        new("road", AppealKind.Report, "井盖缺失", "小区南门外人行道井盖缺失，晚上很危险。", "市政部门当日补装井盖并设置警示。", "区城管局"),
        new("neighbour", AppealKind.Help, "邻里漏水纠纷", "楼上漏水损坏我家吊顶，双方对赔偿有分歧。", "人民调解员组织双方调解，达成赔偿协议并已履行。", null),
        new("policy", AppealKind.Inquiry, "高龄津贴怎么申请", "家里老人满八十岁，想问高龄津贴怎么申请、需要什么材料。", "已一次性告知申请材料和流程，协助在线提交申请。", null),
        new("hazard", AppealKind.Report, "外墙瓷砖脱落", "{楼}外墙瓷砖有脱落，楼下是小孩玩耍的地方。", "已设置警戒区域，维修单位对外墙空鼓瓷砖进行了清除加固。", "区住建局"),
        new("other", AppealKind.Suggestion, "建议增加健身器材", "小区老人多，建议在广场增加几件适合老人的健身器材。", "已列入社区民生项目，新增健身器材6件。", null),
    ];

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Appeals.IgnoreQueryFilters().AnyAsync(ct)) return;
        var district = await db.Areas.IgnoreQueryFilters().Where(a => a.Level == AreaLevel.District).OrderBy(a => a.Id).FirstOrDefaultAsync(ct);
        if (district is null) return;

        var now = clock.GetUtcNow().ToUniversalTime();
        var random = new Random(Seed);
        var calendar = WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Calendar", "cn-holidays.json"));
        var limits = new TimeLimitPolicy(db, calendar, new AppealReferenceCache(clock));

        db.SuppressEntityAudit = true;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var departments = await EnsureDepartmentsAsync(db, district, ct);
            var categories = await db.AppealCategories.AsNoTracking().ToDictionaryAsync(c => c.Code, ct);
            var buildings = await db.Buildings.IgnoreQueryFilters().AsNoTracking()
                .Select(b => new
                {
                    b.Id, b.Name, b.AreaPath, b.Latitude, b.Longitude, b.Floors, Compound = b.Compound!.Name, b.Compound.PropertyCompany, b.Compound.CommunityId,
                    Units = b.Units.OrderBy(u => u.Id).Select(u => u.Name).ToList(),
                })
                .OrderBy(b => b.Id).ToListAsync(ct);
            if (buildings.Count == 0 || categories.Count == 0) return;
            var communities = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Level == AreaLevel.Community).ToDictionaryAsync(a => a.Id, ct);
            var streets = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Level == AreaLevel.Street).OrderBy(a => a.Id).Select(a => a.AreaPath).ToListAsync(ct);
            var staff = await (from u in db.Users
                               join ur in db.UserRoles on u.Id equals ur.UserId
                               join r in db.Roles on ur.RoleId equals r.Id
                               select new { u.Id, u.UserName, u.DisplayName, u.AreaPath, Role = r.Name }).ToListAsync(ct);
            Actor? StaffAt(string role, string path) => staff.Where(s => s.Role == role && s.AreaPath == path).OrderBy(s => s.UserName)
                .Select(s => new Actor(s.Id, s.DisplayName, "")).FirstOrDefault();
            var codes = new HashSet<string>();
            var appeals = new List<Appeal>();
            var owners = new Dictionary<Appeal, (Actor Community, Actor Street)>();

            for (var i = 0; i < Count; i++)
            {
                // The last few are with 区住建局 right now, so its liaison (dept1) has work to report for (报到) and handle.
                var withDepartment = i >= Count - WithDepartmentCount;
                // Two before them report the same flying wire at one building this morning: the window merges them.
                var reportedTwice = !withDepartment && i >= Count - WithDepartmentCount - 2;
                // And one the community sent up this morning waits at the street centre to be dispatched (吹哨).
                var sentUp = i == Count - WithDepartmentCount - 3;
                var story = withDepartment ? Stories.First(s => s.Department == "区住建局" && s.Category == "hazard")
                    : reportedTwice ? Stories[0] : sentUp ? Stories.First(s => s.Department == "区城管局" && s.Category == "noise") : Stories[random.Next(Stories.Length)];
                if (!categories.TryGetValue(story.Category, out var category)) continue;
                var building = reportedTwice ? buildings[0] : buildings[random.Next(buildings.Count)];
                // 区住建局's fresh cases lie one in each street, so each street centre has one of its own to hand on.
                if (withDepartment && streets.Count > 0 && streets[(i - (Count - WithDepartmentCount)) % streets.Count] is var inStreet)
                    building = buildings.FirstOrDefault(b => b.AreaPath.StartsWith(inStreet, StringComparison.Ordinal)) ?? building;
                if (sentUp) building = buildings[0];
                // A lift breaks down only where there is one: such a story goes to a tall building (without a new draw,
                // so the rest of the demo stays as it was).
                if (building.Floors < story.MinFloors && buildings.Where(b => b.Floors >= story.MinFloors).ToList() is { Count: > 0 } tall)
                    building = tall[i % tall.Count];
                var community = communities.GetValueOrDefault(building.CommunityId);
                var communityPath = community?.AreaPath ?? building.AreaPath;
                var streetPath = string.Concat(communityPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(s => s + "/"));
                var window = StaffAt(Roles.WindowStaff, communityPath) is { } w ? w with { Unit = community?.Name ?? "" } : new Actor(null, "社区工作人员", community?.Name ?? "");
                var gridWorker = StaffAt(Roles.GridWorker, building.AreaPath) is { } g ? g with { Unit = g.Name.Replace("网格员", "", StringComparison.Ordinal) } : null;
                var centre = StaffAt(Roles.Centre, streetPath) is { } c ? c with { Unit = c.Name } : new Actor(null, "街道综治中心", "街道综治中心");

                // Older appeals have had more time to move along; the newest are still being handled.
                var submitted = now.AddMinutes(-(random.NextDouble() < 0.12 ? random.Next(20, 60 * 8) : random.Next(60 * 8, 60 * 24 * 60)));
                if (withDepartment) submitted = now.AddMinutes(-90); // dispatched 40 minutes ago: inside the hour for 报到
                if (reportedTwice) submitted = now.AddMinutes(i == Count - WithDepartmentCount - 2 ? -150 : -110);
                if (sentUp) submitted = now.AddMinutes(-300);
                var urgency = category.DefaultUrgency;
                var rule = await limits.RuleAsync(category.Id, urgency, ct);
                string code;
                do { code = new string(Enumerable.Range(0, 8).Select(_ => SubmitAppeal.CodeAlphabet[random.Next(SubmitAppeal.CodeAlphabet.Length)]).ToArray()); } while (!codes.Add(code));
                var anonymous = random.NextDouble() < 0.35;
                var channel = (AppealChannel)new[] { 1, 1, 2, 3, 4, 4, 6, 6, 6, 7 }[random.Next(10)];
                var appeal = Appeal.Submit(new AppealSubmission(code, code, story.Kind, category.Id, channel, urgency, story.Title, story.At(building.Name, building.Units, i),
                    building.Id, null, $"{building.Compound}{building.Name}", building.Latitude, building.Longitude, building.AreaPath, building.CommunityId,
                    null, anonymous, anonymous ? null : DemoName(random)), limits.Compute(rule, submitted),
                    channel is AppealChannel.Online ? ResidentRating.Resident : window, submitted);
                appeal.SupporterCount = random.Next(10) < 2 ? random.Next(1, 6) : 0;
                appeal.SearchText = category.Name; // replaced once the number is known
                appeals.Add(appeal);
                owners[appeal] = (window, centre);
                if (withDepartment) WithDepartmentNow(appeal, rule, limits, window, centre, departments[story.Department!], reported: i == Count - 1);
                else if (sentUp)
                {
                    appeal.Accept(window, submitted.AddMinutes(15));
                    appeal.Escalate("商铺外放音响需城管执法，社区没有执法权", window, submitted.AddMinutes(60), limits.Compute(rule, submitted.AddMinutes(60)));
                }
                else if (reportedTwice)
                {
                    // Both accepted; the first is with the grid worker already, the second is merged into it below.
                    appeal.Accept(window, submitted.AddMinutes(10));
                    if (gridWorker is not null && i == Count - WithDepartmentCount - 2)
                        appeal.Dispatch(Assignment(appeal, AssigneeKind.GridWorker, gridWorker.Name, gridWorker.UserId, null, submitted.AddMinutes(20), rule), [], window,
                            submitted.AddMinutes(20), "住户反映夜间电线垂到地面，请尽快上门");
                }
                else
                {
                    Advance(appeal, story, random, now, rule, limits, window, gridWorker, centre, building.PropertyCompany, departments);
                    EscalatedWhenLate(appeal, rule, limits, now);
                }
            }

            db.Appeals.AddRange(appeals);
            await db.SaveChangesAsync(ct);
            foreach (var appeal in appeals)
            {
                appeal.Number = $"SQ{appeal.SubmittedAt.ToShanghai():yyMMdd}{appeal.Id:D6}";
                appeal.SearchText = AppealSearchText.For(appeal, categories.Values.First(c => c.Id == appeal.CategoryId).Name);
            }
            // A few duplicates reported at the same building are merged into the first report.
            foreach (var group in appeals.Where(a => a.IsOpen && a.State != AppealState.Submitted).GroupBy(a => (a.BuildingId, a.CategoryId)).Where(g => g.Count() > 1))
            {
                var ordered = group.OrderBy(a => a.SubmittedAt).ToList();
                var main = ordered[0];
                var duplicate = ordered[1];
                var at = Later(main.LastProgressAt > duplicate.LastProgressAt ? main.LastProgressAt : duplicate.LastProgressAt, 30, now);
                // Whoever holds the higher of the two tiers decides the merge (AppealWorkflow.HandlesAtTier).
                var (community, street) = owners[duplicate];
                var tier = main.Tier > duplicate.Tier ? main.Tier : duplicate.Tier;
                if (tier == AppealTier.District) continue; // the district's own staff have no demo account but the administrator
                duplicate.MergeInto(main, tier == AppealTier.Street ? street : community, at);
            }
            await db.SaveChangesAsync(ct);
            await AuditChain.AppendAsync(db, [new AuditEntry
            {
                At = now, UserName = "系统", Action = "demo-seed", EntityType = "Appeal", EntityId = DemoSeedId, AreaPath = district.AreaPath,
                Detail = $"载入示例诉求：{appeals.Count}条诉求，{departments.Count}个职能部门",
            }], ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.SuppressEntityAudit = false;
        }
    }

    private const string DemoSeedId = "demo-appeals";

    /// <summary>A moment some minutes after <paramref name="from"/>, never in the future.</summary>
    private static DateTimeOffset Later(DateTimeOffset from, int minutes, DateTimeOffset now) => from.AddMinutes(minutes) is var t && t < now ? t : now.AddMinutes(-1);

    private static string DemoName(Random random) =>
        Demo.DemoDistrict.Surnames[random.Next(Demo.DemoDistrict.Surnames.Length)] + (random.Next(2) == 0 ? "先生" : "女士");

    /// <summary>Takes the appeal as far along as its age allows, with a little of everything: late dispatches, escalations, unhappy residents.</summary>
    private static void Advance(Appeal a, Story story, Random random, DateTimeOffset now, TimeLimitRule rule, TimeLimitPolicy limits,
        Actor window, Actor? grid, Actor centre, string? propertyCompany, IReadOnlyDictionary<string, Department> departments)
    {
        var t = a.SubmittedAt;
        // Some work stalls at each stage: the backlog (and its red and yellow lights) staff see on the queues.
        // Only while its limit is still ahead: an appeal left past it would have been escalated by the deadline job then.
        bool Stalls(double chance) => random.NextDouble() < chance && (AppealDeadlines.IsUndispatched(a.State) ? a.DispatchDueAt : a.FeedbackDueAt) > now;
        bool Step(int minMinutes, int maxMinutes)
        {
            var next = t.AddMinutes(random.Next(minMinutes, maxMinutes));
            if (next >= now) return false;
            t = next;
            return true;
        }

        if (now - a.SubmittedAt < TimeSpan.FromHours(8) && random.NextDouble() < 0.5 && a.DispatchDueAt > now) return; // just in, not yet accepted
        if (!Step(5, 240)) return;
        if (random.NextDouble() < 0.04)
        {
            a.Reject("经核实不属于社区受理范围，已告知反映人向有关单位反映", window, t);
            return;
        }
        a.Accept(window, t);

        if (Stalls(0.05)) return;
        var escalate = story.Department is not null && random.NextDouble() < 0.45;
        if (escalate)
        {
            if (!Step(30, 600)) return;
            a.Escalate("超出社区职责，需要街道协调职能部门", window, t, limits.Compute(rule, t));
            if (!Step(20, 300)) return;
            var lead = departments[story.Department!];
            var supporting = story.Department == "区住建局" && random.NextDouble() < 0.5 ? new[] { departments["区城管局"] } : [];
            a.Dispatch(Assignment(a, AssigneeKind.Department, lead.Name, lead.LiaisonUserId, lead.Id, t, rule),
                supporting.Select(d => Assignment(a, AssigneeKind.Department, d.Name, d.LiaisonUserId, d.Id, t, rule)).ToList(), centre, t, null);
        }
        else
        {
            // Most within the dispatch limit, some late (they count against the response rate).
            if (!Step(10, random.NextDouble() < 0.85 ? Math.Max(20, rule.DispatchHours * 50) : rule.DispatchHours * 90)) return;
            var pick = random.NextDouble();
            var assignment = grid is not null && pick < 0.7
                ? Assignment(a, AssigneeKind.GridWorker, grid.Name, grid.UserId, null, t, rule)
                : pick < 0.9 && !string.IsNullOrEmpty(propertyCompany)
                    ? Assignment(a, AssigneeKind.PropertyCompany, propertyCompany, null, null, t, rule)
                    : Assignment(a, AssigneeKind.CommunityTeam, window.Unit + "工作组", null, null, t, rule);
            a.Dispatch(assignment, [], window, t, null);
        }

        var lead1 = a.Assignments.Single(x => x.IsLead && x.EndedAt is null);
        // Whoever holds it signs for it and works it: the person, or the unit by name (a department without a liaison
        // account, a property company), never the window that dispatched it.
        var worker = new Actor(lead1.AssigneeUserId, lead1.AssigneeName, lead1.AssigneeName);
        if (Stalls(0.06) || !Step(10, 300)) return;
        a.Acknowledge(lead1, worker, t);
        foreach (var other in a.Assignments.Where(x => !x.IsLead && x.EndedAt is null && x.AcknowledgedAt is null).ToList())
            a.Acknowledge(other, centre with { Name = other.AssigneeName, Unit = other.AssigneeName }, t.AddMinutes(random.Next(10, 90)));
        if (Stalls(0.06) || !Step(30, 600)) return;
        a.StartWork(worker, t, "已到现场查看情况");
        if (random.NextDouble() < 0.6 && Step(600, 2880)) a.AddProgress(worker, t, "已联系相关方，正在协调处理", isPublic: true);
        if (Stalls(0.08) || !Step(600, 60 * 24 * 6)) return;
        a.Resolve(story.Result, worker, t);
        if (random.NextDouble() < 0.08 || !Step(600, 60 * 24 * 3)) return; // waits for its follow-up (no limit escalates it)
        var resolved = random.NextDouble() < 0.92;
        var satisfied = resolved ? random.NextDouble() < 0.9 : random.NextDouble() < 0.2;
        // The tier that holds the appeal follows it up, closes and reopens it: the street centre once the community sent
        // it up (小事不出社区、大事不出街道). A resident who reported by QR code rates it on the tracking page instead.
        var owner = a.Tier == AppealTier.Community ? window : centre;
        if (a.Channel == AppealChannel.Online)
            a.RecordFollowUp(resolved, satisfied, satisfied ? null : "问题还没有彻底解决", ResidentRating.Resident, t);
        else
            a.RecordFollowUp(resolved, satisfied, satisfied ? "电话回访，反映人表示满意" : "反映人认为问题没有彻底解决", owner, t);
        if (!satisfied && random.NextDouble() < 0.5)
        {
            if (!Step(60, 1440)) return;
            // Reopened lately, it waits to be dispatched again; one reopened long ago would have been worked again since,
            // so an older unhappy appeal is closed as it stands instead of waiting weeks for its dispatch.
            var fresh = limits.Compute(rule, t);
            if (fresh.DispatchDue > now)
            {
                a.Reopen("回访不满意，重新派单处理", TimeSpan.FromDays(15), owner, t, fresh);
                return;
            }
        }
        if (random.NextDouble() < 0.06 || !Step(30, 1440)) return;
        a.Close(owner, t);
    }

    /// <summary>
    /// What the deadline job did to a demo appeal left open past a limit: it went up when the limit passed, with the job's
    /// reason, not on the morning the demo starts (which brought two months of neglected appeals to the street at once,
    /// each 已超出承诺 weeks). The street's fresh limit may have passed too; the district is the last owner.
    /// </summary>
    private static void EscalatedWhenLate(Appeal a, TimeLimitRule rule, TimeLimitPolicy limits, DateTimeOffset now)
    {
        while (a.IsOpen && a.Tier != AppealTier.District)
        {
            var lateDispatch = AppealDeadlines.IsUndispatched(a.State) && a.DispatchDueAt < now;
            if (!lateDispatch && a.FeedbackDueAt >= now) return;
            var limit = lateDispatch && a.DispatchDueAt <= a.FeedbackDueAt ? a.DispatchDueAt : a.FeedbackDueAt;
            var reason = limit == a.DispatchDueAt && lateDispatch
                ? $"超过派单时限（{a.DispatchDueAt.ShowDeadline()}）仍未派单，系统自动升级"
                : $"超过办理时限（{a.FeedbackDueAt.ShowDeadline()}）仍未办结，系统自动升级";
            // The job runs every minute; never before the appeal's last step.
            var at = (limit > a.LastProgressAt ? limit : a.LastProgressAt).AddMinutes(1);
            if (at >= now) return;
            if (a.State == AppealState.Submitted) a.Accept(AppealWorkflow.System, at);
            a.Escalate(reason, AppealWorkflow.System, at, limits.Compute(rule, at));
        }
    }

    /// <summary>
    /// Submitted 90 minutes ago, accepted, escalated and sent by the street centre to the department 40 minutes ago, so
    /// it is inside the hour an urgent matter gives a department to report (报到): one still waits for the report, the
    /// other has reported and is at work. Fixed times rather than random ones, so the deadline job does not escalate
    /// them at start.
    /// </summary>
    private static void WithDepartmentNow(Appeal a, TimeLimitRule rule, TimeLimitPolicy limits, Actor window, Actor centre,
        Department department, bool reported)
    {
        var t = a.SubmittedAt.AddMinutes(10);
        a.Accept(window, t);
        t = t.AddMinutes(20);
        a.Escalate("外墙隐患需要住建部门检测鉴定", window, t, limits.Compute(rule, t));
        t = t.AddMinutes(20);
        a.Dispatch(Assignment(a, AssigneeKind.Department, department.Name, department.LiaisonUserId, department.Id, t, rule), [], centre, t, null);
        if (!reported) return;
        var liaison = new Actor(department.LiaisonUserId, department.Name + "联络员", department.Name);
        t = t.AddMinutes(10);
        a.Acknowledge(a.Assignments.Single(x => x.IsLead && x.EndedAt is null), liaison, t);
        a.StartWork(liaison, t.AddMinutes(5), "已安排检测单位到现场查看外墙");
    }

    private static AppealAssignment Assignment(Appeal a, AssigneeKind kind, string name, string? userId, int? departmentId, DateTimeOffset at, TimeLimitRule rule) => new()
    {
        AssigneeKind = kind, AssigneeName = name, AssigneeUserId = userId, DepartmentId = departmentId, Tier = a.Tier,
        AcknowledgeDueAt = at.AddHours(rule.AcknowledgeHours), AreaPath = a.AreaPath,
    };

    private static async Task<Dictionary<string, Department>> EnsureDepartmentsAsync(AppDbContext db, Area district, CancellationToken ct)
    {
        var existing = await db.Departments.IgnoreQueryFilters().ToDictionaryAsync(d => d.Name, ct);
        var liaisons = await db.Users.Where(u => u.UserName != null).ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);
        foreach (var (name, liaison) in Departments)
        {
            if (existing.ContainsKey(name)) continue;
            var department = new Department
            {
                Name = name, AreaPath = district.AreaPath, IsActive = true, Contact = "0351-6" + (100000 + existing.Count * 1111).ToString(System.Globalization.CultureInfo.InvariantCulture),
                LiaisonUserId = liaison is not null && liaisons.TryGetValue(liaison, out var id) ? id : null,
            };
            db.Departments.Add(department);
            existing[name] = department;
        }
        await db.SaveChangesAsync(ct);
        return existing;
    }
}
