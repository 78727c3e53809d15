namespace Tongban.Web.Infrastructure;

/// <summary>
/// Photos sent with a form (a resident's report, staff intake): checked by their bytes as JPEG, PNG or WebP, whatever
/// the name says, then kept in the content-hash store. Checking comes first, so a bad photo stores nothing.
/// </summary>
public static class PhotoUploads
{
    public static async Task<List<(IFormFile File, string ContentType)>> CheckAsync(IReadOnlyList<IFormFile> photos, int maxCount, long maxBytes,
        Validation v, string field, CancellationToken ct)
    {
        var accepted = new List<(IFormFile, string)>();
        if (photos.Count > maxCount)
        {
            v.Add(field, $"最多上传{maxCount}张照片，您选了{photos.Count}张");
            return accepted;
        }
        for (var i = 0; i < photos.Count; i++)
        {
            var photo = photos[i];
            var name = $"第{i + 1}张照片（{FileStore.CleanFileName(photo.FileName)}）";
            if (photo.Length == 0) { v.Add(field, $"{name}是空文件，请重新选择"); continue; }
            if (photo.Length > maxBytes) { v.Add(field, $"{name}有{Megabytes(photo.Length)}，超过{Megabytes(maxBytes)}的上限，请换一张或压缩后再传"); continue; }
            await using var stream = photo.OpenReadStream();
            var type = FileTypes.SniffImage(await FileTypes.ReadHeaderAsync(stream, ct));
            if (type is null) { v.Add(field, $"{name}不是图片，只能上传JPG、PNG或WebP格式的照片"); continue; }
            accepted.Add((photo, type));
        }
        return accepted;
    }

    public static async Task<List<StoredFile>> StoreAsync(FileStore store, IEnumerable<(IFormFile File, string ContentType)> photos, long maxBytes, CancellationToken ct)
    {
        var stored = new List<StoredFile>();
        foreach (var (photo, type) in photos)
        {
            await using var stream = photo.OpenReadStream();
            stored.Add(await store.SaveAsync(stream, type, photo.FileName, maxBytes, ct));
        }
        return stored;
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024d / 1024d:0.#}MB";
}
