// The job card's webhook line: pending, delivered, or failed after N attempts with the last status code
// (from GET /api/jobs/{id}/webhook-deliveries), followed until the delivery is settled; the batch card's line likewise.
import { getWebhookDeliveries } from './api.js';

const $ = (id) => document.getElementById(id);
const EVERY_MS = 1500;
const OUTCOME_TEXT = {
  http_error: 'an error answer', timeout: 'no answer in time', unreachable: 'no connection', refused: 'a refused address', circuit_open: 'too many recent failures at that host',
};

let timer = null;
let watched = null;

export function stopWebhookState() {
  clearTimeout(timer);
  watched = null;
  $('job-webhook').hidden = true;
}

const last = (attempt) => (attempt.status_code ? `HTTP ${attempt.status_code}` : OUTCOME_TEXT[attempt.outcome] ?? attempt.outcome);

/** Describes the deliveries; returns whether nothing more will happen. */
export function describe(deliveries, jobStatus) {
  const terminal = ['COMPLETED', 'FAILED', 'COMPLETED_WEBHOOK_FAILED'].includes(jobStatus);
  const delivered = deliveries.find((d) => d.outcome === 'delivered');
  const n = deliveries.length;
  if (delivered) return { state: 'delivered', text: `Webhook delivered (HTTP ${delivered.status_code}${n > 1 ? `, on attempt ${delivered.attempt} of ${n}` : ''}).`, settled: true };
  if (jobStatus === 'COMPLETED_WEBHOOK_FAILED') {
    return { state: 'failed', text: `Webhook failed after ${n} attempt${n === 1 ? '' : 's'} (last: ${n ? last(deliveries[n - 1]) : 'none sent'}).`, settled: true };
  }
  if (n) return { state: 'retrying', text: `Webhook not delivered yet: ${n} attempt${n === 1 ? '' : 's'} so far (last: ${last(deliveries[n - 1])}); retrying.`, settled: false };
  return { state: 'pending', text: terminal ? 'Webhook pending: sending now.' : 'Webhook pending: it is sent when the job ends.', settled: false };
}

/** Describes a batch's webhook from GET /api/batches/{id}/webhook-deliveries; its state says when it is over. */
export function describeBatchWebhook(view, batchStatus) {
  const deliveries = view.deliveries ?? [];
  const n = deliveries.length;
  const delivered = deliveries.find((d) => d.outcome === 'delivered');
  if (view.state === 'delivered' && delivered) return { state: 'delivered', text: `Webhook delivered (HTTP ${delivered.status_code}${n > 1 ? `, on attempt ${delivered.attempt} of ${n}` : ''}).`, settled: true };
  if (view.state === 'failed') return { state: 'failed', text: `Webhook failed after ${n} attempt${n === 1 ? '' : 's'} (last: ${n ? last(deliveries[n - 1]) : 'none sent'}).`, settled: true };
  if (view.state === 'none') return { state: 'none', text: 'This batch has no webhook.', settled: true };
  if (n) return { state: 'retrying', text: `Webhook not delivered yet: ${n} attempt${n === 1 ? '' : 's'} so far (last: ${last(deliveries[n - 1])}); retrying.`, settled: false };
  const ended = ['COMPLETED', 'PARTIAL', 'FAILED'].includes(batchStatus);
  return { state: 'pending', text: ended ? 'Webhook pending: sending now.' : 'Webhook pending: one call for the whole batch, sent when its last file is done.', settled: false };
}

/** Follows the webhook of a job that has one; call again with each new job status. */
export function followWebhook(jobId, jobStatus) {
  const node = $('job-webhook');
  if (watched?.id !== jobId) {
    clearTimeout(timer);
    watched = { id: jobId, status: jobStatus, settled: false, since: Date.now() };
  }
  watched.status = jobStatus;
  if (watched.settled) return;
  node.hidden = false;
  const tick = async () => {
    const current = watched;
    if (!current || current.id !== jobId) return;
    try {
      const view = await getWebhookDeliveries(jobId);
      if (watched !== current) return;
      const result = describe(view.deliveries ?? [], current.status);
      node.textContent = result.text;
      node.dataset.state = result.state;
      current.settled = result.settled;
    } catch {
      // The line keeps its last state; the job view itself reports lost connections.
    }
    clearTimeout(timer);
    // A FAILED job's webhook is sent too; give up following after 10 minutes (retries back off).
    if (!current.settled && Date.now() - current.since < 600_000) timer = setTimeout(tick, EVERY_MS);
  };
  tick();
}
