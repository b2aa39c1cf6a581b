// Batches: many files or a folder → POST /api/batches → one card with a progress bar, a row per file and the ZIP.
import { ApiError, apiKey } from './api.js';
import { bytes, el, showMessage } from './format.js';
import { describeBatchWebhook } from './webhook-state.js';
import { asUpload } from './image-size.js';

const $ = (id) => document.getElementById(id);
const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'avif', 'tif', 'tiff', 'gif', 'heic', 'heif'];
const TERMINAL = ['COMPLETED', 'PARTIAL', 'FAILED'];
const STATUS_TEXT = {
  PENDING: 'Waiting', PROCESSING: 'Processing', COMPLETED: 'Completed', PARTIAL: 'Partly failed', FAILED: 'Failed', COMPLETED_WEBHOOK_FAILED: 'Completed',
};

const looksLikeImage = (file) => file.type.startsWith('image/') || IMAGE_EXTENSIONS.includes(file.name.split('.').pop()?.toLowerCase());

/** Every file under a dropped folder entry (readEntries answers in chunks until it answers none). */
async function filesOf(entry, path = '') {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, path: path + file.name }];
  }
  if (!entry.isDirectory) return [];
  const reader = entry.createReader();
  const found = [];
  for (;;) {
    const chunk = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) break;
    for (const child of chunk) found.push(...await filesOf(child, `${path}${entry.name}/`));
  }
  return found;
}

async function post(form) {
  const key = apiKey.get();
  let response;
  try {
    response = await fetch('/api/batches', { method: 'POST', body: form, headers: { Accept: 'application/json', ...(key ? { 'X-API-Key': key } : {}) } });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }
  const body = await response.json().catch(() => null);
  if (response.ok) return body;
  const error = new ApiError(response.status, body?.detail || `The server answered ${response.status}`);
  error.refused = body?.refused ?? [];
  error.retryAfter = response.headers.get('Retry-After');
  throw error;
}

async function getBatch(id, what = '') {
  const key = apiKey.get();
  const response = await fetch(`/api/batches/${encodeURIComponent(id)}${what}`, { headers: { Accept: 'application/json', ...(key ? { 'X-API-Key': key } : {}) } });
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => null))?.detail || `The server answered ${response.status}`);
  return response.json();
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The page's batch mode. Files come from the "several files" and "a folder" inputs or from a drop of more than one
 * file or of a folder; while some are chosen, Process submits them as one batch with the form's operations.
 */
