namespace Tongban.Web.Features.Demo;

public sealed class DemoOptions
{
    /// <summary>Fill an empty database with the invented sample district.</summary>
    public bool Enabled { get; set; }

    /// <summary>Share of dwellings that get a household (1.0 ≈ 3,500 households, 9,000 residents); tests use less.</summary>
    public double Scale { get; set; } = 1.0;
}

public static class DemoModule
{
    /// <summary>Used when TONGBAN_DEMO_PASSWORD is not set; README says so.</summary>
    public const string DefaultPassword = "Tongban#2026";

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Demo").Get<DemoOptions>() ?? new DemoOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }

    /// <summary>Seeds the demo district into an empty database when Demo:Enabled is true.</summary>
    public static async Task SeedDemoAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<DemoOptions>().Enabled) return;
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var password = Environment.GetEnvironmentVariable("TONGBAN_DEMO_PASSWORD");
        await seeder.SeedAsync(string.IsNullOrEmpty(password) ? DefaultPassword : password);
    }
}
