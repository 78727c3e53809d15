using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tongban.Web.Features.People;

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.HasOne(h => h.Dwelling).WithMany().HasForeignKey(h => h.DwellingId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(h => h.Members).WithOne(r => r.Household).HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(h => h.DwellingId);
    }
}

internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> b)
    {
        b.Property(r => r.Name).HasMaxLength(50).IsRequired();
        b.Property(r => r.Gender).HasMaxLength(2);
        b.Property(r => r.RelationshipToHead).HasMaxLength(20);
        b.Property(r => r.IdNumberHash).HasMaxLength(64);
        b.Property(r => r.IdNumberMasked).HasMaxLength(18);
        b.Property(r => r.PhoneHash).HasMaxLength(64);
        b.Property(r => r.PhoneMasked).HasMaxLength(11);
        b.Property(r => r.NameInitials).HasMaxLength(50);
        b.Property(r => r.SearchText).HasMaxLength(1000);
        b.HasIndex(r => r.IdNumberHash).IsUnique();
        b.HasIndex(r => r.PhoneHash);
        b.HasIndex(r => r.HouseholdId);
        b.HasIndex(r => r.DwellingId);
        b.HasOne(r => r.Dwelling).WithMany().HasForeignKey(r => r.DwellingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.Property(t => t.Code).HasMaxLength(40).IsRequired();
        b.Property(t => t.Name).HasMaxLength(40).IsRequired();
        b.HasIndex(t => t.Code).IsUnique();
    }
}

internal sealed class ResidentTagConfiguration : IEntityTypeConfiguration<ResidentTag>
{
    public void Configure(EntityTypeBuilder<ResidentTag> b)
    {
        b.HasKey(t => new { t.ResidentId, t.TagId });
        b.HasOne(t => t.Resident).WithMany(r => r.Tags).HasForeignKey(t => t.ResidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => t.TagId);
    }
}
