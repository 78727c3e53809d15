namespace Tongban.Web.Features.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>Residents arrive with the People module; until then the demo has places and accounts only.</summary>
    private Task<(int Households, int Residents)> SeedResidentsAsync(SeededPlaces places, CancellationToken ct)
    {
        _ = (options, protector, places, ct);
        return Task.FromResult((0, 0));
    }
}
