using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AppealPromise : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FeedbackLimitFrom",
                table: "Appeals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PromiseMadeAt",
                table: "Appeals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PromisedFeedbackAt",
                table: "Appeals",
                type: "timestamp with time zone",
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
