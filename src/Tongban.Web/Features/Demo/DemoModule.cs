namespace Tongban.Web.Features.Demo;

public sealed class DemoOptions
{
    /// <summary>Fill an empty database with the invented sample district.</summary>
    public bool Enabled { get; set; }

    /// <summary>Share of the full demo size (1.0 ≈ 3,500 households, 9,000 residents); tests use less.</summary>
    public double Scale { get; set; } = 1.0;
}

public static class DemoModule
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Demo").Get<DemoOptions>() ?? new DemoOptions();
        builder.Services.AddSingleton(options);
        return builder;
    }

    public static Task SeedDemoAsync(this WebApplication app) => Task.CompletedTask;
}