export class BatchUpload {
  constructor(upload) {
    this.upload = upload;
    this.files = [];
    this.stop = () => {};
    this.stopWebhook = () => {};
    for (const id of ['batch-files', 'batch-folder']) {
      const input = $(id);
      input.addEventListener('change', () => { this.choose([...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }))); input.value = ''; });
    }
    $('batch-clear').addEventListener('click', () => this.choose([]));
    $('file').addEventListener('change', () => this.choose([]));
    // Capture: seen before the single-file drop handler, which never sees a drop of many files or a folder.
    $('dropzone').addEventListener('drop', (event) => this.drop(event), true);
  }

  active() {
    return this.files.length > 0;
  }

  /** States the server's batch limits beside the batch buttons (after GET /api/capabilities). */
  showLimits() {
    const limits = this.limits();
    for (const node of document.querySelectorAll('[data-limit=batch-files]')) node.textContent = String(limits.max_batch_files);
    for (const node of document.querySelectorAll('[data-limit=batch-bytes]')) node.textContent = bytes(limits.max_batch_bytes);
  }

  /** The server's limits (GET /api/capabilities, read by the upload form), with the defaults of a server that does not say. */
  limits() {
    return { max_batch_files: 100, max_batch_bytes: 256 * 1024 * 1024, ...this.upload.limits };
  }

  /**
   * What the server would refuse, said before anything is sent: too many files or too many bytes for one batch (the
   * whole batch), and the files over the per-file limit (left out and listed, as the server would list them).
   */
  check() {
    const limits = this.limits();
    const tooLarge = this.files.filter(({ file }) => file.size > limits.max_upload_bytes);
    const sent = this.files.filter(({ file }) => file.size <= limits.max_upload_bytes);
    const total = sent.reduce((sum, { file }) => sum + file.size, 0);
    const refused = tooLarge.map(({ file }) => ({ file_name: file.name, detail: `This file is ${bytes(file.size)}, larger than the limit of ${bytes(limits.max_upload_bytes)} for one file; it was not sent.` }));
    if (this.files.length > limits.max_batch_files) {
      return { error: `You chose ${this.files.length} images, but a batch may carry at most ${limits.max_batch_files}. Choose fewer files, or send the others in another batch.` };
    }
    if (sent.length === 0) return { error: `Every chosen file is larger than the limit of ${bytes(limits.max_upload_bytes)} for one file.` };
    if (total > limits.max_batch_bytes) {
      return { error: `The chosen images add up to ${bytes(total)}, but a batch may carry at most ${bytes(limits.max_batch_bytes)}. Choose fewer files, or send them in smaller batches.` };
    }
    return { sent, refused };
  }

  async drop(event) {
    const items = [...(event.dataTransfer?.items ?? [])].filter((item) => item.kind === 'file');
    const entries = items.map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
    if (items.length <= 1 && !entries.some((entry) => entry.isDirectory)) return;
    event.preventDefault();
    event.stopPropagation();
    $('dropzone').classList.remove('dragging');
    const found = entries.length ? (await Promise.all(entries.map((entry) => filesOf(entry)))).flat() : [...event.dataTransfer.files].map((file) => ({ file, path: file.name }));
    this.choose(found);
  }

  /** Keeps the image files (the others are counted and left out) and shows what will be sent. */
  choose(found) {
    const images = found.filter(({ file }) => looksLikeImage(file) && !file.name.startsWith('.'));
    const skipped = found.length - images.length;
    this.files = images;
    const summary = $('batch-summary');
    summary.hidden = images.length === 0 && skipped === 0;
    const total = images.reduce((sum, { file }) => sum + file.size, 0);
    $('batch-count').textContent = images.length
      ? `${images.length} image${images.length === 1 ? '' : 's'} chosen (${bytes(total)}) — Process sends them as one batch.`
      : 'No image among the chosen files.';
    $('batch-skipped').textContent = skipped ? `${skipped} other file${skipped === 1 ? '' : 's'} left out (not JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC).` : '';
    $('batch-skipped').hidden = !skipped;
    const problem = images.length ? this.check() : {};
    const tooLarge = problem.refused?.length ? ` ${plural(problem.refused.length, 'file')} over the limit of ${bytes(this.limits().max_upload_bytes)} for one file will be left out.` : '';
    showMessage($('batch-limit'), problem.error ?? tooLarge.trim(), problem.error ? 'error' : 'warn');
    if (images.length) {
      // Every operation applies to a batch of mixed formats; the server refuses a file only where one cannot.
      this.upload.choose(null);
      this.upload.file = images[0].file;
      this.upload.refreshOperations();
    } else if (this.upload.file && !$('file').files?.length) {
      this.upload.choose(null);
    }
  }

  /** Sends the batch with the fields the single-file form would send, every chosen file as a `file` part. */
  async submit(webhookUrl) {
    const formError = $('form-error');
    showMessage(formError, '');
    const request = this.upload.build(webhookUrl);
    if (request.error) return showMessage(formError, request.error, 'error');
    const checked = this.check();
    if (checked.error) return showMessage(formError, checked.error, 'error');
    request.form.delete('file');
    for (const { file, path } of checked.sent) request.form.append('file', asUpload(file), path.split('/').pop());
    const button = $('process');
    button.disabled = true;
    this.stop();
    this.stopWebhook();
    $('batch-webhook').hidden = true;
    this.show({ status: 'PENDING', total: checked.sent.length, completed: 0, failed: 0, jobs: [], archive_url: null });
    this.showRefused(checked.refused);
    showMessage($('batch-message'), 'Uploading…');
    try {
      const accepted = await post(request.form);
      this.showRefused([...checked.refused, ...accepted.refused]);
      this.follow(accepted.batch_id);
      if (webhookUrl) this.followWebhook(accepted.batch_id);
    } catch (error) {
      const retry = error.retryAfter ? ` Try again in ${error.retryAfter} seconds.` : '';
      showMessage($('batch-message'), `The server refused the batch: ${error.message}${retry}`, 'error');
      showMessage(formError, `The server refused the batch: ${error.message}${retry}`, 'error');
    } finally {
      button.disabled = false;
    }
  }

  showRefused(refused) {
    const list = $('batch-refused');
    list.replaceChildren(...refused.map((r) => el('li', {}, el('strong', { text: r.file_name }), ` — ${r.detail}`)));
    $('batch-refused-title').hidden = refused.length === 0;
    showMessage($('batch-message'), refused.length ? `${refused.length} file${refused.length === 1 ? ' was' : 's were'} refused; the others are being processed.` : '');
  }

  /** The batch's one webhook (GET /api/batches/{id}/webhook-deliveries), followed until it is delivered or given up. */
  followWebhook(id) {
    const node = $('batch-webhook');
    const since = Date.now();
    let stopped = false;
    let timer = null;
    this.stopWebhook = () => { stopped = true; clearTimeout(timer); };
    node.hidden = false;
    const tick = async () => {
      if (stopped) return;
      let settled = false;
      try {
        const view = await getBatch(id, '/webhook-deliveries');
        const result = describeBatchWebhook(view, this.status);
        node.textContent = result.text;
        node.dataset.state = result.state;
        settled = result.settled;
      } catch {
        // The line keeps its last state; the batch card reports lost connections.
      }
      if (!settled && !stopped && Date.now() - since < 600_000) timer = setTimeout(tick, 1500);
    };
    tick();
  }

  /** Server-Sent Events while possible (not with an API key: EventSource sends no headers), else polling. */
  follow(id) {
    let stopped = false;
    let source = null;
    let timer = null;
    this.stop = () => { stopped = true; source?.close(); clearTimeout(timer); };
    const poll = async (left) => {
      if (stopped) return;
      try {
        const batch = await getBatch(id);
        this.show(batch);
        if (TERMINAL.includes(batch.status) && (batch.archive_url || left <= 0)) return this.stop();
      } catch (error) {
        if (error.status >= 400 && error.status < 500) {
          showMessage($('batch-message'), error.message, 'error');
          return this.stop();
        }
      }
      timer = setTimeout(() => poll(left - 1), 1000);
    };
    if (typeof EventSource === 'undefined' || apiKey.get()) return poll(120);
    source = new EventSource(`/api/batches/${encodeURIComponent(id)}/events`);
    source.addEventListener('batch', (event) => this.show(JSON.parse(event.data)));
    source.addEventListener('end', () => this.stop());
    source.onerror = () => {
      if (stopped) return;
      source.close();
      poll(30);
    };
  }

  show(batch) {
    this.status = batch.status;
    const card = $('batch');
    card.hidden = false;
    if (batch.batch_id) $('batch-id').textContent = `Batch ${batch.batch_id}`;
    const status = $('batch-status');
    status.textContent = STATUS_TEXT[batch.status] ?? batch.status;
    status.dataset.status = batch.status === 'PARTIAL' ? 'COMPLETED_WEBHOOK_FAILED' : batch.status;
    const done = batch.completed + batch.failed;
    const bar = $('batch-progress');
    bar.max = Math.max(batch.total, 1);
    bar.value = done;
    $('batch-counts').textContent = `${done} of ${batch.total} done${batch.failed ? ` · ${batch.failed} failed` : ''}`;
    $('batch-jobs').replaceChildren(...batch.jobs.map((job) => el('li', { 'data-status': job.status },
      el('span', { class: 'op-label', text: job.file_name }),
      el('span', { class: 'state', text: STATUS_TEXT[job.status] ?? job.status }))));
    const link = $('batch-archive-link');
    $('batch-archive').hidden = !batch.archive_url;
    if (batch.archive_url) link.href = batch.archive_url;
    if (TERMINAL.includes(batch.status)) {
      const text = batch.status === 'COMPLETED' ? 'Every file was processed.'
        : batch.status === 'PARTIAL' ? `${batch.failed} file${batch.failed === 1 ? '' : 's'} could not be processed; the ZIP holds the others.`
          : 'No file could be processed.';
      if (!$('batch-message').classList.contains('message-error')) showMessage($('batch-message'), text, batch.status === 'COMPLETED' ? 'ok' : 'error');
    }
    card.scrollIntoView?.({ block: 'nearest' });
  }
}
