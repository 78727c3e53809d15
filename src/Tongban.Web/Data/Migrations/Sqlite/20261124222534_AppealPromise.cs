using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AppealPromise : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FeedbackLimitFrom",
                table: "Appeals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PromiseMadeAt",
                table: "Appeals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PromisedFeedbackAt",
                table: "Appeals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.Sql(Tongban.Web.Features.Appeals.AppealPromiseBackfill.Sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FeedbackLimitFrom",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "PromiseMadeAt",
                table: "Appeals");

            migrationBuilder.DropColumn(
                name: "PromisedFeedbackAt",
                table: "Appeals");
        }
    }
}
