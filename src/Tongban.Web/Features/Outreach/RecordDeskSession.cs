using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Services;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>
/// A question at the desk. <paramref name="ServiceItemId"/> links it to the service catalog (none for a question no item
/// covers); with <paramref name="ApplicationStarted"/> an application for that item is started in the Services module
/// for the applicant, channel 流动办公桌, the desk staff member as first-inquiry owner.
/// </summary>
public sealed record QuestionInput(string? Question, string? Answer = null, int? ServiceItemId = null, bool ResolvedOnSpot = false, bool ApplicationStarted = false,
    string? ApplicantName = null, string? ApplicantPhone = null);

public sealed record ConcernInput(string? Concern, string? ResidentName = null, int? CategoryId = null);

public sealed record RecordDeskSessionRequest(int? SlotId, int? BuildingId, DateOnly? HeldOn, TimeOnly? StartTime, TimeOnly? EndTime, string? Staff,
    string? Departments, int? PeopleServed, string? Summary, IReadOnlyList<QuestionInput>? Questions = null, IReadOnlyList<ConcernInput>? Concerns = null,
    string? IdempotencyKey = null);

public sealed record DeskApplication(long QuestionId, long ApplicationId, string Number);

public sealed record RecordDeskSessionResult(long Id, bool Replayed, IReadOnlyList<long> DiaryEntryIds, IReadOnlyList<DeskApplication> Applications);

