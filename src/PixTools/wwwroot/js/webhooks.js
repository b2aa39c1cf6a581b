// The webhook field: "Send test" and the sandbox inbox, whose deliveries are watched while the page is open.
import { createInbox, getInbox, testWebhook } from './api.js';
import { el, showMessage } from './format.js';

const $ = (id) => document.getElementById(id);
const WATCH_EVERY_MS = 1500;

export function initWebhooks() {
  $('webhook-test').addEventListener('click', sendTest);
  $('sandbox-create').addEventListener('click', createSandbox);
  $('sandbox-use').addEventListener('click', () => {
    $('webhook-url').value = $('sandbox-url').textContent;
    $('webhook-url').focus();
  });
  $('sandbox').hidden = false;
}

async function sendTest() {
  const url = $('webhook-url').value.trim();
  const result = $('webhook-result');
  if (!url) return showMessage(result, 'Enter a webhook URL to test.', 'error');
  const button = $('webhook-test');
  button.disabled = true;
  showMessage(result, 'Sending a test delivery…');
  try {
    const answer = await testWebhook(url);
    if (answer.delivered) showMessage(result, `Delivered: HTTP ${answer.status_code} in ${answer.latency_ms} ms.`, 'ok');
    else showMessage(result, `Not delivered${answer.status_code ? `: HTTP ${answer.status_code}` : ''}${answer.error ? ` (${answer.error})` : ''} after ${answer.latency_ms} ms.`, 'error');
  } catch (error) {
    showMessage(result, error.status === 404 ? 'Test deliveries are not available on this server.' : error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

let watching = null;

async function createSandbox() {
  const button = $('sandbox-create');
  button.disabled = true;
  try {
    const inbox = await createInbox();
    $('sandbox-url').textContent = inbox.url;
    $('sandbox-url').hidden = false;
    $('sandbox-use').hidden = false;
    $('deliveries-title').hidden = false;
    $('deliveries').replaceChildren(el('li', { class: 'hint', text: 'No deliveries yet.' }));
    button.textContent = 'New sandbox inbox';
    watch(inbox);
  } catch (error) {
    if (error.status === 404) {
      $('sandbox').hidden = true;
      showMessage($('webhook-result'), 'Sandbox inboxes are not available on this server.', 'error');
    } else {
      showMessage($('webhook-result'), error.message, 'error');
    }
  } finally {
    button.disabled = false;
  }
}

function watch(inbox) {
  clearTimeout(watching);
  const expires = inbox.expires_at ? Date.parse(inbox.expires_at) : Infinity;
  let seen = -1;
  const tick = async () => {
    try {
      const current = await getInbox(inbox.id);
      const deliveries = current.deliveries ?? [];
      if (deliveries.length !== seen) {
        seen = deliveries.length;
        if (deliveries.length) $('deliveries').replaceChildren(...deliveries.slice().reverse().map(renderDelivery));
      }
    } catch (error) {
      if (error.status === 404) return showMessage($('webhook-result'), 'The sandbox inbox has expired.', 'error');
    }
    if (Date.now() < expires) watching = setTimeout(tick, WATCH_EVERY_MS);
  };
  tick();
}

function renderDelivery(delivery) {
  let body = delivery.body ?? '';
  let summary = 'Delivery';
  try {
    const parsed = JSON.parse(body);
    body = JSON.stringify(parsed, null, 2);
    if (parsed.status) summary = `${parsed.status}${parsed.job_id ? ` · job ${parsed.job_id.slice(0, 8)}` : ''}`;
  } catch {
    // not JSON: shown as received
  }
  const valid = delivery.signature_valid;
  return el('li', { class: 'delivery' },
    el('div', { class: 'delivery-head' },
      el('strong', { text: summary }),
      el('span', { class: `badge ${valid ? 'signature-ok' : 'signature-bad'}`, text: valid ? 'Signature valid' : 'Signature invalid' })),
    el('span', { class: 'hint', text: `Received ${new Date(delivery.received_at).toLocaleString()}` }),
    el('pre', { text: body }));
}
