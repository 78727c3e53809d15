using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Features.Shared;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes.Staff;

/// <summary>What the action forms on the case page post; each action reads the fields it needs.</summary>
public sealed class DisputeActionForm
{
    public RiskLevel? Risk { get; set; }
    public string? RiskNote { get; set; }
    public bool? Suitable { get; set; } = true;
    public string? UnsuitableReason { get; set; }
    public ReferralRoute? Referral { get; set; }
    public MediationTier? Tier { get; set; }
    public string? ProfessionalBody { get; set; }
    public string? LeadUserId { get; set; }
    public List<string> HelperUserIds { get; set; } = [];
    public string? Reason { get; set; }
    public string? ConflictUserId { get; set; }
    public string? ConflictName { get; set; }
    public string? Relation { get; set; }

    /// <summary>datetime-local in Asia/Shanghai.</summary>
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }
    public string? Place { get; set; }
    public SessionMode? Mode { get; set; }
    public string? Attendees { get; set; }
    public string? Record { get; set; }
    public string? Facts { get; set; }
    public string? Matters { get; set; }
    public string? Responsibilities { get; set; }
    public string? Terms { get; set; }
    public string? PerformanceManner { get; set; }
    public string? PerformanceDeadline { get; set; }
    public DateOnly? SignedOn { get; set; }
    public string? Content { get; set; }
    public string? ReferralNote { get; set; }
    public int? Days { get; set; }
    public DateOnly? PlannedOn { get; set; }
    public DateOnly? VisitedOn { get; set; }
    public PerformanceStatus? Performance { get; set; }
    public string? Note { get; set; }
    public string? VisitedWith { get; set; }
    public DateOnly? AppliedOn { get; set; }
    public string? Court { get; set; }
    public bool? Confirmed { get; set; }
    public DateOnly? ResultOn { get; set; }
    public List<int> DepartmentIds { get; set; } = [];
    public long? SummonsId { get; set; }
}

