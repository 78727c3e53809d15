using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

public sealed record AssessDisputeRequest(RiskLevel? Risk, string? RiskNote, bool? Suitable, string? UnsuitableReason, ReferralRoute? Referral,
    MediationTier? Tier, string? ProfessionalBody);

/// <summary>
/// 研判: risk, suitability and tier. A high-risk case (violence, group conflict) alerts at once, in the same transaction:
/// in-app notices to the street and district centre, a police-liaison record with a notice to the police station's
/// liaison account, and a text message to the police duty phone through the outbox.
/// </summary>
public sealed class AssessDispute(DisputeWorkflow workflow, SensitiveDataProtector protector, IOptions<DisputeOptions> options)
{
    public async Task HandleAsync(long id, AssessDisputeRequest r, CancellationToken ct)
    {
        workflow.EnsureCan(DisputePermissions.Manage, "研判矛盾纠纷");
        var v = new Validation();
        v.Require(r.Risk is not null && Enum.IsDefined(r.Risk.Value), "risk", "请选择风险等级");
        v.Require(r.Suitable is not null, "suitable", "请选择是否适宜调解");
        v.Require(r.Tier is not null && Enum.IsDefined(r.Tier.Value), "tier", "请选择承办层级");
        v.Require((r.RiskNote?.Length ?? 0) <= 500, "riskNote", "风险情形不能超过500字");
        v.ThrowIfInvalid();
        var c = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtCaseTier(c, "研判");
        // Up the ladder only by escalation, which records the reason and tells the centre; a rung may take a case up to itself.
        if (r.Tier is MediationTier.Street or MediationTier.District && r.Tier > DisputeWorkflow.TierOf(workflow.User.ScopePath))
            throw new ValidationFailedException("tier", $"交由{DisputeNames.Of(r.Tier.Value)}承办，请使用“升级”并写明原因，上级综治中心会收到通知");
        var actor = await workflow.ActorAsync(ct);
        c.Assess(new DisputeAssessment(r.Risk!.Value, r.RiskNote, r.Suitable!.Value, r.UnsuitableReason, r.Referral, r.Tier!.Value, r.ProfessionalBody), actor, workflow.Now);
        if (c.Risk == RiskLevel.High && c.Alerts.Count == 0) await AlertAsync(c, actor, ct);
        await workflow.SaveAsync(ct);
    }

    private async Task AlertAsync(DisputeCase c, DisputeActor actor, CancellationToken ct)
    {
        var db = workflow.Db;
        var now = workflow.Now;
        var text = $"【高风险纠纷】{c.Number} {c.Title}：{c.RiskNote}。地点：{c.Address}，请立即关注。";

        var centre = await workflow.UsersAboveAsync(c.AreaPath, [Roles.Centre], ct);
        await workflow.NotifyAsync(centre, text, c.Id, $"dispute:{c.Id}:high-risk", ct);
        c.RecordAlert(new DisputeAlert { Channel = "centre", Recipient = "街道、区综治中心", NotifiedUsers = centre.Count, Note = $"高风险预警已推送综治中心（{centre.Count}人）" }, actor, now);

        var o = options.Value;
        var police = await workflow.PoliceStationAsync(ct);
        var policeName = police?.Name ?? "属地派出所";
        var liaison = police?.LiaisonUserId is { } l ? new[] { l } : [];
        await workflow.NotifyAsync(liaison, text, c.Id, $"dispute:{c.Id}:high-risk:police", ct);
        var phone = !string.IsNullOrWhiteSpace(o.PoliceLiaisonPhone) ? o.PoliceLiaisonPhone
            : police?.Contact is { } contact && ChinaIdentity.MobileProblem(contact) is null ? contact : null;
        var key = $"dispute:{c.Id}:high-risk:police";
        var queued = false;
        if (phone is not null && !await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == key, ct))
        {
            var normal = ChinaIdentity.Normalize(phone);
            db.OutboxMessages.Add(new OutboxMessage
            {
                IdempotencyKey = key, Channel = "sms", RecipientCipher = protector.Encrypt(normal)!, RecipientMasked = ChinaIdentity.MaskMobile(normal),
                Template = "dispute-high-risk",
                PayloadJson = JsonSerializer.Serialize(new Dictionary<string, string?> { ["number"] = c.Number, ["title"] = c.Title, ["risk"] = c.RiskNote, ["address"] = c.Address }),
                CreatedAt = now,
            });
            queued = true;
        }
        c.RecordAlert(new DisputeAlert
        {
            Channel = DisputeAlert.PoliceChannel, Recipient = policeName, NotifiedUsers = liaison.Length, SmsQueued = queued,
            Note = $"已通报{policeName}（公安联动）：站内通知{liaison.Length}人{(queued ? "，短信已发出" : "，未配置值班手机")}",
        }, actor, now);
    }
}

public sealed record AssignMediatorsRequest(string? LeadUserId, IReadOnlyList<string>? HelperUserIds, string? Reason);

