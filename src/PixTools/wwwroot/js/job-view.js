// The job panel: status, progress per output with % done and elapsed time, webhook delivery state, result cards
// (links refreshed before they expire), the ZIP button, the denoise before/after slider and the metadata panel.
import { clock, el, exactBytes, label, showMessage } from './format.js';
import { renderMetadata } from './metadata-view.js';

const $ = (id) => document.getElementById(id);
const STATUS_TEXT = {
  PENDING: 'Pending', PROCESSING: 'Processing', COMPLETED: 'Completed', FAILED: 'Failed',
  COMPLETED_WEBHOOK_FAILED: 'Completed, webhook failed', PARTIAL: 'Partly done',
};
const STATE_TEXT = { pending: 'Waiting', running: 'Running…', succeeded: 'Done', failed: 'Failed' };
const TERMINAL = ['COMPLETED', 'FAILED', 'COMPLETED_WEBHOOK_FAILED'];

let elapsedTimer = null;

/** The panel, emptied: a new upload never shows the previous job's results. */
export function clearJob() {
  clearInterval(elapsedTimer);
  $('job').hidden = true;
  $('job-title').textContent = 'Job';
  $('job-id').textContent = '';
  $('job-summary').hidden = true;
  $('job-progress').hidden = true;
  showMessage($('job-message'), '');
  $('progress').replaceChildren();
  $('job-webhook').hidden = true;
  $('results').replaceChildren();
  delete $('results').dataset.key;
  $('results-title').hidden = true;
  $('links-note').hidden = true;
  $('archive').hidden = true;
  $('metadata').hidden = true;
  $('compare').hidden = true;
}

export function showSubmitting(name) {
  clearJob();
  $('job').hidden = false;
  $('job-title').textContent = name;
  setStatus('PENDING', 'Uploading…');
}

/**
 * Shows a job. context: { name, sourceUrl (the uploaded file, for the before/after slider), strength ('auto' or a
 * number as asked), linkLifetime (seconds a download URL works) }.
 */
export function showJob(job, context = {}) {
  $('job').hidden = false;
  if (context.name) $('job-title').textContent = context.name;
  $('job-id').textContent = `Job ${job.job_id}`;
  const failed = job.operations.filter((op) => job.progress?.[op]?.status === 'failed');
  const ready = job.operations.filter((op) => job.result_urls?.[op] || (op === 'metadata' && job.progress?.[op]?.status === 'succeeded'));
  const partial = TERMINAL.includes(job.status) && failed.length > 0 && ready.length > 0;
  setStatus(partial ? 'PARTIAL' : job.status);
  renderMessage(job, failed, partial);
  renderProgress(job);
  renderSummary(job, context);
  renderResults(job, context);
  renderCompare(job, context);
  renderMetadata(job);
  renderArchive(job);
}

/**
 * The ZIP of all results. Its place is kept from the first result on, with a note until the ZIP is ready, so the result
 * cards below do not move when it appears: a click on a card's Download at that moment would land on something else.
 */
function renderArchive(job) {
  const ready = Boolean(job.archive_url);
  $('archive').hidden = !ready && Object.keys(job.result_urls ?? {}).length === 0;
  $('archive-link').hidden = !ready;
  $('archive-pending').hidden = ready;
  if (ready) $('archive-link').href = job.archive_url;
  else $('archive-pending').textContent = TERMINAL.includes(job.status) ? 'Preparing the .zip…' : 'The .zip comes when the job ends';
}

/** A problem while following the job (it expired, the server went away) shown in the job panel. */
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

