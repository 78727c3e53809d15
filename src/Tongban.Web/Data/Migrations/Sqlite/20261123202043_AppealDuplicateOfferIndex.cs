using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AppealDuplicateOfferIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Appeals_CategoryId_BuildingId_State",
                table: "Appeals");

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_CategoryId_BuildingId_State_SupporterCount_AreaPath",
                table: "Appeals",
                columns: new[] { "CategoryId", "BuildingId", "State", "SupporterCount", "AreaPath" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Appeals_CategoryId_BuildingId_State_SupporterCount_AreaPath",
                table: "Appeals");

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_CategoryId_BuildingId_State",
                table: "Appeals",
                columns: new[] { "CategoryId", "BuildingId", "State" });
        }
    }
}