/// <summary>指派调解员: the lead and helpers must be mediators (or centre staff, a secretary) whose area covers the case.</summary>
public sealed class AssignMediators(DisputeWorkflow workflow)
{
    public async Task HandleAsync(long id, AssignMediatorsRequest r, CancellationToken ct)
    {
        workflow.EnsureCan(DisputePermissions.Manage, "指派调解员");
        if (string.IsNullOrWhiteSpace(r.LeadUserId)) throw new ValidationFailedException("leadUserId", "请选择主办调解员");
        var c = await workflow.LoadAsync(id, ct);
        workflow.EnsureAtCaseTier(c, "指派调解员");
        var ids = (r.HelperUserIds ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Prepend(r.LeadUserId).ToList();
        var people = await Candidates(workflow, ids).ToListAsync(ct);
        var v = new Validation();
        var chosen = new List<DisputeMediator>();
        for (var i = 0; i < ids.Count; i++)
        {
            var field = i == 0 ? "leadUserId" : "helperUserIds";
            var p = people.FirstOrDefault(x => x.Id == ids[i]);
            if (p is null) { v.Add(field, "找不到所选的调解员，或其不是调解员、综治中心或社区书记账户"); continue; }
            if (p.AreaPath.Length == 0 || !c.AreaPath.StartsWith(p.AreaPath, StringComparison.Ordinal))
            {
                v.Add(field, $"{p.Name}不在本案所在辖区，不能指派；请选择本社区或上级街道、区的调解员");
                continue;
            }
            if (i == 0 && !MayLead(p, c))
            {
                v.Add(field, $"案件由{c.TierName}承办，主办调解员须是{DisputeNames.Of(c.OwningTier)}（或以上）的人员；{p.Name}可以协办");
                continue;
            }
            chosen.Add(new DisputeMediator { UserId = p.Id, Name = p.Name });
        }
        v.ThrowIfInvalid();
        c.AssignMediators(chosen[0], chosen.Skip(1).ToList(), r.Reason, await workflow.ActorAsync(ct), workflow.Now);
        await workflow.NotifyAsync([chosen[0].UserId], $"您被指派为调解案件 {c.Number}（{c.Title}）的主办调解员", c.Id, $"dispute:{c.Id}:lead:{c.Version}", ct);
        await workflow.NotifyAsync(chosen.Skip(1).Select(m => m.UserId), $"您被指派协办调解案件 {c.Number}（{c.Title}）", c.Id, $"dispute:{c.Id}:helper:{c.Version}", ct);
        await workflow.SaveAsync(ct);
    }

    public sealed record MediatorCandidate(string Id, string Name, string AreaPath);

    /// <summary>The lead of a case works at the rung that owns it (or above): after an escalation, the street's people lead.</summary>
    public static bool MayLead(MediatorCandidate p, DisputeCase c) => DisputeWorkflow.TierOf(p.AreaPath) >= c.OwningTier;

    /// <summary>Accounts that may mediate, across the area tree (the area check is the caller's).</summary>
    public static IQueryable<MediatorCandidate> Candidates(DisputeWorkflow workflow, IReadOnlyCollection<string>? ids = null)
    {
        var db = workflow.Db;
        var users = ids is null ? db.Users : db.Users.Where(u => ids.Contains(u.Id));
        var q = from u in users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join role in db.Roles on ur.RoleId equals role.Id
                where DisputePermissions.CanMediate.Contains(role.Name!)
                select new MediatorCandidate(u.Id, u.DisplayName == "" ? u.UserName! : u.DisplayName, u.AreaPath);
        return q.Distinct();
    }

    /// <summary>The people who may be named on this case: their area covers the case's, and no conflict is recorded.</summary>
    public async Task<IReadOnlyList<MediatorCandidate>> ForCaseAsync(DisputeCase c, CancellationToken ct)
    {
        var all = await Candidates(workflow).ToListAsync(ct);
        var conflicted = c.Conflicts.Where(x => x.UserId != null).Select(x => x.UserId).ToHashSet();
        return all.Where(p => p.AreaPath.Length > 0 && c.AreaPath.StartsWith(p.AreaPath, StringComparison.Ordinal) && !conflicted.Contains(p.Id))
            .OrderByDescending(p => p.AreaPath.Length).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }
}

public sealed record RecordConflictRequest(string? UserId, string? Name, string? Relation);

/// <summary>登记利害关系: the person steps aside; a mediator on the case leaves it.</summary>
public sealed class RecordConflict(DisputeWorkflow workflow)
{
    public async Task HandleAsync(long id, RecordConflictRequest r, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        workflow.EnsureCanMediate(c);
        string? name = r.Name?.Trim();
        if (!string.IsNullOrWhiteSpace(r.UserId))
        {
            name = await workflow.Db.Users.Where(u => u.Id == r.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            if (name is null) throw new ValidationFailedException("userId", "找不到该工作人员");
        }
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(name) && name.Length <= 100, "name", "请填写有利害关系的人员姓名");
        v.Require(!string.IsNullOrWhiteSpace(r.Relation) && r.Relation.Length <= 200, "relation", "请写明与当事人的关系（不超过200字）");
        v.ThrowIfInvalid();
        c.RecordConflict(new DisputeConflict { UserId = string.IsNullOrWhiteSpace(r.UserId) ? null : r.UserId, Name = name!, Relation = r.Relation!.Trim() },
            await workflow.ActorAsync(ct), workflow.Now);
        await workflow.SaveAsync(ct);
    }
}
