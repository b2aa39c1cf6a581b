using Microsoft.EntityFrameworkCore;

namespace PixTools.Jobs;

/// <summary>Webhook deliveries (claim, attempts, outcome) and the built-in inboxes.</summary>
public sealed partial class JobStore
{
    private static readonly JobStatus[] Notified = [JobStatus.COMPLETED, JobStatus.FAILED];

    /// <summary>
    /// Takes the job's delivery for this caller until <paramref name="until"/>: one conditional update, so of two
    /// processes (or a sweeper re-run) only one delivers. False when it is owned elsewhere, ended, or owes none.
    /// </summary>
    public async Task<bool> TryClaimWebhookAsync(Guid jobId, DateTime until, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await db.Jobs
            .Where(j => j.Id == jobId && j.WebhookUrl != null && j.WebhookEndedAt == null && Notified.Contains(j.Status)
                        && (j.WebhookClaimedUntil == null || j.WebhookClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.WebhookClaimedUntil, until), cancellationToken) == 1;
    }

    /// <summary>Gives the claim up (on shutdown), so the next start resumes the delivery at once.</summary>
    public async Task ReleaseWebhookClaimAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Jobs.Where(j => j.Id == jobId && j.WebhookEndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.WebhookClaimedUntil, (DateTime?)null), cancellationToken);
    }

    /// <summary>Jobs whose end steps handed over a webhook that has not ended and nobody holds: a process stopped mid-delivery.</summary>
    public async Task<IReadOnlyList<Guid>> ListJobsOwingWebhookAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        return await db.Jobs
            .Where(j => j.WebhookUrl != null && j.EndStepsDoneAt != null && j.WebhookEndedAt == null && Notified.Contains(j.Status)
                        && (j.WebhookClaimedUntil == null || j.WebhookClaimedUntil < now))
            .OrderBy(j => j.FinishedAt).Select(j => j.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task RecordWebhookAttemptAsync(WebhookDelivery attempt, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.WebhookDeliveries.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Every attempt for the job, in order.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListWebhookAttemptsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.JobId == jobId).OrderBy(d => d.Attempt).ThenBy(d => d.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the delivery. When it failed for good a COMPLETED job becomes COMPLETED_WEBHOOK_FAILED (a conditional
    /// update: a FAILED job stays FAILED, its results stay downloadable either way).
    /// </summary>
    public async Task EndWebhookAsync(Guid jobId, bool delivered, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        if (!delivered)
        {
            await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.COMPLETED && j.WebhookEndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.COMPLETED_WEBHOOK_FAILED).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        }
        await db.Jobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.WebhookEndedAt, now).SetProperty(j => j.WebhookClaimedUntil, (DateTime?)null), cancellationToken);
    }

    public async Task<WebhookInbox> CreateInboxAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inbox = new WebhookInbox { Id = Guid.NewGuid(), CreatedAt = Now };
        db.WebhookInboxes.Add(inbox);
        await db.SaveChangesAsync(cancellationToken);
        return inbox;
    }

    /// <summary>The inbox with its deliveries, oldest first; null when unknown or past Jobs:Retention.</summary>
    public async Task<WebhookInbox?> FindInboxAsync(Guid inboxId, bool withDeliveries, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cutoff = Now - options.Value.Retention;
        var query = db.WebhookInboxes.AsNoTracking().Where(i => i.Id == inboxId && i.CreatedAt >= cutoff);
        if (withDeliveries) query = query.Include(i => i.Deliveries.OrderBy(d => d.Id));
        return await query.SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Stores what an inbox received and keeps only its newest <paramref name="keep"/> deliveries.</summary>
    public async Task AddInboxDeliveryAsync(WebhookInboxDelivery delivery, int keep, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        delivery.ReceivedAt = Now;
        db.WebhookInboxDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        var oldestKept = await db.WebhookInboxDeliveries.Where(d => d.InboxId == delivery.InboxId)
            .OrderByDescending(d => d.Id).Skip(keep - 1).Select(d => (long?)d.Id).FirstOrDefaultAsync(cancellationToken);
        if (oldestKept is { } id)
        {
            await db.WebhookInboxDeliveries.Where(d => d.InboxId == delivery.InboxId && d.Id < id).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Deletes inboxes created before <paramref name="cutoff"/> with what they received; returns how many.</summary>
    public async Task<int> DeleteInboxesBeforeAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expired = db.WebhookInboxes.Where(i => i.CreatedAt < cutoff).Select(i => i.Id);
        await db.WebhookInboxDeliveries.Where(d => expired.Contains(d.InboxId)).ExecuteDeleteAsync(cancellationToken);
        return await db.WebhookInboxes.Where(i => i.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