const sentence = (text) => {
  const t = (text ?? '').trim();
  if (!t) return '';
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

// An output's own reason, as one sentence: the server's "operation webp failed: " (or "… failed after 5 attempts: ")
// names the output the page already labels it with, so only what follows is shown, with a capital letter.
const reason = (text) => {
  const t = (text ?? '').trim().replace(/^operation \S+ failed(?: after \d+ attempts)?: /, '');
  return sentence(t.charAt(0).toUpperCase() + t.slice(1));
};

function renderMessage(job, failed, partial) {
  const node = $('job-message');
  const why = (op) => `${label(op)}: ${reason(job.progress?.[op]?.error) || 'no reason was given.'}`;
  if (partial) {
    const ok = job.operations.length - failed.length;
    showMessage(node, `${failed.length} of ${job.operations.length} outputs failed; the other ${ok === 1 ? 'one is' : `${ok} are`} ready below. ${failed.map(why).join(' ')}`, 'warn');
  } else if (job.status === 'FAILED') {
    showMessage(node, failed.length ? `The job failed. ${failed.map(why).join(' ')}` : `The job failed: ${sentence(job.error_message) || 'no reason was given.'}`, 'error');
  } else if (job.status === 'COMPLETED_WEBHOOK_FAILED') {
    showMessage(node, 'The results are ready, but the webhook could not be delivered.', 'warn');
  } else {
    showMessage(node, '');
  }
}

function renderProgress(job) {
  const items = job.operations.map((op) => {
    const p = job.progress?.[op] ?? { status: job.result_urls?.[op] ? 'succeeded' : 'pending' };
    let state = p.status === 'failed' ? `Failed: ${reason(p.error) || 'no reason was given.'}` : STATE_TEXT[p.status] ?? p.status;
    if (p.status === 'succeeded' && op === 'denoise' && p.strength !== undefined) state += ` · strength ${p.strength}`;
    const percent = p.status === 'succeeded' || p.status === 'failed' ? 100 : 0;
    return el('li', { 'data-state': p.status, 'data-op': op },
      el('span', { class: 'dot', 'aria-hidden': 'true' }),
      el('span', { class: 'op-label', text: label(op) }),
      el('span', { class: 'state', text: state }),
      el('span', { class: 'op-percent hint', 'data-fact': 'percent', text: `${percent} %` }));
  });
  $('progress').replaceChildren(...items);
}

/** % of outputs finished and the time since the job was created, ticking until it ends. */
function renderSummary(job, context) {
  const total = job.operations.length;
  const done = job.operations.filter((op) => ['succeeded', 'failed'].includes(job.progress?.[op]?.status)).length;
  const percent = TERMINAL.includes(job.status) ? 100 : Math.round((100 * done) / total);
  $('job-summary').hidden = false;
  $('job-progress').hidden = false;
  $('job-progress').value = percent;
  $('job-percent').textContent = `${percent} % done (${done} of ${total} output${total === 1 ? '' : 's'})`;
  const started = Date.parse(job.created_at);
  const show = (prefix) => { $('job-elapsed').textContent = `${prefix} ${clock(Math.max(0, (Date.now() - started) / 1000))}`; };
  clearInterval(elapsedTimer);
  const node = $('job-elapsed');
  if (node.dataset.job !== job.job_id) {
    delete node.dataset.final;
    delete node.dataset.watched;
  }
  if (TERMINAL.includes(job.status)) {
    // The time it took is known only for a job watched while it ran (one opened later from history says nothing).
    if (!node.dataset.final) {
      if (node.dataset.watched || context.submitted) show('took');
      else node.textContent = '';
    }
    node.dataset.final = 'true';
  } else {
    node.dataset.watched = 'true';
    delete $('job-elapsed').dataset.final;
    show('elapsed');
    elapsedTimer = setInterval(() => show('elapsed'), 1000);
  }
  $('job-elapsed').dataset.job = job.job_id;
}

function renderResults(job, context) {
  const urls = job.result_urls ?? {};
  const ops = job.operations.filter((op) => urls[op]);
  const structure = `${job.job_id}:${ops.join(',')}`;
  if ($('results').dataset.key !== structure) {
    // New cards only when the set of results changes, so previews do not flicker on every event.
    $('results').dataset.key = structure;
    $('results').replaceChildren(...ops.map((op) => {
      const p = job.progress?.[op] ?? {};
      const facts = [];
      if (p.size_bytes !== undefined) facts.push(el('span', { class: 'hint', 'data-fact': 'size', text: exactBytes(p.size_bytes) }));
      if (p.width && p.height) facts.push(el('span', { class: 'hint', 'data-fact': 'dimensions', text: `${p.width} × ${p.height} px` }));
      const r = job.results?.[op];
      if (r?.format) facts.push(el('span', { class: 'hint', 'data-fact': 'format', text: label(r.format) }));
      if (r?.quality !== undefined) facts.push(el('span', { class: 'hint', 'data-fact': 'quality', text: `quality ${r.quality}` }));
      const strength = r?.strength ?? (op === 'denoise' ? p.strength : undefined);
      if (strength !== undefined) {
        facts.push(el('span', { class: 'hint', 'data-fact': 'strength', text: strengthText(Math.round(strength * 10) / 10, context) }));
      }
      return el('li', { class: 'result', 'data-op': op },
        el('img', { src: urls[op], alt: `${label(op)} result`, loading: 'lazy' }),
        el('div', { class: 'result-body' },
          el('h4', { text: label(op) }),
          facts,
          el('a', { class: 'button button-secondary button-small', href: urls[op], download: '', 'data-link': op, 'aria-label': `Download ${label(op)}` }, 'Download')));
    }));
  } else {
    // Same cards: only the links change (fresh signatures on every poll).
    for (const link of $('results').querySelectorAll('a[data-link]')) link.href = urls[link.dataset.link];
  }
  $('results-title').hidden = ops.length === 0;
  const lifetime = context.linkLifetime;
  $('links-note').hidden = ops.length === 0 || !lifetime;
  if (lifetime) $('links-note').textContent = `Each download link works for ${context.lifetimeText ?? `${lifetime} seconds`}; the page fetches fresh ones when they run out.`;
}

export const strengthText = (strength, context = {}) =>
  `Strength ${strength}${context.strength === 'auto' ? ' (chosen automatically)' : ''}`;

/** Squoosh-style: the upload and the denoised result stacked over the same crop, a divider between them. */
function renderCompare(job, context) {
  const after = job.result_urls?.denoise;
  const show = Boolean(after && context.sourceUrl);
  $('compare').hidden = !show;
  if (!show) return;
  const before = $('compare-before');
  if (before.dataset.src !== context.sourceUrl) {
    before.src = context.sourceUrl;
    before.dataset.src = context.sourceUrl;
  }
  const afterImage = $('compare-after');
  if (afterImage.dataset.job !== job.job_id) {
    afterImage.src = after;
    afterImage.dataset.job = job.job_id;
  }
  const strength = job.progress?.denoise?.strength;
  $('compare-strength').hidden = strength === undefined;
  if (strength !== undefined) $('compare-strength').textContent = strengthText(strength, context);
}

export function initCompare() {
  const input = $('compare-position');
  const apply = () => $('compare-frame').style.setProperty('--position', `${input.value}%`);
  input.addEventListener('input', apply);
  // Dragging on the picture itself moves the divider too.
  const frame = $('compare-frame');
  const drag = (event) => {
    const box = frame.getBoundingClientRect();
    input.value = String(Math.round(Math.min(100, Math.max(0, (100 * (event.clientX - box.left)) / box.width))));
    apply();
  };
  frame.addEventListener('pointerdown', (event) => { frame.setPointerCapture(event.pointerId); drag(event); });
  frame.addEventListener('pointermove', (event) => { if (frame.hasPointerCapture(event.pointerId)) drag(event); });
  apply();
}
