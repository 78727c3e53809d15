using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>One party as entered; the ID number and phone are checked, encrypted and masked on the way in.</summary>
public sealed record PartyInput(PartyKind Kind, PartyRole Role, string? Name, string? IdNumber, string? Phone, string? Address,
    string? CreditCode, string? Representative);

/// <summary>受理登记: place (a building, or a community/grid), type, source, facts and the parties.</summary>
public sealed record RegisterDisputeRequest(string? Title, DisputeType Type, DisputeSource Source, string? SourceNote, string? Facts,
    int? BuildingId, int? AreaId, string? Address, IReadOnlyList<PartyInput>? Parties, long? AppealId = null, bool IsSample = false);

public sealed record RegisterDisputeResult(long Id, string Number, DateOnly DueOn);

/// <summary>
/// 受理: opens a case. A case converted from an appeal takes its place and facts and links to it; on the appeal's side the
/// existing Appeal methods record the hand-over (accepted and dispatched to the mediation committee if still new, and a
/// progress note naming the case), in the same transaction.
/// </summary>
public sealed class RegisterDispute(DisputeWorkflow workflow, SensitiveDataProtector protector)
{
    public async Task<RegisterDisputeResult> HandleAsync(RegisterDisputeRequest r, CancellationToken ct)
    {
        workflow.EnsureCan(DisputePermissions.Register, "受理登记矛盾纠纷");
        var db = workflow.Db;
        var v = new Validation();
        Appeal? appeal = null;
        if (r.AppealId is { } appealId)
        {
            appeal = await db.Appeals.Include(a => a.Assignments).FirstOrDefaultAsync(a => a.Id == appealId, ct);
            if (appeal is null) v.Add("appealId", $"找不到编号为 {appealId} 的诉求，或不在您的管辖范围内");
            else if (await workflow.Cases.AnyAsync(c => c.AppealId == appealId, ct))
                throw new DomainException($"诉求 {appeal.Number} 已经转为调解案件，不能重复转入。");
            else if (!appeal.IsOpen) throw new DomainException($"诉求 {appeal.Number} 当前状态为“{AppealNames.Of(appeal.State)}”，不能再转为调解案件。");
        }
        var source = appeal is null ? r.Source : DisputeSource.Appeal;
        if (appeal is null && source == DisputeSource.Appeal) v.Add("appealId", "来源为民情诉求转入时，请指定诉求");
        if (!Enum.IsDefined(r.Type)) v.Add("type", "请选择纠纷类型");
        if (!Enum.IsDefined(source)) v.Add("source", "请选择案件来源");
        var title = r.Title?.Trim() ?? appeal?.Title ?? "";
        v.Require(title.Length is > 0 and <= 100, "title", "请填写案由（不超过100字）");
        var facts = string.IsNullOrWhiteSpace(r.Facts) ? appeal?.Description?.Trim() ?? "" : r.Facts.Trim();
        v.Require(facts.Length is > 0 and <= 4000, "facts", "请填写纠纷的基本事实（不超过4000字）");
        if (source is DisputeSource.PoliceReferral or DisputeSource.CourtEntrusted or DisputeSource.GovernmentAssigned)
            v.Require(!string.IsNullOrWhiteSpace(r.SourceNote), "sourceNote", "请填写移送、委托或交办的单位");

        // Place: the building's grid, the chosen community or grid, or the appeal's place.
        int areaId = 0;
        string areaPath = "";
        var address = r.Address?.Trim() ?? "";
        var buildingId = r.BuildingId ?? appeal?.BuildingId;
        if (buildingId is { } b)
        {
            var building = await db.Buildings.Where(x => x.Id == b).Select(x => new { x.GridId, x.AreaPath, x.Name, Compound = x.Compound!.Name }).FirstOrDefaultAsync(ct);
            if (building is null) v.Add("buildingId", "找不到该楼栋，或不在您的管辖范围内");
            else
            {
                areaId = building.GridId;
                areaPath = building.AreaPath;
                if (address.Length == 0) address = appeal?.Address ?? $"{building.Compound}{building.Name}";
            }
        }
        else if (r.AreaId is { } a)
        {
            var area = await db.Areas.Where(x => x.Id == a).Select(x => new { x.Id, x.AreaPath, x.Level, x.Name }).FirstOrDefaultAsync(ct);
            if (area is null) v.Add("areaId", "找不到该社区或网格，或不在您的管辖范围内");
            else if (area.Level is not (AreaLevel.Community or AreaLevel.Grid)) v.Add("areaId", "请选择纠纷发生地所在的社区或网格");
            else
            {
                areaId = area.Id;
                areaPath = area.AreaPath;
            }
        }
        else if (appeal is not null)
        {
            areaPath = appeal.AreaPath;
            areaId = await db.Areas.IgnoreQueryFilters().Where(x => x.AreaPath == appeal.AreaPath).Select(x => x.Id).FirstOrDefaultAsync(ct);
            if (address.Length == 0) address = appeal.Address;
        }
        else v.Add("areaId", "请选择纠纷发生的楼栋，或所在的社区、网格");
        v.Require(address.Length <= 200, "address", "地址不能超过200字");

        var parties = ReadParties(r.Parties ?? [], v);
        v.ThrowIfInvalid();

        var actor = await workflow.ActorAsync(ct);
        var now = workflow.Now;
        var placeholder = "T" + Guid.NewGuid().ToString("N")[..16];
        var c = DisputeCase.Register(new DisputeRegistration(placeholder, title, r.Type, source, r.SourceNote?.Trim(), appeal?.Id, appeal?.Number,
            facts, address, buildingId, areaId, areaPath, r.IsSample, parties), actor, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(c);
        await db.SaveChangesAsync(ct);
        // The number shows the day and the row id, so it is unique without a counter to contend on.
        c.Number = $"TJ{now.ToShanghai():yyMMdd}{c.Id:D6}";
        if (appeal is not null) await HandOverAsync(appeal, c, now, ct);
        await workflow.SaveAsync(ct);
        await transaction.CommitAsync(ct);
        return new RegisterDisputeResult(c.Id, c.Number, c.DueOn);
    }

    /// <summary>The appeal's side of a conversion, through its own methods only.</summary>
    private async Task HandOverAsync(Appeal appeal, DisputeCase c, DateTimeOffset now, CancellationToken ct)
    {
        var dispute = await workflow.ActorAsync(ct);
        var actor = new Actor(dispute.UserId, dispute.Name, dispute.Unit);
        if (appeal.State == AppealState.Submitted) appeal.Accept(actor, now);
        if (appeal.State == AppealState.Accepted)
        {
            appeal.Dispatch(new AppealAssignment
            {
                AssigneeKind = AssigneeKind.CommunityTeam, AssigneeName = "社区人民调解委员会", AssigneeUserId = dispute.UserId,
                Tier = appeal.Tier, AcknowledgeDueAt = now.AddHours(2), AreaPath = appeal.AreaPath,
            }, [], actor, now, null);
        }
        appeal.AddProgress(actor, now, $"已转为矛盾纠纷调解案件 {c.Number}，由人民调解组织依法调解", isPublic: true);
    }

    private List<DisputeParty> ReadParties(IReadOnlyList<PartyInput> input, Validation v)
    {
        var list = new List<DisputeParty>();
        if (!input.Any(p => p.Role == PartyRole.Applicant) || !input.Any(p => p.Role == PartyRole.Respondent))
            v.Add("parties", "纠纷至少要有一方申请人和一方被申请人");
        if (input.Count > 20) v.Add("parties", "当事人最多20方");
        for (var i = 0; i < input.Count; i++)
        {
            var p = input[i];
            var field = $"parties[{i}]";
            var name = p.Name?.Trim() ?? "";
            if (name.Length is 0 or > 100) v.Add($"{field}.name", $"第{i + 1}位当事人：请填写姓名或名称（不超过100字）");
            var party = new DisputeParty { Kind = p.Kind, Role = p.Role, Name = name, Address = Clip(p.Address, 200) };
            if (!Enum.IsDefined(p.Kind)) v.Add($"{field}.kind", $"第{i + 1}位当事人：请选择自然人或组织");
            if (!Enum.IsDefined(p.Role)) v.Add($"{field}.role", $"第{i + 1}位当事人：请选择申请人或被申请人");
            if (!string.IsNullOrWhiteSpace(p.IdNumber))
            {
                if (p.Kind != PartyKind.Person) v.Add($"{field}.idNumber", $"第{i + 1}位当事人是组织，请填写统一社会信用代码而不是身份证号");
                else if (ChinaIdentity.IdNumberProblem(p.IdNumber) is { } problem) v.Add($"{field}.idNumber", $"第{i + 1}位当事人：{problem}");
                else
                {
                    var id = ChinaIdentity.Normalize(p.IdNumber);
                    party.IdNumberCipher = protector.Encrypt(id);
                    party.IdNumberHash = protector.LookupHash(id);
                    party.IdNumberMasked = ChinaIdentity.MaskIdNumber(id);
                    party.Gender = ChinaIdentity.Gender(id);
                    party.BirthYear = ChinaIdentity.BirthDate(id)?.Year;
                }
            }
            if (!string.IsNullOrWhiteSpace(p.Phone))
            {
                if (ChinaIdentity.MobileProblem(p.Phone) is { } problem) v.Add($"{field}.phone", $"第{i + 1}位当事人：{problem}");
                else
                {
                    var phone = ChinaIdentity.Normalize(p.Phone);
                    party.PhoneCipher = protector.Encrypt(phone);
                    party.PhoneHash = protector.LookupHash(phone);
                    party.PhoneMasked = ChinaIdentity.MaskMobile(phone);
                }
            }
            if (p.Kind == PartyKind.Organisation)
            {
                var code = ChinaIdentity.Normalize(p.CreditCode);
                if (code.Length > 0 && (code.Length != 18 || !code.All(char.IsAsciiLetterOrDigit)))
                    v.Add($"{field}.creditCode", $"第{i + 1}位当事人：统一社会信用代码应为18位数字或大写字母");
                party.CreditCode = code.Length == 0 ? null : code;
                party.Representative = Clip(p.Representative, 50);
            }
            list.Add(party);
        }
        return list;
    }

    private static string? Clip(string? s, int max)
    {
        var t = s?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        return t.Length <= max ? t : t[..max];
    }
}
