namespace Tongban.Web.Features.Places;

public static class PlacesModule
{
    public static WebApplicationBuilder AddPlaces(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapPlaces(this WebApplication app) => app;
}
