using System.Security.Cryptography;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Public;

[Trait("Db", "none")]
public sealed class FileStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tongban-tests", "store-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FileStore _store;

    public FileStoreTests() =>
        _store = new FileStore(Options.Create(new FileStoreOptions { Root = _root }), new HostingEnvironment { ContentRootPath = "/nonexistent" });

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Stores_by_sha256_under_the_configured_root_and_keeps_one_copy_of_the_same_bytes()
    {
        var bytes = PublicTestData.Png();
        var first = await _store.SaveAsync(new MemoryStream(bytes), "image/png", "现场.png", 1024 * 1024);
        var second = await _store.SaveAsync(new MemoryStream(bytes), "image/png", "again.png", 1024 * 1024);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), first.Sha256);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(bytes.Length, first.Size);
        Assert.Equal("现场.png", first.FileName);
        Assert.Equal(_root, _store.RootPath);
        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
        Assert.Equal(Path.Combine(_root, first.Sha256[..2], first.Sha256), Assert.Single(files));
        await using var read = _store.OpenRead(first.Sha256)!;
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task A_file_over_the_limit_leaves_nothing_behind()
    {
        await Assert.ThrowsAsync<FileTooLargeException>(() => _store.SaveAsync(new MemoryStream(new byte[2048]), "image/png", "big.png", 1024));
        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("")]
    public void A_name_that_is_not_a_hash_opens_nothing(string name)
    {
        Assert.False(_store.Exists(name));
        Assert.Null(_store.OpenRead(name));
    }

    [Fact]
    public void Uploaded_names_lose_folders_and_control_characters() =>
        Assert.Equal("photo.jpg", FileStore.CleanFileName("..\\..\\C:/tmp/pho\u0000to.jpg"));

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, "image/png")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, null)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, null)]
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67 }, null)]
    [InlineData(new byte[] { }, null)]
    public void Images_are_recognised_by_their_first_bytes(byte[] header, string? expected) =>
        Assert.Equal(expected, FileTypes.SniffImage(header));
}
