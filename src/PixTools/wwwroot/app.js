// PixTools page: plain ES modules, no build step, nothing loaded from outside this server.
import { apiKey, capabilities, getJob, isTerminal, submitJob, watchJob } from './js/api.js';
import { BatchUpload } from './js/batch.js';
import { duration, showMessage } from './js/format.js';
import { initHistory, remember, setRetention, updateStatus } from './js/history.js';
import { clearJob, initCompare, showJob, showJobError, showSubmitting } from './js/job-view.js';
import { UploadForm } from './js/upload.js';
import { OutputsEditor } from './js/outputs.js';
import { followWebhook, stopWebhookState } from './js/webhook-state.js';
import { initWebhooks } from './js/webhooks.js';
import { checkWebhookUrl } from './js/webhook-url.js';

const $ = (id) => document.getElementById(id);
const upload = new UploadForm();
const outputs = new OutputsEditor();
const batch = new BatchUpload(upload);
let stopWatching = () => {};
let linkLifetime = 3600;
let current = null; // { jobId, context, fetchedAt, webhook }
let refreshTimer = null;

initWebhooks();
initHistory(openJob);
initCompare();

const keyField = $('api-key');
keyField.value = apiKey.get();
keyField.addEventListener('input', () => apiKey.set(keyField.value.trim()));

capabilities().then((caps) => {
  $('api-key-step').hidden = !caps.api_key_required;
  upload.setCapabilities(caps);
  batch.showLimits();
  outputs.setCapabilities(caps);
  setRetention(caps.retention_seconds);
  if (caps.download_url_lifetime_seconds) linkLifetime = caps.download_url_lifetime_seconds;
  for (const node of document.querySelectorAll('[data-limit=retention]')) node.textContent = duration(caps.retention_seconds);
  for (const node of document.querySelectorAll('[data-limit=link]')) node.textContent = duration(linkLifetime);
}).catch(() => {
  // An older server without /api/capabilities: the defaults stand and the server still checks everything.
});

// The webhook URL is checked before sending (the form's message says what is wrong); once corrected, the field
// stops being marked. Nothing is inserted on blur, so the layout never moves under a click.
const webhookField = $('webhook-url');
webhookField.addEventListener('input', () => {
  if (webhookField.getAttribute('aria-invalid') === 'true' && !checkWebhookUrl(webhookField.value.trim())) webhookField.setAttribute('aria-invalid', 'false');
});

$('job-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (batch.active()) return batch.submit($('webhook-url').value.trim());
  const formError = $('form-error');
  showMessage(formError, '');
  // A new upload clears the old result first: nothing of the previous job stays on screen under a new error.
  stopWatching();
  stopWebhookState();
  clearTimeout(refreshTimer);
  current = null;
  clearJob();
  const webhookUrl = webhookField.value.trim();
  const webhookError = outputs.active() ? checkWebhookUrl(webhookUrl, location.origin) : '';
  const request = webhookError ? { error: webhookError, field: 'webhook-url' }
    : outputs.active() ? outputs.build(upload.file, upload.selected().includes('metadata'), webhookUrl, upload.format)
      : upload.build(webhookUrl, location.origin);
  if (request.error) {
    showMessage(formError, request.error, 'error');
    if (request.field === 'webhook-url') {
      $('webhook-step').open = true;
      webhookField.setAttribute('aria-invalid', 'true');
      webhookField.focus();
    }
    return;
  }
  const button = $('process');
  button.disabled = true;
  showSubmitting(request.name);
  const context = {
    name: request.name,
    sourceUrl: upload.previewUrl,
    strength: request.operations.includes('denoise') ? ($('strength-auto').checked ? 'auto' : Number($('strength').value)) : undefined,
    webhook: request.webhook,
    submitted: true,
  };
  try {
    const accepted = await submitJob(request.form);
    remember({ job_id: accepted.job_id, name: request.name, operations: request.operations, created_at: new Date().toISOString(), status: accepted.status, webhook: request.webhook });
    follow(accepted.job_id, context);
  } catch (error) {
    // The server's own sentence, once, in the form; the job panel stays closed.
    clearJob();
    showMessage(formError, error.status === 401 ? 'This server needs an API key: enter it in the API key field above.' : error.message, 'error');
  } finally {
    button.disabled = false;
  }
});

function contextWithLinks(context) {
  return { ...context, linkLifetime, lifetimeText: duration(linkLifetime) };
}

function follow(jobId, context) {
  current = { jobId, context, fetchedAt: Date.now() };
  stopWatching = watchJob(jobId, {
    onJob: (job) => render(job),
    onError: (error) => showJobError(error.status === 404 ? 'This job no longer exists: it has expired or was never here.' : error.message),
  });
}

function render(job) {
  if (!current || job.job_id !== current.jobId) return;
  current.fetchedAt = Date.now();
  showJob(job, contextWithLinks(current.context));
  if (current.context.webhook) followWebhook(job.job_id, job.status);
  if (isTerminal(job.status)) updateStatus(job.job_id, job.status);
  scheduleRefresh();
}

/** Download URLs expire (download_url_lifetime_seconds): fetch the job again for fresh ones a little before. */
const refreshMargin = () => Math.min(60, linkLifetime / 4) * 1000;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  if (!current) return;
  refreshTimer = setTimeout(refreshLinks, Math.max(1000, linkLifetime * 1000 - refreshMargin()));
}

async function refreshLinks() {
  if (!current) return null;
  try {
    const job = await getJob(current.jobId);
    render(job);
    return job;
  } catch (error) {
    showJobError(error.status === 404 ? 'This job no longer exists: it has expired or was never here.' : error.message);
    return null;
  }
}

// A download clicked after its link ran out (the tab slept, the timer was late): fetch fresh links, then download.
document.addEventListener('click', async (event) => {
  const link = event.target.closest?.('#job a[download]');
  if (!link || !current || Date.now() - current.fetchedAt < linkLifetime * 1000 - refreshMargin()) return;
  event.preventDefault();
  const which = link.id || link.dataset.link;
  await refreshLinks();
  const fresh = which === 'archive-link' ? $('archive-link') : document.querySelector(`#results a[data-link="${which}"]`);
  fresh?.click();
});

function openJob(item) {
  stopWatching();
  stopWebhookState();
  showSubmitting(item.name);
  follow(item.job_id, { name: item.name, webhook: item.webhook });
  $('job').scrollIntoView({ behavior: 'smooth', block: 'start' });
}
