using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>
/// Demo outreach for the demo district, sample-marked: a weekly mobile desk rotation per community started four weeks
/// ago (past desks held, with questions and concerns; one moved for rain), home visits and patrols over the last
/// 100 days in every grid, and a few open diary entries. Deterministic; runs once, after people and appeals.
/// </summary>
public static class DemoOutreach
{
    private const int Seed = 20261123 + 6;

    /// <summary>Questions at the demo desks; ItemCode links one to the demo service catalog (DemoCatalog).</summary>
    private static readonly (string Question, string Answer, string? ItemCode, bool Resolved)[] Questions =
    [
        ("高龄津贴怎么申请", "带身份证、户口本到社区，已现场登记", "senior-allowance", true),
        ("医保异地就医备案", "已指导在手机上办理备案", null, true),
        ("城乡居民医保怎么参保", "已讲解参保时间和缴费标准，现场登记", "resident-medical-enrol", true),
        ("小区停车位紧张", "已记录，转物业和业委会研究", null, false),
        ("灵活就业社保缴费", "讲解了缴费档次和渠道", null, true),
        ("老年助餐点在哪里", "社区食堂中午11点到12点半供餐，可登记助餐服务", "senior-meal", true),
    ];

    private static readonly string[] Concerns =
    [
        "楼道声控灯坏了好几盏，晚上上下楼看不清", "小区东门人行道地砖松动，雨天溅水", "希望增设适合老人的健身器材",
        "楼下商铺油烟直排，影响低层住户", "电动车充电车棚不够用，有人飞线充电",
    ];

    private static readonly string[] VisitNotes =
    [
        "老人身体尚好，独自在家，子女每周来看望", "讲解了冬季取暖安全和防诈骗知识", "了解家庭情况，无特殊困难", "提醒定期检查燃气软管",
        "居民反映楼道卫生有改善", "送去社区活动通知",
    ];

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.DeskPlans.IgnoreQueryFilters().AnyAsync(ct) || await db.Visits.IgnoreQueryFilters().AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var random = new Random(Seed);
        var communities = await db.Areas.IgnoreQueryFilters().Where(a => a.Level == AreaLevel.Community && a.IsSample).OrderBy(a => a.Code).ToListAsync(ct);
        if (communities.Count == 0) return;
        var workers = await db.Users.Where(u => u.UserName!.StartsWith("grid")).Select(u => new { u.Id, u.AreaId, u.DisplayName }).ToListAsync(ct);
        var secretaries = await db.Users.Where(u => u.UserName!.StartsWith("secretary")).Select(u => new { u.Id, u.AreaPath, u.DisplayName }).ToListAsync(ct);
        // The catalog's current versions (DemoServices runs first); without a catalog the questions stay unlinked.
        var codes = Questions.Where(q => q.ItemCode is not null).Select(q => q.ItemCode!).ToList();
        var catalog = await db.ServiceItems().Where(i => codes.Contains(i.Code) && i.CurrentVersionId != null)
            .Select(i => new { i.Code, Version = i.CurrentVersion! }).ToListAsync(ct);
        var versions = new Dictionary<string, ServiceItemVersion>();
        foreach (var c in catalog)
        {
            await db.Entry(c.Version).Collection(v => v.Materials).LoadAsync(ct);
            versions[c.Code] = c.Version;
        }
        var applicationNumber = 0;