/// <summary>
/// One case: parties, state, countdowns, the one timeline, and the action forms the state allows. A refused action
/// re-shows the page with the message and the form as it was filled in; nothing is saved.
/// </summary>
[Authorize(Policy = DisputePermissions.View)]
public sealed class DetailModel(GetDispute get, DisputeWorkflow workflow, AssessDispute assess, AssignMediators assign, RecordConflict conflict,
    MediateDispute mediate, FollowUpDispute followUp, EscalateDispute escalate, UploadSignedAgreement upload) : PageModel
{
    public DisputeDetails Case { get; private set; } = null!;
    public IReadOnlyList<AssignMediators.MediatorCandidate> Candidates { get; private set; } = [];
    /// <summary>Those who may lead: people of the rung that owns the case or above.</summary>
    public IReadOnlyList<AssignMediators.MediatorCandidate> LeadCandidates { get; private set; } = [];
    public bool AtTier { get; private set; }
    public bool MayMediate { get; private set; }
    public MediationTier OwningTier { get; private set; }
    /// <summary>The summoned departments the caller may 报到 for: their own as liaison, and (the centre) those without a liaison account.</summary>
    public IReadOnlyList<int> ReportsFor { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Departments { get; private set; } = [];
    public string? Error { get; private set; }
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; private set; } = new Dictionary<string, string[]>();
    public string? OpenAction { get; private set; }
    public bool CanManage => DisputePermissions.Has(workflow.User, DisputePermissions.Manage);
    public bool CanSummon => DisputePermissions.Has(workflow.User, DisputePermissions.Summon);
    public string? UserId => workflow.User.UserId;

    [BindProperty] public DisputeActionForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
        }
        catch (NotFoundException) { return NotFound(); }
        catch (OutsideScopeException) { return StatusCode(StatusCodes.Status403Forbidden); }
        FillFromCase();
        return Page();
    }

    /// <summary>The draft agreement and the assessment as saved, unless the user's own input is being re-shown.</summary>
    private void FillFromCase()
    {
        var a = Case.Agreement;
        if (OpenAction != "agreement-draft")
        {
            Form.Facts = a?.Facts ?? Case.Facts;
            (Form.Matters, Form.Responsibilities, Form.Terms, Form.PerformanceManner, Form.PerformanceDeadline) =
                (a?.Matters, a?.Responsibilities, a?.Terms, a?.PerformanceManner, a?.PerformanceDeadline);
        }
        if (OpenAction != "assess")
        {
            Form.Tier = Case.Tier;
            Form.Risk = Case.Risk;
        }
    }

    public async Task<IActionResult> OnPostAsync(long id, string? act, IFormFile? file, CancellationToken ct)
    {
        try
        {
            // A date box whose text is no date (2026-13-45) is refused before anything is done, beside that box.
            if (DateBox.Refusals(ModelState, "Form.SignedOn", "Form.PlannedOn", "Form.VisitedOn", "Form.AppliedOn", "Form.ResultOn") is { Count: > 0 } refused)
                throw new ValidationFailedException(refused);
            await ActAsync(id, act ?? "", file, ct);
            return Redirect($"/Disputes/{id}#timeline");
        }
        catch (ValidationFailedException e)
        {
            Error = string.Join("；", e.Errors.SelectMany(x => x.Value));
            FieldErrors = e.Errors;
        }
        catch (Exception e) when (e is DomainException or OutsideScopeException)
        {
            Error = e.Message;
        }
        catch (NotFoundException) { return NotFound(); }
        OpenAction = act;
        workflow.Db.ChangeTracker.Clear();
        try { await LoadAsync(id, ct); }
        catch (OutsideScopeException) { return StatusCode(StatusCodes.Status403Forbidden); }
        FillFromCase();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task ActAsync(long id, string act, IFormFile? file, CancellationToken ct)
    {
        var f = Form;
        switch (act)
        {
            case "assess":
                await assess.HandleAsync(id, new AssessDisputeRequest(f.Risk, f.RiskNote, f.Suitable, f.UnsuitableReason, f.Referral, f.Tier, f.ProfessionalBody), ct);
                break;
            case "assign":
                await assign.HandleAsync(id, new AssignMediatorsRequest(f.LeadUserId, f.HelperUserIds, f.Reason), ct);
                break;
            case "conflict":
                await conflict.HandleAsync(id, new RecordConflictRequest(string.IsNullOrEmpty(f.ConflictUserId) ? null : f.ConflictUserId, f.ConflictName, f.Relation), ct);
                break;
            case "session":
                await mediate.RecordSessionAsync(id, new RecordSessionRequest(Local(f.StartsAt, "startsAt"), Local(f.EndsAt, "endsAt"), f.Place, f.Mode, f.Attendees, f.Record), ct);
                break;
            case "agreement-draft":
                await mediate.DraftAgreementAsync(id, new DraftAgreementRequest(f.Facts, f.Matters, f.Responsibilities, f.Terms, f.PerformanceManner, f.PerformanceDeadline), ct);
                break;
            case "agreement-finalise":
                await mediate.FinaliseAgreementAsync(id, new FinaliseAgreementRequest(f.SignedOn), ct);
                break;
            case "oral-agreement":
                await mediate.RecordOralAgreementAsync(id, new OralAgreementRequest(f.Content), ct);
                break;
            case "failure":
                await mediate.RecordFailureAsync(id, new RecordFailureRequest(f.Reason, f.Referral, f.ReferralNote), ct);
                break;
            case "extend":
                await mediate.ExtendAsync(id, new ExtendDisputeRequest(f.Days, f.Reason), ct);
                break;
            case "visit-plan":
                await followUp.ScheduleVisitAsync(id, new ScheduleVisitRequest(f.PlannedOn), ct);
                break;
            case "visit":
                await followUp.RecordVisitAsync(id, new RecordVisitRequest(f.VisitedOn, f.Performance, f.Note, f.VisitedWith), ct);
                break;
            case "judicial-apply":
                await followUp.ApplyJudicialAsync(id, new JudicialApplicationRequest(f.AppliedOn, f.Court), ct);
                break;
            case "judicial-result":
                await followUp.RecordJudicialResultAsync(id, new JudicialResultRequest(f.Confirmed, f.ResultOn, f.Note), ct);
                break;
            case "escalate":
                await escalate.EscalateAsync(id, new EscalateDisputeRequest(f.Reason), ct);
                break;
            case "summon":
                await escalate.SummonAsync(id, new SummonDepartmentsRequest(f.DepartmentIds, Local(f.StartsAt, "sessionAt"), f.Place, f.Note), ct);
                break;
            case "acknowledge":
                await escalate.AcknowledgeAsync(id, f.SummonsId ?? 0, ct);
                break;
            case "close":
                await followUp.CloseAsync(id, new CloseDisputeRequest(f.Note), ct);
                break;
            case "signed-scan":
                if (file is null || file.Length == 0) throw new ValidationFailedException("file", "请选择签字盖章后的协议书扫描件");
                await using (var stream = file.OpenReadStream()) await upload.HandleAsync(id, stream, file.FileName, file.Length, ct);
                break;
            default:
                throw new DomainException("未知的操作。");
        }
    }

    /// <summary>A typed date and time (2026-11-25 14:30, 2026年11月25日 14:30), read as Asia/Shanghai time.</summary>
    private static DateTimeOffset? Local(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!ChineseDates.TryParseMinute(value, out var local))
            throw new ValidationFailedException(field, $"“{value.Trim()}”不是有效的时间，请按 {ChineseDates.MinuteExample} 的格式填写");
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, ShanghaiTime.Zone.GetUtcOffset(unspecified));
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var c = await workflow.LoadAsync(id, ct);
        Case = await get.ViewAsync(c, ct);
        AtTier = workflow.AtCaseTier(c);
        MayMediate = workflow.MayMediate(c);
        OwningTier = c.OwningTier;
        var mine = await workflow.MyDepartmentsAsync(ct);
        var summoned = c.Summonses.Select(s => s.DepartmentId).Distinct().ToList();
        // The centre records 报到 only for a summoned department without a liaison account.
        var withoutLiaison = CanSummon && summoned.Count > 0
            ? await workflow.Db.Departments.IgnoreQueryFilters().Where(d => summoned.Contains(d.Id) && d.LiaisonUserId == null).Select(d => d.Id).ToListAsync(ct)
            : [];
        ReportsFor = [.. mine.Concat(withoutLiaison).Distinct()];
        if (CanManage)
        {
            Candidates = await assign.ForCaseAsync(c, ct);
            LeadCandidates = Candidates.Where(p => AssignMediators.MayLead(p, c)).ToList();
        }
        if (CanSummon)
            Departments = (await workflow.Db.Departments.IgnoreQueryFilters().Where(d => d.IsActive).OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
                .Select(d => (d.Id, d.Name)).ToList();
    }

    public string? ErrorFor(string field) => FieldErrors.TryGetValue(field, out var m) ? string.Join("；", m) : null;
    public bool Open(string action) => OpenAction == action;
    /// <summary>Whether the case's state allows the action and the caller may take it, so no form is shown that would be refused.</summary>
    public bool Can(string action) => Case.Actions.Contains(action) && action switch
    {
        "assess" or "assign" => CanManage && AtTier,
        "summon" => CanSummon,
        _ => MayMediate,
    };

    /// <summary>The tiers the assessment may choose: up to the caller's own rung (higher only by escalation), and professional bodies.</summary>
    public IEnumerable<MediationTier> TierChoices => Enum.GetValues<MediationTier>()
        .Where(t => t == MediationTier.Professional || t <= DisputeWorkflow.TierOf(workflow.User.ScopePath) || t == Case.Tier);
}
