using Microsoft.EntityFrameworkCore;

namespace PixTools.Jobs;

/// <summary>
/// The job store's EF Core model. Each database provider has a subclass of its own (<see cref="SqliteJobsDb"/>, <see cref="PostgresJobsDb"/>)
/// so that each keeps its own migrations.
/// </summary>
public abstract class JobsDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<OperationRun> OperationRuns => Set<OperationRun>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookInbox> WebhookInboxes => Set<WebhookInbox>();
    public DbSet<WebhookInboxDelivery> WebhookInboxDeliveries => Set<WebhookInboxDelivery>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<BatchWebhookDelivery> BatchWebhookDeliveries => Set<BatchWebhookDelivery>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Job>(job =>
        {
            job.ToTable("jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(32);
            job.Property(j => j.Operations).HasConversion(
                names => string.Join(',', names),
                text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                    (a, b) => a!.SequenceEqual(b!), list => list.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), list => list.ToList()))
                .HasMaxLength(1000);
            job.Property(j => j.SourceKey).HasMaxLength(300);
            job.Property(j => j.SourceFormat).HasMaxLength(16);
            job.Property(j => j.OriginalName).HasMaxLength(120);
            job.Property(j => j.WebhookUrl).HasMaxLength(2048);
            job.Property(j => j.RequestId).HasMaxLength(128);
            job.Property(j => j.ArchiveKey).HasMaxLength(300);
            job.HasIndex(j => j.CreatedAt);
            job.HasIndex(j => new { j.Status, j.UpdatedAt });
            job.HasMany(j => j.Runs).WithOne().HasForeignKey(r => r.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Batch>(batch =>
        {
            batch.ToTable("batches");
            batch.HasKey(b => b.Id);
            batch.Property(b => b.WebhookUrl).HasMaxLength(2048);
            batch.Property(b => b.RequestId).HasMaxLength(128);
            batch.Property(b => b.IdempotencyKey).HasMaxLength(255);
            batch.Property(b => b.Fingerprint).HasMaxLength(64);
            batch.Property(b => b.ArchiveKey).HasMaxLength(300);
            batch.HasIndex(b => b.IdempotencyKey).IsUnique();
            batch.HasIndex(b => b.CreatedAt);
            batch.HasMany<Job>().WithOne().HasForeignKey(j => j.BatchId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<OperationRun>(run =>
        {
            run.ToTable("operation_runs");
            run.HasKey(r => new { r.JobId, r.Operation });
            run.Property(r => r.Operation).HasMaxLength(40);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            run.Property(r => r.ResultKey).HasMaxLength(300);
            run.Property(r => r.ResultContentType).HasMaxLength(64);
            run.HasIndex(r => new { r.Status, r.UpdatedAt });
        });

        modelBuilder.Entity<IdempotencyRecord>(key =>
        {
            key.ToTable("idempotency_keys");
            key.HasKey(k => k.Key);
            key.Property(k => k.Key).HasMaxLength(255);
            key.Property(k => k.Fingerprint).HasMaxLength(64);
            key.HasIndex(k => k.CreatedAt);
        });

        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.Error).HasMaxLength(500);
            delivery.HasIndex(d => new { d.JobId, d.Attempt });
            delivery.HasOne<Job>().WithMany().HasForeignKey(d => d.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<BatchWebhookDelivery>(delivery =>
        {
            delivery.ToTable("batch_webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.Error).HasMaxLength(500);
            delivery.HasIndex(d => new { d.BatchId, d.Attempt });
            delivery.HasOne<Batch>().WithMany().HasForeignKey(d => d.BatchId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WebhookInbox>(inbox =>
        {
            inbox.ToTable("webhook_inboxes");
            inbox.HasKey(i => i.Id);
            inbox.HasIndex(i => i.CreatedAt);
            inbox.HasMany(i => i.Deliveries).WithOne().HasForeignKey(d => d.InboxId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WebhookInboxDelivery>(delivery =>
        {
            delivery.ToTable("webhook_inbox_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.HasIndex(d => new { d.InboxId, d.Id });
        });
    }
}
