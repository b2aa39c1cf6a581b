using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PixTools.Jobs.Migrations.Postgres
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
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BatchIndex",
                table: "jobs",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RefusedJson = table.Column<string>(type: "text", nullable: false),
                    WebhookUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    RequestId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedByJobId = table.Column<Guid>(type: "uuid", nullable: true),
                    ArchiveKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    EndStepsDoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WebhookClaimedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WebhookEndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WebhookAttempts = table.Column<int>(type: "integer", nullable: false),
                    WebhookDelivered = table.Column<bool>(type: "boolean", nullable: true)
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
