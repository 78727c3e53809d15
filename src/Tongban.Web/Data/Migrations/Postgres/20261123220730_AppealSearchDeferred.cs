using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AppealSearchDeferred : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            Tongban.Web.Data.ProviderSql.AppealSearchDeferredUp(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Tongban.Web.Data.ProviderSql.AppealSearchDeferredDown(migrationBuilder);
        }
    }
}
