using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonalDataRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ContactErasedAt",
                table: "ServiceApplication",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RecipientErasedAt",
                table: "OutboxMessages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ContactErasedAt",
                table: "Appointment",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ContactErasedAt",
                table: "Appeals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_RecipientToErase",
                table: "OutboxMessages",
                column: "SentAt",
                filter: "\"RecipientErasedAt\" IS NULL AND \"SentAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_ContactToErase",
                table: "Appeals",
                column: "ClosedAt",
                filter: "\"ContactErasedAt\" IS NULL AND \"ClosedAt\" IS NOT NULL AND (\"ReporterName\" IS NOT NULL OR \"ReporterPhoneCipher\" IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_RecipientToErase",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_Appeals_ContactToErase",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "ContactErasedAt",
                table: "ServiceApplication");

            migrationBuilder.DropColumn(
                name: "RecipientErasedAt",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ContactErasedAt",
                table: "Appointment");

            migrationBuilder.DropColumn(
                name: "ContactErasedAt",
                table: "Appeals");
        }
    }
}
