// PixTools page: plain ES modules, no build step, nothing loaded from outside this server.
import { apiKey, capabilities, isTerminal, submitJob, watchJob } from './js/api.js';
import { BatchUpload } from './js/batch.js';
import { duration, showMessage } from './js/format.js';
import { initHistory, remember, setRetention, updateStatus } from './js/history.js';
import { showJob, showJobError, showSubmitting } from './js/job-view.js';
import { UploadForm } from './js/upload.js';
import { initWebhooks } from './js/webhooks.js';

const $ = (id) => document.getElementById(id);
const upload = new UploadForm();
const batch = new BatchUpload(upload);
let stopWatching = () => {};

initWebhooks();
initHistory(openJob);

const keyField = $('api-key');
keyField.value = apiKey.get();
keyField.addEventListener('input', () => apiKey.set(keyField.value.trim()));

capabilities().then((caps) => {
  $('api-key-step').hidden = !caps.api_key_required;
  upload.setCapabilities(caps);
  setRetention(caps.retention_seconds);
  for (const node of document.querySelectorAll('[data-limit=retention]')) node.textContent = duration(caps.retention_seconds);
}).catch(() => {
  // An older server without /api/capabilities: the defaults stand and the server still checks everything.
});

$('job-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (batch.active()) return batch.submit($('webhook-url').value.trim());
  const formError = $('form-error');
  showMessage(formError, '');
  const request = upload.build($('webhook-url').value.trim());
  if (request.error) {
    showMessage(formError, request.error, 'error');
    return;
  }
  const button = $('process');
  button.disabled = true;
  stopWatching();
  showSubmitting(request.name);
  try {
    const accepted = await submitJob(request.form);
    remember({ job_id: accepted.job_id, name: request.name, operations: request.operations, created_at: new Date().toISOString(), status: accepted.status });
    follow(accepted.job_id, request.name);
  } catch (error) {
    const prefix = error.status ? `The server refused the upload (${error.status}): ` : '';
    showJobError(`${prefix}${error.message}`);
    showMessage(formError, `${prefix}${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
});

function follow(jobId, name) {
  stopWatching = watchJob(jobId, {
    onJob: (job) => {
      showJob(job, name);
      if (isTerminal(job.status)) updateStatus(jobId, job.status);
    },
    onError: (error) => showJobError(error.status === 404 ? 'This job no longer exists: it has expired or was never here.' : error.message),
  });
}

function openJob(item) {
  stopWatching();
  showSubmitting(item.name);
  follow(item.job_id, item.name);
  $('job').scrollIntoView({ behavior: 'smooth', block: 'start' });
}
