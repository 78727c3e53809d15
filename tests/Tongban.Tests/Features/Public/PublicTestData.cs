using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Public;

namespace Tongban.Tests.Features.Public;

/// <summary>A demo building as the tests need it: ids, its QR code and where it sits in the area tree.</summary>
public sealed record TestBuilding(int Id, string Code, string Name, int CompoundId, string CompoundName, string CompoundCode, int CommunityId, string AreaPath);

/// <summary>Builders over the demo district for the resident-side tests.</summary>
public static class PublicTestData
{
    /// <summary>The n-th building (by id) of the demo's first community, 滨河社区.</summary>
    public static async Task<TestBuilding> BuildingAsync(TongbanFactory factory, int index = 0)
    {
        await using var scope = factory.SystemScope(out var db);
        var b = await db.Buildings.OrderBy(x => x.Id).Skip(index)
            .Select(x => new { x.Id, x.Name, x.CompoundId, Compound = x.Compound!.Name, x.Compound.CommunityId, x.AreaPath }).FirstAsync();
        return new TestBuilding(b.Id, PlaceCode.ForBuilding(b.Id), b.Name, b.CompoundId, b.Compound, PlaceCode.ForCompound(b.CompoundId), b.CommunityId, b.AreaPath);
    }

    public static async Task<int> CategoryIdAsync(TongbanFactory factory, string code)
    {
        await using var scope = factory.SystemScope(out var db);
        return await db.AppealCategories.Where(c => c.Code == code).Select(c => c.Id).FirstAsync();
    }

    public static async Task<(int Appeals, int Attachments, int Supporters)> CountsAsync(TongbanFactory factory)
    {
        await using var scope = factory.SystemScope(out var db);
        return (await db.Appeals.CountAsync(), await db.AppealAttachments.CountAsync(), await db.AppealSupporters.CountAsync());
    }

    /// <summary>Takes an appeal through the staff steps with the entity methods, as the staff pages do.</summary>
    public static async Task AdvanceAsync(TongbanFactory factory, string trackingCode, Actor staff, Actor gridWorker, string gridWorkerUserId, bool resolve)
    {
        await using var scope = factory.SystemScope(out var db);
        var appeal = await db.Appeals.Include(a => a.Assignments).FirstAsync(a => a.TrackingCode == trackingCode);
        // The steps lie between the submission and now, so the timeline keeps their order and a later real action sorts after them.
        var step = (DateTimeOffset.UtcNow - appeal.SubmittedAt) / 7;
        DateTimeOffset At(int n) => appeal.SubmittedAt + step * n;
        appeal.Accept(staff, At(1));
        var lead = new AppealAssignment
        {
            AssigneeKind = AssigneeKind.GridWorker, AssigneeName = $"网格员{gridWorker.Name}", AssigneeUserId = gridWorkerUserId,
            Tier = AppealTier.Community, AcknowledgeDueAt = At(2).AddHours(4), AreaPath = appeal.AreaPath,
        };
        appeal.Dispatch(lead, [], staff, At(2), null);
        appeal.Acknowledge(lead, gridWorker, At(3));
        appeal.StartWork(gridWorker, At(4), "当天到现场查看");
        if (resolve) appeal.Resolve("已劝导住户停止飞线充电，物业在车棚加装充电桩", gridWorker, At(5));
        await db.SaveChangesAsync();
    }

    public static async Task<string> UserIdAsync(TongbanFactory factory, string userName)
    {
        await using var scope = factory.SystemScope(out var db);
        return await db.Set<StaffUser>().Where(u => u.UserName == userName).Select(u => u.Id).FirstAsync();
    }

    /// <summary>A real PNG of the given size in pixels, plus <paramref name="padding"/> bytes of trailing data; noisy pixels compress badly, like a photo.</summary>
    public static byte[] Png(int width = 8, int height = 8, int padding = 0, bool noise = false)
    {
        var raw = new byte[height * (1 + width * 3)];
        var random = new Random(7);
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 3);
            if (noise) random.NextBytes(raw.AsSpan(row + 1, width * 3));
            else for (var x = 0; x < width; x++) raw[row + 1 + x * 3] = 0xE0;
        }
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", [.. BigEndian(width), .. BigEndian(height), 8, 2, 0, 0, 0]);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        png.Write(new byte[padding]);
        return png.ToArray();
    }

    private static byte[] BigEndian(int v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(BigEndian(data.Length));
        s.Write(typeBytes);
        s.Write(data);
        s.Write(BigEndian((int)Crc32([.. typeBytes, .. data])));
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
