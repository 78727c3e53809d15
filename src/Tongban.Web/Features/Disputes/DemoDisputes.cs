using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>
/// A few demo cases, one per stage of the closed loop, built with the same entity methods staff use, at fixed offsets
/// before now. Titles carry "（示例）" and the rows are marked IsSample. Runs once, after places and accounts exist.
/// </summary>
public static class DemoDisputes
{
    private sealed record Plan(int Community, string Title, DisputeType Type, DisputeSource Source, string Facts, string Applicant, string Respondent,
        int DaysAgo, string Stage);

    private static readonly Plan[] Plans =
    [
        new(0, "楼上夜间高跟鞋噪音（示例）", DisputeType.Neighbour, DisputeSource.Application,
            "301室住户夜间穿高跟鞋在室内走动，声音传到楼下201室，影响正在读高三的孩子休息。", "李建国", "王丽", 40, "closed"),
        new(1, "物业费与电梯维修纠纷（示例）", DisputeType.PropertyManagement, DisputeSource.Proactive,
            "业主以电梯经常停运为由拒交物业费，物业公司要求补交一年物业费。", "赵红梅", "清源示例物业服务有限公司", 12, "mediating"),
        new(2, "赡养老人费用分担纠纷（示例）", DisputeType.Family, DisputeSource.Application,
            "三个子女对母亲的赡养费和看护安排有分歧，母亲向社区求助。", "孙桂兰", "孙志强", 25, "oral"),
        new(0, "装修工人工资拖欠（示例）", DisputeType.Labour, DisputeSource.GovernmentAssigned,
            "装修队长拖欠两名工人一个月工资，双方对工作量认定不一致。", "周大勇", "吴长顺", 35, "failed"),
        new(3, "停车位占用引发冲突（示例）", DisputeType.Neighbour, DisputeSource.PoliceReferral,
            "两户居民因车位占用多次争吵，一方扬言要砸车，派出所出警后移送调解。", "郑晓东", "冯建华", 3, "high-risk"),
    ];

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var cases = db.Set<DisputeCase>();
        if (await cases.IgnoreQueryFilters().AnyAsync(ct)) return;
        var communities = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code).ToListAsync(ct);
        if (communities.Count == 0) return;
        var mediators = await (from u in db.Users
                               join ur in db.UserRoles on u.Id equals ur.UserId
                               join r in db.Roles on ur.RoleId equals r.Id
                               where r.Name == Roles.Mediator || r.Name == Roles.Centre
                               select new { u.Id, u.DisplayName, u.AreaPath, Role = r.Name }).ToListAsync(ct);
        var calendar = WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Calendar", "cn-holidays.json"));
        var now = clock.GetUtcNow().ToUniversalTime();
        var system = new DisputeActor(null, "系统（示例数据）", "通办系统");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var n = 0;
        foreach (var p in Plans)
        {
            n++;
            var community = communities[p.Community % communities.Count];
            var mediator = mediators.Where(m => m.Role == Roles.Mediator && m.AreaPath == community.AreaPath).Select(m => new { m.Id, m.DisplayName }).FirstOrDefault();
            var actor = mediator is null ? system : new DisputeActor(mediator.Id, mediator.DisplayName, community.Name);
            var t = now.AddDays(-p.DaysAgo).AddHours(-3);
            var c = DisputeCase.Register(new DisputeRegistration($"TJDEMO{n:D4}", p.Title, p.Type, p.Source,
                p.Source is DisputeSource.PoliceReferral ? "清源派出所（示例）" : p.Source is DisputeSource.GovernmentAssigned ? "区人社局（示例）" : null, null, null,
                p.Facts, $"{community.Name}示例小区", null, community.Id, community.AreaPath, true,
                [
                    new DisputeParty { Kind = PartyKind.Person, Role = PartyRole.Applicant, Name = p.Applicant, Address = $"{community.Name}示例小区2号楼201室" },
                    new DisputeParty
                    {
                        Kind = p.Respondent.EndsWith("公司", StringComparison.Ordinal) ? PartyKind.Organisation : PartyKind.Person, Role = PartyRole.Respondent,
                        Name = p.Respondent, Address = $"{community.Name}示例小区2号楼301室",
                    },
                ]), actor, t);
            c.RegisteredByUserId = mediator?.Id;
            var high = p.Stage == "high-risk";
            c.Assess(new DisputeAssessment(high ? RiskLevel.High : RiskLevel.Low, high ? "一方扬言砸车，存在激化风险（示例）" : null, true, null, null, MediationTier.Community, null),
                actor, t.AddHours(2));
            if (high)
            {
                c.RecordAlert(new DisputeAlert { Channel = "centre", Recipient = "街道、区综治中心", Note = "高风险预警已推送综治中心（示例）" }, actor, t.AddHours(2));
                c.RecordAlert(new DisputeAlert { Channel = "police", Recipient = "清源派出所", Note = "已通报清源派出所（公安联动）（示例）" }, actor, t.AddHours(2));
            }
            if (mediator is not null) c.AssignMediators(new DisputeMediator { UserId = mediator.Id, Name = mediator.DisplayName }, [], null, actor, t.AddHours(3));
            if (p.Stage == "high-risk" || mediator is null)
            {
                cases.Add(c);
                continue;
            }
            c.RecordSession(new DisputeSession
            {
                StartsAt = t.AddDays(1), EndsAt = t.AddDays(1).AddHours(1), Place = $"{community.Name}人民调解室", Mode = SessionMode.Separate,
                Attendees = $"{p.Applicant}、{p.Respondent}（分别）", Record = "分别听取双方意见，释明相关法律规定，双方同意继续协商。（示例）", RecordedByName = actor.Name,
            }, actor, t.AddDays(1).AddHours(2));
            switch (p.Stage)
            {
                case "closed":
                    c.DraftAgreement(new DisputeAgreementDraft(p.Facts, "夜间生活噪音影响邻居休息。", "王丽应注意夜间生活噪音，避免影响邻居；李建国一方对正常生活声音予以理解。",
                        "一、王丽每日22时至次日7时在室内不穿高跟鞋，并在客厅铺设地垫；\n二、王丽就此前造成的打扰向李建国一家当面道歉。",
                        "第一项由王丽自觉遵守，社区调解员回访了解；第二项签字当日当面履行。", "第一项长期履行；第二项签字当日履行完毕。"), actor, t.AddDays(2));
                    var signed = DateOnly.FromDateTime(t.AddDays(2).ToShanghai().DateTime);
                    c.FinaliseAgreement(signed, DisputeDeadlines.JudicialDeadline(signed, calendar), signed, actor, t.AddDays(2).AddHours(1));
                    c.RecordVisit(signed.AddDays(14), PerformanceStatus.Fulfilled, "楼下反映夜间已听不到高跟鞋声，王丽已当面道歉，双方关系缓和。（示例）", "李建国家、王丽家",
                        signed.AddDays(14), actor, t.AddDays(16));
                    c.Close("协议履行良好（示例）", actor, t.AddDays(16).AddHours(1));
                    break;
                case "oral":
                    c.RecordOralAgreement("三个子女每人每月负担母亲生活费800元，轮流每月陪护一周。（示例）", actor, t.AddDays(2));
                    c.RecordVisit(DateOnly.FromDateTime(t.AddDays(10).ToShanghai().DateTime), PerformanceStatus.Fulfilled, "生活费已按月给付，陪护按约轮换。（示例）", "孙桂兰",
                        DateOnly.FromDateTime(t.AddDays(10).ToShanghai().DateTime), actor, t.AddDays(10));
                    break;
                case "failed":
                    c.RecordFailure("双方对工作量认定差距过大，被申请人拒绝继续调解。（示例）", ReferralRoute.Arbitration, "已告知向区劳动人事争议仲裁委员会申请仲裁（示例）", actor, t.AddDays(3));
                    c.Close("已引导申请劳动仲裁（示例）", actor, t.AddDays(4));
                    break;
            }
            cases.Add(c);
        }
        await db.SaveChangesAsync(ct);
        foreach (var c in cases.Local.Where(x => x.Number.StartsWith("TJDEMO", StringComparison.Ordinal)))
            c.Number = $"TJ{c.RegisteredAt.ToShanghai():yyMMdd}{c.Id:D6}";
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