        db.SuppressEntityAudit = true;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var community in communities)
            {
                var order = await DeskRotation.BuildingOrderAsync(db, community.Id, null, ct);
                if (order.Count == 0) continue;
                var paths = await db.Buildings.IgnoreQueryFilters().Where(b => order.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.AreaPath, ct);
                var secretary = secretaries.FirstOrDefault(s => s.AreaPath == community.AreaPath);
                var plan = new DeskPlan
                {
                    Name = $"{community.Name}流动办公桌（示例）", CommunityId = community.Id, AreaPath = community.AreaPath, StartDate = today.AddDays(-28),
                    CadenceDays = 7, StartTime = new TimeOnly(18, 0), EndTime = new TimeOnly(20, 0), Staff = $"{secretary?.DisplayName ?? "社区书记"}、百通岗工作人员",
                    Departments = "派出所、社保所、社区卫生服务站", IsPublished = true, Cycles = 1, CreatedBy = "系统", CreatedAt = now.AddDays(-30), IsSample = true,
                };
                foreach (var turn in DeskRotation.Schedule(order, plan.StartDate, plan.CadenceDays))
                    plan.Slots.Add(new DeskSlot
                    {
                        Cycle = 1, Sequence = turn.Sequence, BuildingId = turn.BuildingId, Date = turn.Date, StartTime = plan.StartTime, EndTime = plan.EndTime,
                        AreaPath = paths[turn.BuildingId],
                    });
                // The first desk after today was rained off and moved by two days.
                var nextSlot = plan.Slots.FirstOrDefault(s => s.Date > today);
                nextSlot?.Reschedule(nextSlot.Date.AddDays(2), nextSlot.StartTime, nextSlot.EndTime, "预报降雨", today);
                db.DeskPlans.Add(plan);
                await db.SaveChangesAsync(ct);

                foreach (var slot in plan.Slots.Where(s => s.Date < today))
                {
                    var questions = Enumerable.Range(0, random.Next(2, 5)).Select(_ => Questions[random.Next(Questions.Length)]).DistinctBy(q => q.Question).ToList();
                    var session = new DeskSession
                    {
                        PlanId = plan.Id, SlotId = slot.Id, BuildingId = slot.BuildingId, AreaPath = slot.AreaPath, HeldOn = slot.Date, StartTime = slot.StartTime,
                        EndTime = slot.EndTime, Staff = plan.Staff, Departments = plan.Departments, PeopleServed = random.Next(8, 40),
                        Summary = "居民反映集中在养老服务和小区环境，能当场答复的已答复，其余记入民情日记本跟进。", RecordedByUserId = secretary?.Id,
                        RecordedBy = secretary?.DisplayName ?? "社区书记", RecordedAt = slot.Date.ToDateTime(new TimeOnly(20, 30)).ToUtcFromShanghai(),
                        IdempotencyKey = $"demo-session-{slot.Id}", IsSample = true,
                    };
                    foreach (var q in questions)
                    {
                        var version = q.ItemCode is null ? null : versions.GetValueOrDefault(q.ItemCode);
                        var question = new DeskQuestion
                        {
                            Question = q.Question, Answer = q.Answer, ServiceItemId = version?.ServiceItemId, ServiceItem = version?.Name, ResolvedOnSpot = q.Resolved,
                            AreaPath = slot.AreaPath,
                        };
                        if (version is not null && secretary is not null && random.Next(3) == 0)
                        {
                            // Started at the desk as the Services module records it: channel 流动办公桌, the secretary as first-inquiry owner.
                            var application = ServiceApplication.Start($"FW{slot.Date:yyMMdd}D{++applicationNumber:D4}", version, community.Id, community.AreaPath,
                                IntakeChannel.MobileDesk, "居民（示例）", secretary.Id, secretary.DisplayName, session.RecordedAt);
                            application.IsSample = true;
                            // Long settled by now: materials complete, accepted at the desk, finished and archived by that day's close,
                            // so today's close neither counts nor carries it.
                            application.Tick(application.Materials.Where(m => m.MaterialId is not null).Select(m => m.MaterialId!.Value).ToList());
                            application.Accept(slot.Date.AddDays(version.TimeLimitWorkingDays), secretary.DisplayName, session.RecordedAt);
                            var completed = session.RecordedAt.AddDays(3) < now ? session.RecordedAt.AddDays(3) : now;
                            application.Complete("已办结（示例）", secretary.DisplayName, completed);
                            application.Archive(DateOnly.FromDateTime(completed.ToShanghai().DateTime));
                            application.TalliedOn = session.RecordedAt.ShanghaiDay(); // counted by that (imagined) close, not by a close 31 days on
                            db.ServiceApplications().Add(application);
                            await db.SaveChangesAsync(ct);
                            question.ApplicationStarted = true;
                            question.ApplicationId = application.Id;
                            question.FirstInquiryOwner = session.RecordedBy;
                        }
                        session.Questions.Add(question);
                    }
                    db.DeskSessions.Add(session);
                    await db.SaveChangesAsync(ct);
                    slot.Held(session.Id);
                    db.DiaryEntries.Add(new DiaryEntry
                    {
                        SessionId = session.Id, BuildingId = slot.BuildingId, CommunityId = community.Id, AreaPath = slot.AreaPath,
                        Concern = Concerns[random.Next(Concerns.Length)], ResidentName = random.Next(2) == 0 ? null : "居民（示例）",
                        WrittenBy = session.RecordedBy, WrittenByUserId = secretary?.Id, WrittenAt = session.RecordedAt, IsSample = true,
                    });
                }
                await db.SaveChangesAsync(ct);
            }

            // Home visits: about half the households of each grid over the last 100 days, a few patrols per building.
            var households = await db.Households.IgnoreQueryFilters()
                .Select(h => new { h.Id, h.DwellingId, h.AreaPath, h.Dwelling!.BuildingId, h.Dwelling.Building!.GridId }).ToListAsync(ct);
            var tags = await (from t in db.ResidentTags.IgnoreQueryFilters()
                              join r in db.Residents.IgnoreQueryFilters() on t.ResidentId equals r.Id
                              join tag in db.Tags on t.TagId equals tag.Id
                              where r.HouseholdId != null
                              select new { r.HouseholdId, tag.Code }).ToListAsync(ct);
            var tagsOf = tags.GroupBy(t => t.HouseholdId!.Value).ToDictionary(g => g.Key, g => string.Join(' ', g.Select(t => t.Code).Distinct().OrderBy(c => c)));
            var visits = new List<Visit>();
            foreach (var h in households)
            {
                if (random.NextDouble() > 0.55) continue;
                var worker = workers.FirstOrDefault(w => w.AreaId == h.GridId);
                var at = now.AddDays(-random.Next(1, 100)).AddMinutes(-random.Next(0, 600));
                visits.Add(new Visit
                {
                    Kind = VisitKind.Home, Method = random.Next(5) == 0 ? VisitMethod.Phone : VisitMethod.InPerson, HouseholdId = h.Id, DwellingId = h.DwellingId,
                    BuildingId = h.BuildingId, GridId = h.GridId, AreaPath = h.AreaPath, VisitorUserId = worker?.Id, VisitorName = worker?.DisplayName ?? "网格员",
                    VisitedAt = at, RecordedAt = at, Looked = true, Listened = true, Asked = true, Checked = random.Next(2) == 0,
                    Notes = VisitNotes[random.Next(VisitNotes.Length)], TagCodes = tagsOf.GetValueOrDefault(h.Id, ""), IdempotencyKey = $"demo-visit-{h.Id}", IsSample = true,
                });
            }
            var buildings = await db.Buildings.IgnoreQueryFilters().Select(b => new { b.Id, b.GridId, b.AreaPath }).ToListAsync(ct);
            foreach (var b in buildings)
            {
                var worker = workers.FirstOrDefault(w => w.AreaId == b.GridId);
                var at = now.AddDays(-random.Next(1, 12)).AddMinutes(-random.Next(0, 600));
                var patrol = new Visit
                {
                    Kind = VisitKind.Patrol, BuildingId = b.Id, GridId = b.GridId, AreaPath = b.AreaPath, VisitorUserId = worker?.Id, VisitorName = worker?.DisplayName ?? "网格员",
                    VisitedAt = at, RecordedAt = at, Looked = true, Checked = true, Notes = "巡查楼道、消防通道和电动车停放", IdempotencyKey = $"demo-patrol-{b.Id}", IsSample = true,
                };
                if (random.Next(6) == 0)
                    patrol.Findings.Add(new VisitFinding { Kind = FindingKind.Hazard, Description = "单元门口电动车停放堵塞消防通道", CategoryId = await CategoryAsync(db, "env.clutter", ct), AreaPath = b.AreaPath });
                visits.Add(patrol);
            }
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var chunk in visits.Chunk(2000))
            {
                db.Visits.AddRange(chunk);
                await db.SaveChangesAsync(ct);
            }
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            // The visits written here marked their households stale; the demo starts with every due date computed.
            await VisitDues.EnsureFreshAsync(db, null, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.SuppressEntityAudit = false;
        }
    }

    private static async Task<int> CategoryAsync(AppDbContext db, string code, CancellationToken ct) =>
        await db.AppealCategories.Where(c => c.Code == code).Select(c => c.Id).FirstAsync(ct);

    private static DateTimeOffset ToUtcFromShanghai(this DateTime local) =>
        new DateTimeOffset(local, ShanghaiTime.Zone.GetUtcOffset(local)).ToUniversalTime();
}
