using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AppealOpenDuplicatesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Appeals_CategoryId_BuildingId_State_SupporterCount_AreaPath",
                table: "Appeals");

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_Open_Duplicates",
                table: "Appeals",
                columns: new[] { "CategoryId", "BuildingId", "SupporterCount", "Id" },
                descending: new[] { false, false, true, false },
                filter: "\"State\" IN (1, 2, 5, 6, 7)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Appeals_Open_Duplicates",
                table: "Appeals");

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_CategoryId_BuildingId_State_SupporterCount_AreaPath",
                table: "Appeals",
                columns: new[] { "CategoryId", "BuildingId", "State", "SupporterCount", "AreaPath" });
        }
    }
}
