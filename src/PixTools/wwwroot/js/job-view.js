// The job panel: status, live progress per operation, result cards, the ZIP button and the metadata panel.
import { el, exactBytes, label, showMessage } from './format.js';

const $ = (id) => document.getElementById(id);
const STATUS_TEXT = {
  PENDING: 'Pending', PROCESSING: 'Processing', COMPLETED: 'Completed', FAILED: 'Failed',
  COMPLETED_WEBHOOK_FAILED: 'Completed, webhook failed',
};
const STATE_TEXT = { pending: 'Waiting', running: 'Running…', succeeded: 'Done', failed: 'Failed' };

export function showSubmitting(name) {
  $('job').hidden = false;
  $('job-title').textContent = name;
  setStatus('PENDING', 'Uploading…');
  $('job-id').textContent = '';
  showMessage($('job-message'), '');
  $('progress').replaceChildren();
  clearResults();
}

export function showJob(job, name) {
  $('job').hidden = false;
  if (name) $('job-title').textContent = name;
  $('job-id').textContent = `Job ${job.job_id}`;
  setStatus(job.status);
  renderMessage(job);
  renderProgress(job);
  renderResults(job);
  renderMetadata(job);
  const archive = $('archive-link');
  $('archive').hidden = !job.archive_url;
  if (job.archive_url) archive.href = job.archive_url;
}

/** A 4xx from the API (or a lost connection) shown in the job panel. */
export function showJobError(message) {
  $('job').hidden = false;
  setStatus('FAILED', 'Error');
  showMessage($('job-message'), message, 'error');
}

function setStatus(status, text) {
  const node = $('job-status');
  node.dataset.status = status;
  node.textContent = text ?? STATUS_TEXT[status] ?? status;
}

function renderMessage(job) {
  const node = $('job-message');
  if (job.status === 'FAILED') {
    showMessage(node, `The job failed: ${job.error_message || 'no reason was given'}.`, 'error');
  } else if (job.status === 'COMPLETED_WEBHOOK_FAILED') {
    showMessage(node, `Warning: the results are ready, but the webhook could not be delivered${job.error_message ? ` (${job.error_message})` : ''}.`, 'warn');
  } else {
    showMessage(node, '');
  }
}

function renderProgress(job) {
  const items = job.operations.map((op) => {
    const p = job.progress?.[op] ?? { status: job.result_urls?.[op] ? 'succeeded' : 'pending' };
    const state = p.status === 'failed' && p.error ? `Failed: ${p.error}` : STATE_TEXT[p.status] ?? p.status;
    return el('li', { 'data-state': p.status, 'data-op': op },
      el('span', { class: 'dot', 'aria-hidden': 'true' }),
      el('span', { class: 'op-label', text: label(op) }),
      el('span', { class: 'state', text: state }));
  });
  $('progress').replaceChildren(...items);
}

function clearResults() {
  $('results').replaceChildren();
  $('results-title').hidden = true;
  $('archive').hidden = true;
  $('metadata').hidden = true;
}

function renderResults(job) {
  const urls = job.result_urls ?? {};
  const cards = job.operations.filter((op) => urls[op]).map((op) => {
    const url = urls[op];
    const p = job.progress?.[op] ?? {};
    const facts = [];
    if (p.size_bytes !== undefined) facts.push(el('span', { class: 'hint', 'data-fact': 'size', text: exactBytes(p.size_bytes) }));
    if (p.width && p.height) facts.push(el('span', { class: 'hint', 'data-fact': 'dimensions', text: `${p.width} × ${p.height} px` }));
    const r = job.results?.[op];
    if (r?.format) facts.push(el('span', { class: 'hint', 'data-fact': 'format', text: label(r.format) }));
    if (r?.quality !== undefined) facts.push(el('span', { class: 'hint', 'data-fact': 'quality', text: `quality ${r.quality}` }));
    if (r?.strength !== undefined) facts.push(el('span', { class: 'hint', 'data-fact': 'strength', text: `denoised at ${Math.round(r.strength * 10) / 10}` }));
    return el('li', { class: 'result', 'data-op': op },
      el('img', { src: url, alt: `${label(op)} result`, loading: 'lazy' }),
      el('div', { class: 'result-body' },
        el('h4', { text: label(op) }),
        facts,
        el('a', { class: 'button button-secondary button-small', href: url, download: '', 'aria-label': `Download ${label(op)}` }, 'Download')));
  });
  // Keep the existing images when nothing changed, so previews do not flicker on every event.
  const key = Object.keys(job.result_urls ?? {}).join(',') + JSON.stringify(job.progress ?? {}) + JSON.stringify(job.results ?? {});
  if ($('results').dataset.key !== key) {
    $('results').dataset.key = key;
    $('results').replaceChildren(...cards);
  }
  $('results-title').hidden = cards.length === 0;
}

const METADATA_FIELDS = [
  ['camera_make', 'Make'], ['camera_model', 'Model'], ['lens_model', 'Lens'], ['exposure_time', 'Exposure'],
  ['aperture', 'Aperture'], ['iso', 'ISO'], ['captured_at', 'Captured'],
];

function renderMetadata(job) {
  const panel = $('metadata');
  const wanted = job.operations.includes('metadata');
  const done = job.progress?.metadata?.status === 'succeeded' || (job.status !== 'PENDING' && job.status !== 'PROCESSING');
  panel.hidden = !wanted || !done;
  if (panel.hidden) return;
  const meta = job.metadata ?? {};
  const rows = [];
  for (const [key, name] of METADATA_FIELDS) {
    if (meta[key] !== undefined) rows.push(el('dt', { text: name }), el('dd', { 'data-field': key, text: String(meta[key]) }));
  }
  if (meta.gps) {
    const { latitude, longitude } = meta.gps;
    // A plain link: the map opens only when the user follows it, so the page itself loads nothing external.
    const map = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=15/${latitude}/${longitude}`;
    rows.push(el('dt', { text: 'GPS' }), el('dd', { 'data-field': 'gps' },
      `${latitude}, ${longitude} `, el('a', { href: map, target: '_blank', rel: 'noopener noreferrer' }, 'Open map')));
  }
  $('metadata-list').replaceChildren(...rows);
  $('metadata-empty').hidden = rows.length > 0;
}
