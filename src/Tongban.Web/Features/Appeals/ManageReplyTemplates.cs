using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>A reply template for a category (or all when empty) and a state (or any when empty).</summary>
public sealed record ReplyTemplateInput(int? CategoryId, AppealState? State, string? Title, string? Text);

public sealed record ReplyTemplateView(int Id, int? CategoryId, string? CategoryName, AppealState? State, string? StateName, string Title, string Text);

/// <summary>
/// 答复模板: wording staff pick for a reply or result, per category and state. Placeholders {编号} {标题} {地址}
/// {承办单位} {查询码} are filled from the appeal when the template is used.
/// </summary>
public sealed class ManageReplyTemplates(AppDbContext db)
{
    public static readonly string[] Placeholders = ["{编号}", "{标题}", "{地址}", "{承办单位}", "{查询码}"];

    public async Task<IReadOnlyList<ReplyTemplateView>> ListAsync(int? categoryId, AppealState? state, CancellationToken ct)
    {
        var query = db.ReplyTemplates.AsNoTracking();
        if (categoryId is { } c) query = query.Where(t => t.CategoryId == c || t.CategoryId == null);
        if (state is { } s) query = query.Where(t => t.State == s || t.State == null);
        var rows = await query.OrderBy(t => t.CategoryId).ThenBy(t => t.State).ThenBy(t => t.Id).ToListAsync(ct);
        return await ViewsAsync(rows, ct);
    }

    /// <summary>Templates that fit an appeal: its category or its parent, or general ones; for the state it is in or for any.</summary>
    public async Task<IReadOnlyList<ReplyTemplateView>> ForAppealAsync(int categoryId, AppealState state, CancellationToken ct)
    {
        var parent = await db.AppealCategories.Where(c => c.Id == categoryId).Select(c => c.ParentId).FirstOrDefaultAsync(ct);
        var rows = await db.ReplyTemplates.AsNoTracking()
            .Where(t => (t.CategoryId == null || t.CategoryId == categoryId || t.CategoryId == parent) && (t.State == null || t.State == state))
            .ToListAsync(ct);
        // The most specific first: this category, then its parent, then general; a matching state before any state.
        var ordered = rows.OrderBy(t => t.CategoryId == categoryId ? 0 : t.CategoryId == parent && parent != null ? 1 : 2)
            .ThenBy(t => t.State is null ? 1 : 0).ThenBy(t => t.Id).ToList();
        return await ViewsAsync(ordered, ct);
    }

    public async Task<ReplyTemplateView> CreateAsync(ReplyTemplateInput input, CancellationToken ct)
    {
        var template = new ReplyTemplate();
        await ApplyAsync(template, input, ct);
        db.ReplyTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync([template], ct))[0];
    }

    public async Task<ReplyTemplateView> UpdateAsync(int id, ReplyTemplateInput input, CancellationToken ct)
    {
        var template = await db.ReplyTemplates.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的答复模板。");
        await ApplyAsync(template, input, ct);
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync([template], ct))[0];
    }

    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        var template = await db.ReplyTemplates.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的答复模板。");
        db.ReplyTemplates.Remove(template);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The template text with the appeal's details filled in.</summary>
    public static string Render(string text, Appeal appeal) => text
        .Replace("{编号}", appeal.Number, StringComparison.Ordinal)
        .Replace("{标题}", appeal.Title, StringComparison.Ordinal)
        .Replace("{地址}", appeal.Address, StringComparison.Ordinal)
        .Replace("{承办单位}", appeal.CurrentAssignee ?? "", StringComparison.Ordinal)
        .Replace("{查询码}", appeal.TrackingCode, StringComparison.Ordinal);

    private async Task ApplyAsync(ReplyTemplate template, ReplyTemplateInput input, CancellationToken ct)
    {
        var v = new Validation();
        var title = input.Title?.Trim() ?? "";
        var text = input.Text?.Trim() ?? "";
        v.Require(title.Length is > 0 and <= 60, "title", "请填写模板标题（最多60字）");
        v.Require(text.Length is > 0 and <= 1000, "text", "请填写模板内容（最多1000字）");
        v.Require(input.State is null || Enum.IsDefined(input.State.Value), "state", "未知的诉求状态");
        if (input.CategoryId is { } c && !await db.AppealCategories.AnyAsync(x => x.Id == c, ct)) v.Add("categoryId", "问题分类不存在");
        v.ThrowIfInvalid();
        template.CategoryId = input.CategoryId;
        template.State = input.State;
        template.Title = title;
        template.Text = text;
    }

    private async Task<List<ReplyTemplateView>> ViewsAsync(IReadOnlyList<ReplyTemplate> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.CategoryId != null).Select(r => r.CategoryId!.Value).Distinct().ToList();
        var names = await db.AppealCategories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return rows.Select(t => new ReplyTemplateView(t.Id, t.CategoryId, t.CategoryId is { } c ? names.GetValueOrDefault(c) : null, t.State,
            t.State is { } s ? AppealNames.Of(s) : null, t.Title, t.Text)).ToList();
    }
}
