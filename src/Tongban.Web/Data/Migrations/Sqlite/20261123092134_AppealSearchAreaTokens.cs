using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AppealSearchAreaTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            Tongban.Web.Data.ProviderSql.AppealSearchAreaTokensUp(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Tongban.Web.Data.ProviderSql.AppealSearchAreaTokensDown(migrationBuilder);
        }
    }
}
