using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QRCoder;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>
/// 二维码海报: one printable A4 poster per building (and one for the compound gate) pointing at /r/{code}. Staff
/// print the posters of their own area; the scoped query keeps other areas out.
/// </summary>
[Authorize(Policy = Permissions.PlacesView)]
public sealed class PostersModel(AppDbContext db, IOptions<PublicOptions> options) : PageModel
{
    public sealed record Poster(string Code, string Url, string Title, string Subtitle, string Svg, bool IsSample);

    public sealed record CompoundRow(int Id, string Name, string Community, int Buildings);

    public IReadOnlyList<CompoundRow> Compounds { get; private set; } = [];
    public IReadOnlyList<Poster> Posters { get; private set; } = [];
    public string? Heading { get; private set; }

    public async Task OnGetAsync(int? compoundId, int? buildingId, CancellationToken ct)
    {
        if (buildingId is { } b)
        {
            var building = await db.Buildings.AsNoTracking().Where(x => x.Id == b)
                .Select(x => new { x.Id, x.Name, Compound = x.Compound!.Name, Community = x.Compound.Community!.Name, x.Compound.IsSample }).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("找不到该楼栋，或不在您的管辖范围内。");
            Heading = $"{building.Compound}{building.Name}";
            Posters = [Make(PlaceCode.ForBuilding(building.Id), $"{building.Compound}{building.Name}", building.Community, building.IsSample)];
            return;
        }
        if (compoundId is { } c)
        {
            var compound = await db.Compounds.AsNoTracking().Where(x => x.Id == c)
                .Select(x => new { x.Id, x.Name, x.Address, Community = x.Community!.Name, x.IsSample }).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("找不到该小区，或不在您的管辖范围内。");
            var buildings = (await db.Buildings.AsNoTracking().Where(x => x.CompoundId == c).Select(x => new { x.Id, x.Name }).ToListAsync(ct))
                .OrderBy(x => x.Name, ChineseText.NaturalComparer);
            Heading = compound.Name;
            Posters = [
                Make(PlaceCode.ForCompound(compound.Id), compound.Name, $"{compound.Community} · {compound.Address}", compound.IsSample),
                .. buildings.Select(x => Make(PlaceCode.ForBuilding(x.Id), $"{compound.Name}{x.Name}", compound.Community, compound.IsSample)),
            ];
            return;
        }
        Compounds = await db.Compounds.AsNoTracking().OrderBy(x => x.Community!.Code).ThenBy(x => x.Id)
            .Select(x => new CompoundRow(x.Id, x.Name, x.Community!.Name, db.Buildings.Count(y => y.CompoundId == x.Id))).ToListAsync(ct);
    }

    private Poster Make(string code, string title, string subtitle, bool isSample)
    {
        var url = $"{BaseUrl()}/r/{code}";
        return new Poster(code, url, title, subtitle, QrSvg(url), isSample);
    }

    private string BaseUrl() => string.IsNullOrWhiteSpace(options.Value.BaseUrl)
        ? $"{Request.Scheme}://{Request.Host}"
        : options.Value.BaseUrl.TrimEnd('/');

    /// <summary>The QR code as SVG (scales to any print size); medium error correction survives a scuffed poster.</summary>
    public static string QrSvg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(1000, 1000), "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
