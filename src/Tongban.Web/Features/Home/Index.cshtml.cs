using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Home;

public sealed class IndexModel : PageModel
{
    public void OnGet() { }
}
