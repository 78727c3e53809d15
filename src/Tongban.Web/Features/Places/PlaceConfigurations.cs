using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Web.Features.Places;

internal sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> b)
    {
        b.Property(a => a.Code).HasMaxLength(15).IsRequired();
        b.HasIndex(a => a.Code).IsUnique();
        b.Property(a => a.Name).HasMaxLength(60).IsRequired();
        b.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CompoundConfiguration : IEntityTypeConfiguration<Compound>
{
    public void Configure(EntityTypeBuilder<Compound> b)
    {
        b.Property(c => c.Name).HasMaxLength(60).IsRequired();
        b.Property(c => c.Address).HasMaxLength(200);
        b.Property(c => c.PropertyCompany).HasMaxLength(100);
        b.HasOne(c => c.Community).WithMany().HasForeignKey(c => c.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    public void Configure(EntityTypeBuilder<Building> b)
    {
        b.Property(x => x.Name).HasMaxLength(40).IsRequired();
        b.HasOne(x => x.Compound).WithMany().HasForeignKey(x => x.CompoundId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Grid).WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CompoundId, x.Name }).IsUnique();
    }
}

internal sealed class BuildingUnitConfiguration : IEntityTypeConfiguration<BuildingUnit>
{
    public void Configure(EntityTypeBuilder<BuildingUnit> b)
    {
        b.Property(x => x.Name).HasMaxLength(20).IsRequired();
        b.HasOne(x => x.Building).WithMany(x => x.Units).HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DwellingConfiguration : IEntityTypeConfiguration<Dwelling>
{
    public void Configure(EntityTypeBuilder<Dwelling> b)
    {
        b.Property(x => x.Number).HasMaxLength(20).IsRequired();
        b.Property(x => x.ExclusiveArea).HasPrecision(10, 2);
        b.HasOne(x => x.BuildingUnit).WithMany().HasForeignKey(x => x.BuildingUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Building).WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.BuildingUnitId, x.Number }).IsUnique();
    }
}

internal sealed class BuildingGridChangeConfiguration : IEntityTypeConfiguration<BuildingGridChange>
{
    public void Configure(EntityTypeBuilder<BuildingGridChange> b)
    {
        b.Property(x => x.ChangedBy).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.HasIndex(x => x.BuildingId);
    }
}
