// Recent jobs in localStorage: enough to find a job again, and to know when the server has deleted it.
import { el, label } from './format.js';

const KEY = 'pixtools.history';
const MAX = 20;
const $ = (id) => document.getElementById(id);

let retentionSeconds = 24 * 3600;
let onOpen = () => {};

function load() {
  try {
    const items = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

function save(items) {
  try {
    localStorage.setItem(KEY, JSON.stringify(items.slice(0, MAX)));
  } catch {
    // storage full or disabled: history is a convenience
  }
}

export function initHistory(open) {
  onOpen = open;
  $('history-clear').addEventListener('click', () => { save([]); render(); });
  render();
}

export function setRetention(seconds) {
  retentionSeconds = seconds;
  render();
}

export function remember(job) {
  const items = load().filter((item) => item.job_id !== job.job_id);
  items.unshift(job);
  save(items);
  render();
}

export function updateStatus(jobId, status) {
  const items = load();
  const item = items.find((i) => i.job_id === jobId);
  if (item && item.status !== status) {
    item.status = status;
    save(items);
    render();
  }
}

export const isExpired = (item) => Date.now() - Date.parse(item.created_at) > retentionSeconds * 1000;

function render() {
  const items = load();
  $('history-empty').hidden = items.length > 0;
  $('history-clear').hidden = items.length === 0;
  $('history-list').replaceChildren(...items.map((item) => {
    const expired = isExpired(item);
    const when = new Date(item.created_at).toLocaleString();
    return el('li', { 'data-job': item.job_id },
      el('div', { class: 'history-main' },
        el('span', { class: 'history-name', text: item.name }),
        el('span', { class: 'hint', text: `${item.operations.map(label).join(', ')} · ${when}${item.status ? ` · ${item.status}` : ''}` })),
      expired
        ? el('span', { class: 'expired', title: 'Older than the retention window: the server has deleted it', text: 'Expired' })
        : el('button', { type: 'button', class: 'button button-ghost button-small', 'aria-label': `Open job ${item.name}` }, 'Open'));
  }));
  for (const button of $('history-list').querySelectorAll('button')) {
    const id = button.closest('li').dataset.job;
    button.addEventListener('click', () => onOpen(items.find((i) => i.job_id === id)));
  }
}
