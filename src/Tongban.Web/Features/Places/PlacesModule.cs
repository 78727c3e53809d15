namespace Tongban.Web.Features.Places;

public static class PlacesModule
{
    public static WebApplicationBuilder AddPlaces(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<BrowseAreas>();
        services.AddScoped<GetArea>();
        services.AddScoped<CreateArea>();
        services.AddScoped<RenameArea>();
        services.AddScoped<SetGridBoundary>();
        services.AddScoped<GetAreaBoundaries>();
        services.AddScoped<BrowseCompounds>();
        services.AddScoped<GetCompound>();
        services.AddScoped<CreateCompound>();
        services.AddScoped<UpdateCompound>();
        services.AddScoped<BrowseBuildings>();
        services.AddScoped<GetBuilding>();
        services.AddScoped<CreateBuilding>();
        services.AddScoped<MoveBuildingToGrid>();
        services.AddScoped<GetBuildingGridHistory>();
        services.AddScoped<UpdateDwelling>();
        return builder;
    }

    public static WebApplication MapPlaces(this WebApplication app)
    {
        app.MapPlacesApi();
        return app;
    }
}
