using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicationUnarchivedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplication_Unarchived",
                table: "ServiceApplication",
                columns: new[] { "CommunityId", "ReceivedAt" },
                filter: "\"ArchivedOn\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ServiceApplication_Unarchived",
                table: "ServiceApplication");
        }
    }
}
