using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>The phone page behind a QR poster: pick the problem, see whether neighbours already reported it, describe, send.</summary>
[AllowAnonymous]
[PublicWriteLimit]
[ReportSizeLimit]
public sealed class ReportModel(FindPlace places, ListPublicCategories categories, FindSimilarAppeals similar, ReportAppeal report, JoinAppeal join,
    IOptions<PublicOptions> options) : PageModel
{
    public sealed class ReportForm
    {
        public int? CategoryId { get; set; }
        public AppealKind? Kind { get; set; }
        public string? Description { get; set; }
        public int? BuildingId { get; set; }
        public int? CommunityId { get; set; }
        public string? Address { get; set; }
        public string? ReporterName { get; set; }
        public string? ReporterPhone { get; set; }
        public bool IsAnonymous { get; set; }
        public string? IdempotencyKey { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    /// <summary>The chosen category (a tap on a tile is a link with ?c=).</summary>
    [BindProperty(SupportsGet = true, Name = "c")] public int? ChosenCategory { get; set; }

    [BindProperty] public ReportForm Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Photos { get; set; } = [];

    public PublicPlace? Place { get; private set; }
    public IReadOnlyList<PublicCommunity> Communities { get; private set; } = [];
    public IReadOnlyList<PublicCategory> Categories { get; private set; } = [];
    public PublicCategory? Category { get; private set; }
    public IReadOnlyList<PublicSimilarAppeal> Similar { get; private set; } = [];
    public PublicOptions Limits => options.Value;
    public bool UnknownCode { get; private set; }

    /// <summary>Sent back by <see cref="ReportSizeLimitAttribute"/>: the last post was too heavy to read.</summary>
    public bool TooLarge => Request.Query.ContainsKey("toolarge");

    /// <summary>The form is shown again after a post with photos: the files are not kept, and the page says so.</summary>
    public bool PhotosNotKept => HttpMethods.IsPost(Request.Method) && Photos.Count > 0 && !ModelState.IsValid;

    public static readonly AppealKind[] Kinds = [AppealKind.Help, AppealKind.Complaint, AppealKind.Report, AppealKind.Suggestion, AppealKind.Inquiry];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PublicRateLimits.EnsureDeviceCookie(HttpContext);
        await LoadAsync(ChosenCategory, ct);
        if (UnknownCode) Response.StatusCode = StatusCodes.Status404NotFound;
        StartForm();
        return Page();
    }

    /// <summary>A fresh report form for the chosen category: its usual kind ticked, and a new key against a double send.</summary>
    private void StartForm()
    {
        if (Category is null) return;
        Input.CategoryId = Category.Id;
        Input.Kind = Category.DefaultKind;
        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        PublicReportResult result;
        try
        {
            // 匿名 keeps no name or phone; ticked with either filled in, the resident is asked which was meant rather than
            // losing the number (and the progress texts) without a word. The JSON API keeps its rule: anonymous wins.
            if (Input.IsAnonymous && (!string.IsNullOrWhiteSpace(Input.ReporterName) || !string.IsNullOrWhiteSpace(Input.ReporterPhone)))
                throw new ValidationFailedException("isAnonymous",
                    "您勾选了匿名反映，又留了姓名或电话。匿名时不保存姓名和电话，也收不到办理进度短信：请取消勾选匿名，或清空姓名和电话。");
            result = await report.HandleAsync(new PublicReportRequest(
                Code, Input.BuildingId, Input.CommunityId, Input.Address, Input.CategoryId, Input.Kind, Input.Description,
                Input.ReporterName, Input.ReporterPhone, Input.IsAnonymous, Input.IdempotencyKey), Photos, ct);
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages) ModelState.AddModelError(FieldOf(field), message);
            await LoadAsync(Input.CategoryId, ct);
            return Page();
        }
        MyAppeals.Remember(HttpContext, result.TrackingCode);
        return Redirect($"/track/{result.TrackingCode}?{(result.Replayed ? "replayed" : "new")}=1");
    }

    /// <summary>"我也遇到了" on one of the listed open appeals.</summary>
    public async Task<IActionResult> OnPostMeTooAsync(long appealId, CancellationToken ct)
    {
        try
        {
            var joined = await join.HandleAsync(appealId, null, MyAppeals.Read(HttpContext), ct: ct);
            MyAppeals.Remember(HttpContext, joined.TrackingCode);
            return Redirect($"/track/{joined.TrackingCode}?{(joined.AlreadyJoined ? "again" : "joined")}=1");
        }
        catch (Exception e) when (e is DomainException or NotFoundException or ValidationFailedException)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ChosenCategory, ct);
            // The report form below is offered afresh ("请重新反映"), as when the page is first opened.
            StartForm();
            return Page();
        }
    }

    private async Task LoadAsync(int? categoryId, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Code))
        {
            Place = await places.ByCodeAsync(Code, ct);
            UnknownCode = Place is null;
        }
        if (Place is null) Communities = await places.CommunitiesAsync(ct);
        Categories = await categories.HandleAsync(ct);
        Category = Categories.FirstOrDefault(c => c.Id == categoryId);
        if (Category is not null && Place is not null) Similar = await similar.HandleAsync(Place, Category.Id, ct);
    }

    private static string FieldOf(string field) => field switch
    {
        "photos" or "attachments" => nameof(Photos),
        "place" or "placeCode" or "areaId" => "",
        _ => $"{nameof(Input)}.{char.ToUpperInvariant(field[0])}{field[1..]}",
    };

    public string CategoryLink(PublicCategory c) => string.IsNullOrWhiteSpace(Code) ? $"/report?c={c.Id}" : $"/r/{Code}?c={c.Id}";

    public string ChangeCategoryLink => string.IsNullOrWhiteSpace(Code) ? "/report" : $"/r/{Code}";

    /// <summary>
    /// Where "我也遇到了" posts: this page's own address. Generated from the handler, the link took the /report route, so a
    /// refusal (the appeal resolved meanwhile) came back without the place the poster had given.
    /// </summary>
    public string MeTooLink(PublicCategory c) => $"{ChangeCategoryLink}?c={c.Id}&handler=MeToo";
}

/// <summary>
/// A report heavier than every photo at its limit is sent back to the form before it is read (reading it, for the antiforgery
/// check first, would fail with an error page): the form again, saying what the limit is. The page's script stops such a post before it is sent.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReportSizeLimitAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before the antiforgery check, which reads the form.</summary>
    public int Order => -1000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        var limits = context.HttpContext.RequestServices.GetRequiredService<IOptions<PublicOptions>>().Value;
        if (HttpMethods.IsPost(request.Method) && request.ContentLength > limits.MaxReportBytes)
        {
            context.Result = new RedirectResult(PageAddress.OfForm(request, "toolarge"));
        }
    }
}

/// <summary>The tracking codes this phone has received, kept in a cookie so "我反映的问题" can list them without an account.</summary>
public static class MyAppeals
{
    public const string Cookie = "tb-mine";

    public static IReadOnlyList<string> Read(HttpContext http) =>
        (http.Request.Cookies[Cookie] ?? "").Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(TrackAppeal.Normalize).Where(c => c.Length == 8).Distinct().Take(10).ToList();

    public static void Remember(HttpContext http, string code)
    {
        var codes = new[] { code }.Concat(Read(http)).Distinct().Take(10);
        http.Response.Cookies.Append(Cookie, string.Join('.', codes), new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps,
        });
    }
}
