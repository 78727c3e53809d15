using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutreachDeskApplications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ApplicationId",
                table: "DeskQuestions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ServiceItemId",
                table: "DeskQuestions",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeskQuestions_ApplicationId",
                table: "DeskQuestions",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskQuestions_ServiceItemId",
                table: "DeskQuestions",
                column: "ServiceItemId");

            migrationBuilder.AddForeignKey(
                name: "FK_DeskQuestions_ServiceApplication_ApplicationId",
                table: "DeskQuestions",
                column: "ApplicationId",
                principalTable: "ServiceApplication",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_DeskQuestions_ServiceItem_ServiceItemId",
                table: "DeskQuestions",
                column: "ServiceItemId",
                principalTable: "ServiceItem",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_DeskQuestions_ServiceApplication_ApplicationId",
                table: "DeskQuestions");

            migrationBuilder.DropForeignKey(
                name: "FK_DeskQuestions_ServiceItem_ServiceItemId",
                table: "DeskQuestions");

            migrationBuilder.DropIndex(
                name: "IX_DeskQuestions_ApplicationId",
                table: "DeskQuestions");

            migrationBuilder.DropIndex(
                name: "IX_DeskQuestions_ServiceItemId",
                table: "DeskQuestions");

            migrationBuilder.DropColumn(
                name: "ApplicationId",
                table: "DeskQuestions");

            migrationBuilder.DropColumn(
                name: "ServiceItemId",
                table: "DeskQuestions");
        }
    }
}
