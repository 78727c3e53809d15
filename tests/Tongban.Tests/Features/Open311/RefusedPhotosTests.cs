using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Features.Public;
using Tongban.Web.Infrastructure;
using static Tongban.Tests.Features.Open311.Open311Fixture;

namespace Tongban.Tests.Features.Open311;

/// <summary>
/// A submission refused for its words or its place keeps nothing, its photos included: they were stored before the
/// refusal and stayed on disk with no appeal to say whose they were or why they were kept.
/// </summary>
public sealed class RefusedPhotosTests(Open311Factory factory) : IClassFixture<Open311Factory>
{
    /// <summary>A photo no other test sends: a JPEG header and random bytes.</summary>
    private static byte[] UniquePhoto() => [.. Jpeg(7), .. RandomNumberGenerator.GetBytes(32)];

    private bool Stored(byte[] photo) =>
        factory.Services.GetRequiredService<FileStore>().Exists(Convert.ToHexStringLower(SHA256.HashData(photo)));

    [Fact]
    public async Task An_open311_post_refused_for_its_description_stores_no_photo()
    {
        var photo = UniquePhoto();
        using var form = new MultipartFormDataContent();
        foreach (var (k, v) in new[] { ("api_key", await DemoKeyAsync(factory)), ("service_code", "ev"), ("attribute[location_type]", "corridor"),
                     ("lat", Lat), ("long", Long), ("description", new string('长', 4001)) })
            form.Add(new StringContent(v), k);
        form.Add(Photo(photo, "image/jpeg"), "media", "photo.jpg");
        var (status, json) = await JsonAsync(await Client(factory).PostAsync("/open311/v2/requests.json", form));
        Assert.Equal(400, status);
        Assert.Contains("4000", json[0].GetProperty("description").GetString());
        Assert.False(Stored(photo));
    }

    [Fact]
    public async Task A_resident_report_refused_for_its_description_stores_no_photo()
    {
        var photo = UniquePhoto();
        var b = await PublicTestData.BuildingAsync(factory);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(b.Code), "placeCode" },
            { new StringContent((await PublicTestData.CategoryIdAsync(factory, "ev")).ToString(System.Globalization.CultureInfo.InvariantCulture)), "categoryId" },
            { new StringContent("飞线"), "description" },
        };
        form.Add(Photo(photo, "image/jpeg"), "photos", "photo.jpg");
        var response = await factory.CreateClient().PostAsync("/api/v1/public/appeals", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("至少5个字", await response.Content.ReadAsStringAsync());
        Assert.False(Stored(photo));
    }
}
