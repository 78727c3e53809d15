using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>/track: enter a tracking code, see the public timeline, and rate the result once it is resolved.</summary>
[AllowAnonymous]
[PublicReadLimit]
[PublicWriteLimit]
// Rating and reopening need the tracking code, the resident's only credential, as the JSON API does; the form's safety
// token adds nothing to that, and it refused a rating sent after the phone had dropped its cookies (a resident answering
// days later, WeChat's browser closed in between) with the 请求有误 page. 我也遇到了 (Report page) keeps its token.
[IgnoreAntiforgeryToken]
public sealed class TrackModel(TrackAppeal track, RateAppeal rate, ReopenByResident reopen,
    Microsoft.Extensions.Options.IOptions<Appeals.AppealOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    // Set by the redirect after a submission, a "me too" or a rating, to show the matching notice.
    public bool JustSubmitted => Request.Query.ContainsKey("new");
    public bool Replayed => Request.Query.ContainsKey("replayed");
    public bool Joined => Request.Query.ContainsKey("joined");
    public bool JoinedAgain => Request.Query.ContainsKey("again");
    public bool Rated => Request.Query.ContainsKey("rated");
    public bool Reopened => Request.Query.ContainsKey("reopened");

    [BindProperty] public bool? Resolved { get; set; }
    [BindProperty] public bool? Satisfied { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public PublicAppealView? Appeal { get; private set; }
    public int ReopenWindowDays => options.Value.ReopenWindowDays;
    /// <summary>The problems this phone reported or joined (its codes, from a cookie), with what each was about.</summary>
    public IReadOnlyList<PublicCodeSummary> Mine { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var normalized = TrackAppeal.Normalize(Code);
        if (normalized.Length == 0)
        {
            // 查询 tapped with the box empty (or holding no letter or digit): said, rather than the same page again in silence.
            if (Request.Query.ContainsKey("code")) ModelState.AddModelError(nameof(Code), "请输入查询码：提交成功时页面上显示的8位字母和数字，如 K7M2P9QX。");
            return await WithMineAsync(ct);
        }
        // The enter-a-code form sends ?code=; the page itself lives at /track/{code}.
        if (RouteData.Values["code"] is null) return Redirect($"/track/{Uri.EscapeDataString(normalized)}");
        try
        {
            Appeal = await track.HandleAsync(normalized, HttpContext, ct);
        }
        catch (PublicRateLimits.LookupsSpentException e)
        {
            return e.Refuse(HttpContext);
        }
        catch (NotFoundException e)
        {
            ModelState.AddModelError(nameof(Code), e.Message);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return await WithMineAsync(ct);
        }
        return Page();
    }

    /// <summary>
    /// The page with the codes this phone holds. The cookie is the browser's to write, so each code in it is a look-up
    /// charged to the address (the first rides on the page's own): ten guessed codes in a cookie cost ten.
    /// </summary>
    private async Task<IActionResult> WithMineAsync(CancellationToken ct)
    {
        var codes = MyAppeals.Read(HttpContext);
        try
        {
            PublicRateLimits.ChargeLookups(HttpContext, codes.Count - 1);
        }
        catch (PublicRateLimits.LookupsSpentException e)
        {
            return e.Refuse(HttpContext);
        }
        Mine = await track.SummariesAsync(codes, ct);
        return Page();
    }

    public Task<IActionResult> OnPostRateAsync(CancellationToken ct) =>
        PostAsync(() => rate.HandleAsync(Code, new PublicRatingRequest(Resolved, Satisfied, Note), HttpContext, ct), "rated", ct);

    public Task<IActionResult> OnPostReopenAsync(CancellationToken ct) =>
        PostAsync(() => reopen.HandleAsync(Code, new PublicReopenRequest(Reason), HttpContext, ct), "reopened", ct);

    /// <summary>
    /// Runs a resident's action; on success back to the page of the code the appeal holds (an old code typed with 5, 8,
    /// 2 is found as the look-up finds it) with a notice, otherwise the page again with the reasons.
    /// </summary>
    private async Task<IActionResult> PostAsync(Func<Task<TrackAppeal.ResidentCode>> action, string notice, CancellationToken ct)
    {
        try
        {
            var code = await action();
            return Redirect($"/track/{code.Code}?{notice}=1");
        }
        catch (PublicRateLimits.LookupsSpentException e)
        {
            return e.Refuse(HttpContext);
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var message in messages) ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], message);
        }
        catch (Exception e) when (e is DomainException or NotFoundException)
        {
            ModelState.AddModelError("", e.Message);
        }
        try
        {
            // Found as the look-up finds it: a refused rating posted to an old code typed with 5, 8, 2 comes back on the
            // appeal, its real code and the 较早发放的查询码 notice, rather than as a code nothing holds.
            Appeal = await track.HandleAsync(Code, HttpContext, ct);
        }
        catch (PublicRateLimits.LookupsSpentException e)
        {
            return e.Refuse(HttpContext);
        }
        catch (NotFoundException)
        {
            // The code names no appeal (the reason is already on the page): the page to enter one, as a look-up answers.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return await WithMineAsync(ct);
        }
        return Page();
    }
}
