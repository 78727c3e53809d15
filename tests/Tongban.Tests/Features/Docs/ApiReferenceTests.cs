using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Docs;

/// <summary>
/// docs/api.md is generated from the live OpenAPI document and must match it: a route added or changed without
/// regenerating the reference fails here. Regenerate with: UPDATE_API_DOCS=1 dotnet test --filter ApiReference
/// </summary>
public sealed class ApiReferenceTests(EmptyTongbanFactory factory) : IClassFixture<EmptyTongbanFactory>
{
    [Fact]
    public async Task Api_reference_in_docs_matches_the_openapi_document()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var expected = Render(document);
        var path = Path.Combine(RepositoryRoot(), "docs", "api.md");
        if (Environment.GetEnvironmentVariable("UPDATE_API_DOCS") == "1")
            await File.WriteAllTextAsync(path, expected);
        var actual = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        Assert.True(expected == actual, "docs/api.md 与 /openapi/v1.json 不一致；请运行 UPDATE_API_DOCS=1 dotnet test --filter ApiReference 重新生成。");
    }

    [Fact]
    public async Task Every_api_route_has_a_chinese_summary()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var missing = Operations(document).Where(o => string.IsNullOrWhiteSpace(o.Summary)).Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.True(missing.Count == 0, "缺少说明的接口：" + string.Join(", ", missing));
    }

    private sealed record Operation(string Tag, string Method, string Path, string Summary, bool Anonymous);

    private static IEnumerable<Operation> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                if (op.Name is "parameters" or "summary" or "description") continue;
                var tag = op.Value.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0 ? tags[0].GetString() ?? "" : "";
                var summary = op.Value.TryGetProperty("summary", out var s) ? s.GetString() ?? "" : "";
                var anonymous = path.Name.StartsWith("/api/v1/auth", StringComparison.Ordinal) || path.Name.StartsWith("/api/v1/public", StringComparison.Ordinal)
                    || !path.Name.StartsWith("/api/", StringComparison.Ordinal);
                yield return new Operation(tag, op.Name.ToUpperInvariant(), path.Name, summary, anonymous);
            }
        }
    }

    private static string Render(JsonElement document)
    {
        var sb = new StringBuilder();
        sb.Append("# API reference\n\n");
        sb.Append("Generated from `/openapi/v1.json` by `tests/Tongban.Tests/Features/Docs/ApiReferenceTests.cs`; a test fails when\n");
        sb.Append("this file and the code disagree. The live document with request and response schemas is at `/openapi/v1.json`,\n");
        sb.Append("browsable at `/scalar`.\n\n");
        sb.Append("- Authentication: `POST /api/v1/auth/login` with `{\"userName\":\"…\",\"password\":\"…\"}` (plus `\"twoFactorCode\"` when the\n");
        sb.Append("  account has TOTP) returns `{\"tokenType\":\"Bearer\",\"accessToken\":\"…\",\"expiresIn\":…,\"refreshToken\":\"…\"}`. Send\n");
        sb.Append("  `Authorization: Bearer <accessToken>`. Every `/api/v1` route except `/api/v1/auth/*` and `/api/v1/public/*` answers\n");
        sb.Append("  401 without it.\n");
        sb.Append("- Scope: every answer is limited to the caller's area subtree; a record outside it is 403 (and audited).\n");
        sb.Append("- Errors: ProblemDetails (`application/problem+json`) with Chinese `title` and `detail`; 422 adds `errors`\n");
        sb.Append("  per field; 409 is a state conflict; 404 a missing record. A request that cannot be read is 400 and says what to\n");
        sb.Append("  change: the JSON field by its path (also under `errors`), a query parameter and the value given, or the line\n");
        sb.Append("  where the JSON breaks. An unknown address (404), a method the address does not take (405), a body that is\n");
        sb.Append("  not JSON (415) and an action the caller's role may not take (403) also come with a Chinese `detail`.\n\n");
        foreach (var group in Operations(document).GroupBy(o => o.Tag).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("## ").Append(group.Key.Length == 0 ? "其他" : group.Key).Append("\n\n");
            sb.Append("| method | path | summary | sign-in |\n|---|---|---|---|\n");
            foreach (var op in group.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal))
                sb.Append("| ").Append(op.Method).Append(" | `").Append(op.Path).Append("` | ").Append(op.Summary.Replace("|", "\\|", StringComparison.Ordinal))
                  .Append(" | ").Append(op.Anonymous ? "no" : "yes").Append(" |\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tongban.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("找不到仓库根目录 (Tongban.slnx)");
    }
}
