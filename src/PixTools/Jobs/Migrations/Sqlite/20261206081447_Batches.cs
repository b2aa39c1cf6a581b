using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PixTools.Jobs.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Batches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "BatchId",
                table: "jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BatchIndex",
                table: "jobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RefusedJson = table.Column<string>(type: "TEXT", nullable: false),
                    WebhookUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedByJobId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ArchiveKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    EndStepsDoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WebhookClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WebhookEndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WebhookAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    WebhookDelivered = table.Column<bool>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_batches", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_BatchId",
                table: "jobs",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_batches_CreatedAt",
                table: "batches",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_batches_IdempotencyKey",
                table: "batches",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_jobs_batches_BatchId",
                table: "jobs",
                column: "BatchId",
                principalTable: "batches",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_jobs_batches_BatchId",
                table: "jobs");

            migrationBuilder.DropTable(
                name: "batches");

            migrationBuilder.DropIndex(
                name: "IX_jobs_BatchId",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "BatchIndex",
                table: "jobs");
        }
    }
}
