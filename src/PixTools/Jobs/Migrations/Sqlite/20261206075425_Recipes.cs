using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PixTools.Jobs.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Recipes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
