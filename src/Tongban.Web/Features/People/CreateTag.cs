using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

public sealed record TagInput(string? Code, string? Name, bool IsSensitive);

/// <summary>Adds a tag of the administrators' own (自定义标签), next to the built-in ones.</summary>
public static partial class CreateTag
{
    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    private static partial Regex CodePattern();

    public static bool MayManageTags(ICurrentUser user) =>
        user.HasPermission(Permissions.PeopleEdit) && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.CommunityAdmin) || user.ScopePath is null);

    public static async Task<TagView> HandleAsync(AppDbContext db, TagInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Name?.Trim() ?? "";
        var code = string.IsNullOrWhiteSpace(input.Code) ? null : input.Code.Trim().ToLowerInvariant();
        var v = new Validation();
        if (name.Length == 0) v.Add("name", "请填写标签名称");
        else if (name.Length > 40) v.Add("name", "标签名称不能超过40个字");
        else if (name.IndexOfAny([',', '，', '、', ';', '；']) >= 0) v.Add("name", "标签名称不能包含逗号、顿号或分号（导入时用它们分隔多个标签）");
        if (InputSafety.Problem(name) is { } unsafeName) v.Add("name", unsafeName);
        if (code is not null && !CodePattern().IsMatch(code)) v.Add("code", "标签代码应为2到40位小写字母、数字或下划线，并以字母开头");
        v.ThrowIfInvalid();

        if (await db.Tags.AnyAsync(t => t.Name == name, ct)) throw new DomainException($"已有名为“{name}”的标签，请换一个名称。");
        code ??= await FreeCodeAsync(db, ct);
        if (await db.Tags.AnyAsync(t => t.Code == code, ct)) throw new DomainException($"标签代码“{code}”已被使用，请换一个。");

        var tag = new Tag { Code = code, Name = name, IsSensitive = input.IsSensitive, IsBuiltIn = false };
        db.Tags.Add(tag);
        await db.SaveChangesAsync(ct);
        return new TagView(tag.Id, tag.Code, tag.Name, tag.IsSensitive, tag.IsBuiltIn);
    }

    private static async Task<string> FreeCodeAsync(AppDbContext db, CancellationToken ct)
    {
        var count = await db.Tags.CountAsync(t => !t.IsBuiltIn, ct);
        for (var n = count + 1; ; n++)
        {
            var code = $"custom_{n}";
            if (!await db.Tags.AnyAsync(t => t.Code == code, ct)) return code;
        }
    }
}