/// <summary>
/// Records a desk session from a phone: people served, questions answered (or not) on the spot, applications started
/// through the Services module's StartApplication (channel 流动办公桌, the desk staff member as first-inquiry owner), and
/// concerns written into the concerns diary; all in one transaction, and a scheduled slot is marked held (also when the
/// session names only the building, on the slot's day). A session cannot be dated in the future. The phone's idempotency key (unique) makes a resend return the first session.
/// </summary>
public sealed class RecordDeskSession(AppDbContext db, ICurrentUser user, TimeProvider clock, AppealWorkflow workflow, StartApplication startApplication)
{
    public async Task<RecordDeskSessionResult> HandleAsync(RecordDeskSessionRequest request, CancellationToken ct)
    {
        var key = string.IsNullOrWhiteSpace(request.IdempotencyKey) ? Guid.NewGuid().ToString("N") : request.IdempotencyKey.Trim();
        if (await ReplayedAsync(key, ct) is { } earlier) return earlier;

        var v = new Validation();
        v.Require(key.Length <= 100, "idempotencyKey", "幂等键不能超过100个字符");
        var now = clock.GetUtcNow();
        var today = clock.Today();
        DeskSlot? slot = null;
        if (request.SlotId is { } slotId)
        {
            slot = await db.DeskSlots.FirstOrDefaultAsync(s => s.Id == slotId, ct);
            if (slot is null) v.Add("slotId", "找不到该场次，或不在您的管辖范围内");
            else if (slot.State != DeskSlotState.Scheduled) v.Add("slotId", $"该场次{OutreachNames.Of(slot.State)}，不能再登记");
        }
        var buildingId = slot?.BuildingId ?? request.BuildingId;
        var building = buildingId is { } bid
            ? await OutreachPlaces.OneAsync(db, bid, ct)
            : null;
        if (building is null && slot is null && !v.Errors.ContainsKey("slotId")) v.Add("buildingId", "请选择办公所在楼栋（本人管辖范围内）");

        var heldOn = request.HeldOn ?? slot?.Date ?? today;
        // A desk recorded for a building on a day one of its plans has it scheduled is that slot's desk (held, counted).
        if (slot is null && request.SlotId is null && building is not null)
            slot = await db.DeskSlots.Where(s => s.BuildingId == building.Id && s.Date == heldOn && s.State == DeskSlotState.Scheduled).OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        var start = request.StartTime ?? slot?.StartTime;
        var end = request.EndTime ?? slot?.EndTime;
        if (heldOn > today) v.Add("heldOn", $"办公日期不能晚于今天（{today:yyyy-MM-dd}），请在办公结束后登记");
        else if (heldOn == today && start is { } s && !MayRecord(heldOn, s, now)) v.Add("startTime", "开始时间还没到，请在办公开始后登记");
        if (heldOn < today.AddDays(-30)) v.Add("heldOn", "只能补录30天以内的办公记录");
        if (start is null || end is null) v.Add("startTime", "请填写开始和结束时间");
        else if (end <= start) v.Add("endTime", "结束时间应晚于开始时间");
        v.Require(request.PeopleServed is >= 0 and <= 10000, "peopleServed", "请填写服务人次（0到10000）");
        v.Require((request.Summary?.Trim().Length ?? 0) <= 2000, "summary", "小结不能超过2000字");
        v.Require((request.Staff?.Length ?? 0) <= 200, "staff", "值守人员不能超过200字");
        v.Require((request.Departments?.Length ?? 0) <= 400, "departments", "参加部门不能超过400字");

        // Indexes are the request's, so an error lands on the question the phone sent (empty slots are skipped).
        var questions = (request.Questions ?? []).Select((q, i) => (Input: q, Index: i)).Where(q => !string.IsNullOrWhiteSpace(q.Input.Question)).ToList();
        var concerns = (request.Concerns ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Concern)).ToList();
        v.Require(questions.Count <= 100, "questions", "一次最多登记100个问题");
        v.Require(concerns.Count <= 50, "concerns", "一次最多登记50条民情");
        var itemIds = questions.Where(q => q.Input.ServiceItemId is not null).Select(q => q.Input.ServiceItemId!.Value).Distinct().ToList();
        var items = await db.ServiceItems().AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, Name = i.CurrentVersion != null ? i.CurrentVersion.Name : i.Versions.OrderByDescending(x => x.Number).Select(x => x.Name).First() })
            .ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        var mayHandle = ServicePermissions.Has(user, ServicePermissions.Handle);
        foreach (var (q, i) in questions)
        {
            if (q.Question!.Trim().Length > 500) v.Add($"questions[{i}].question", "问题不能超过500字");
            if ((q.Answer?.Trim().Length ?? 0) > 1000) v.Add($"questions[{i}].answer", "答复不能超过1000字");
            if (q.ResolvedOnSpot && string.IsNullOrWhiteSpace(q.Answer)) v.Add($"questions[{i}].answer", "当场解决的问题请写明如何答复或办理");
            if (q.ServiceItemId is { } itemId && !items.ContainsKey(itemId))
                v.Add($"questions[{i}].serviceItemId", $"事项清单中没有编号为{itemId}的服务事项，请从清单中选择，或不选事项");
            if (!q.ApplicationStarted) continue;
            if (q.ServiceItemId is null) v.Add($"questions[{i}].serviceItemId", "发起办理请选择服务事项");
            if (string.IsNullOrWhiteSpace(q.ApplicantName)) v.Add($"questions[{i}].applicantName", "发起办理请填写申请人姓名");
            if (!mayHandle) v.Add($"questions[{i}].applicationStarted", "您的账户不能受理办件，请只记录问题，由百通岗工作人员发起办理");
        }
        for (var i = 0; i < concerns.Count; i++)
        {
            var c = concerns[i];
            if (c.Concern!.Trim().Length < 5) v.Add($"concerns[{i}].concern", "民情请写清楚，至少5个字");
            if (c.Concern.Trim().Length > 2000) v.Add($"concerns[{i}].concern", "民情不能超过2000字");
            if (c.CategoryId is { } cat && !await db.AppealCategories.AnyAsync(x => x.Id == cat && x.IsActive, ct)) v.Add($"concerns[{i}].categoryId", "未知的问题分类");
        }
        v.ThrowIfInvalid();

        var actor = await workflow.ActorAsync(ct);
        var plan = slot is null ? null : await db.DeskPlans.AsNoTracking().Where(p => p.Id == slot.PlanId).Select(p => new { p.Staff, p.Departments }).FirstAsync(ct);
        var session = new DeskSession
        {
            PlanId = slot?.PlanId, SlotId = slot?.Id, BuildingId = building!.Id, AreaPath = building.AreaPath, HeldOn = heldOn, StartTime = start!.Value, EndTime = end!.Value,
            Staff = string.IsNullOrWhiteSpace(request.Staff) ? plan?.Staff ?? actor.Name : request.Staff.Trim(),
            Departments = string.IsNullOrWhiteSpace(request.Departments) ? plan?.Departments ?? "" : request.Departments.Trim(),
            PeopleServed = request.PeopleServed!.Value, Summary = request.Summary?.Trim() ?? "", RecordedByUserId = user.UserId, RecordedBy = actor.Name,
            RecordedAt = now, IdempotencyKey = key,
        };
        var entries = concerns.Select(c => new DiaryEntry
        {
            BuildingId = building.Id, CommunityId = building.CommunityId, AreaPath = building.AreaPath, Concern = c.Concern!.Trim(),
            ResidentName = string.IsNullOrWhiteSpace(c.ResidentName) ? null : c.ResidentName.Trim(), CategoryId = c.CategoryId,
            WrittenBy = actor.Name, WrittenByUserId = user.UserId, WrittenAt = now,
        }).ToList();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var (q, i) in questions)
            {
                var question = new DeskQuestion
                {
                    Question = q.Question!.Trim(), Answer = q.Answer?.Trim() ?? "", ServiceItemId = q.ServiceItemId,
                    ServiceItem = q.ServiceItemId is { } itemId ? items[itemId] : null, ResolvedOnSpot = q.ResolvedOnSpot, AreaPath = building.AreaPath,
                };
                if (q.ApplicationStarted)
                {
                    // The Services use case writes the application in this transaction; a refusal there leaves nothing behind.
                    var started = await StartAsync(q, i, building.CommunityId, ct);
                    question.ApplicationStarted = true;
                    question.ApplicationId = started.Id;
                    question.FirstInquiryOwner = actor.Name;
                }
                session.Questions.Add(question);
            }
            db.DeskSessions.Add(session);
            await db.SaveChangesAsync(ct);
            foreach (var e in entries) e.SessionId = session.Id;
            db.DiaryEntries.AddRange(entries);
            slot?.Held(session.Id);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await ReplayedAsync(key, ct) is { } winner) return winner;
            throw;
        }
        return await ResultAsync(session.Id, replayed: false, ct);
    }

    private async Task<StartApplicationResult> StartAsync(QuestionInput q, int index, int communityId, CancellationToken ct)
    {
        try
        {
            return await startApplication.HandleAsync(new StartApplicationRequest(q.ServiceItemId, q.ApplicantName,
                string.IsNullOrWhiteSpace(q.ApplicantPhone) ? null : q.ApplicantPhone.Trim(), IntakeChannel.MobileDesk, CommunityId: communityId), ct);
        }
        catch (ValidationFailedException e)
        {
            // The Services messages, on this question's fields (a community outside the caller's scope is about the application itself).
            throw new ValidationFailedException(e.Errors.ToDictionary(
                x => $"questions[{index}].{(x.Key is "communityId" or "helperUserId" ? "applicationStarted" : x.Key)}", x => x.Value));
        }
    }

    /// <summary>
    /// A desk may be recorded from ten minutes before its start (the table goes up early), never before: the pages offer
    /// 登记 by the same rule. Compared as a time of day without wrapping, so a desk at 19:00 is not refused at 23:55.
    /// </summary>
    public static bool MayRecord(DateOnly date, TimeOnly start, DateTimeOffset now)
    {
        var local = now.ToShanghai();
        var today = DateOnly.FromDateTime(local.DateTime);
        return date < today || (date == today && start.ToTimeSpan() <= local.TimeOfDay + TimeSpan.FromMinutes(10));
    }

    private async Task<RecordDeskSessionResult?> ReplayedAsync(string key, CancellationToken ct)
    {
        var id = await db.DeskSessions.IgnoreQueryFilters().AsNoTracking().Where(s => s.IdempotencyKey == key).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        return id is { } found ? await ResultAsync(found, replayed: true, ct) : null;
    }

    private async Task<RecordDeskSessionResult> ResultAsync(long id, bool replayed, CancellationToken ct)
    {
        var entries = await db.DiaryEntries.IgnoreQueryFilters().AsNoTracking().Where(e => e.SessionId == id).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        var applications = await (from q in db.DeskQuestions.IgnoreQueryFilters().AsNoTracking()
                                  join a in db.ServiceApplications().IgnoreQueryFilters().AsNoTracking() on q.ApplicationId equals a.Id
                                  where q.SessionId == id
                                  orderby q.Id
                                  select new DeskApplication(q.Id, a.Id, a.Number)).ToListAsync(ct);
        return new RecordDeskSessionResult(id, replayed, entries, applications);
    }
}
