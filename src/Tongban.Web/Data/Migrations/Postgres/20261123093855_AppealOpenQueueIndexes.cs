using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AppealOpenQueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Appeals_Open_AreaPath",
                table: "Appeals",
                column: "AreaPath",
                filter: "\"State\" IN (1, 2, 5, 6, 7)");

            migrationBuilder.CreateIndex(
                name: "IX_AppealAssignments_Open_Assignee",
                table: "AppealAssignments",
                column: "AssigneeUserId",
                filter: "\"EndedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AppealAssignments_Open_Department",
                table: "AppealAssignments",
                column: "DepartmentId",
                filter: "\"EndedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Appeals_Open_AreaPath",
                table: "Appeals");

            migrationBuilder.DropIndex(
                name: "IX_AppealAssignments_Open_Assignee",
                table: "AppealAssignments");

            migrationBuilder.DropIndex(
                name: "IX_AppealAssignments_Open_Department",
                table: "AppealAssignments");
        }
    }
}
