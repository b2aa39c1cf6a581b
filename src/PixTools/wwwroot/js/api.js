// Calls to the PixTools HTTP API (docs: /docs). Every 4xx/5xx becomes an ApiError with the problem's `detail`.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

const keyStorage = 'pixtools.apiKey';

/** The API key for servers that require one; kept in sessionStorage, so it leaves with the tab. */
export const apiKey = {
  get: () => sessionStorage.getItem(keyStorage) || '',
  set: (value) => (value ? sessionStorage.setItem(keyStorage, value) : sessionStorage.removeItem(keyStorage)),
};

async function request(path, options = {}) {
  let response;
  const key = apiKey.get();
  try {
    response = await fetch(path, { ...options, headers: { Accept: 'application/json', ...(key ? { 'X-API-Key': key } : {}), ...options.headers } });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }
  if (response.ok) return response.status === 204 ? null : response.json();
  throw new ApiError(response.status, await problemDetail(response));
}

/** The problem's `detail` alone, as one sentence (capital first letter, final full stop); never a status code. */
async function problemDetail(response) {
  try {
    const body = await response.json();
    if (body && typeof body.detail === 'string' && body.detail) return asSentence(body.detail);
  } catch {
    // not JSON: fall through to a plain sentence for the kind of failure
  }
  if (response.status === 413) return 'The file is too large for this server.';
  if (response.status === 429 || response.status === 503) return 'The server is busy; try again in a moment.';
  if (response.status >= 500) return 'The server could not handle the request; try again in a moment.';
  return 'The server refused the request.';
}

export function asSentence(text) {
  const t = text.trim();
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export const capabilities = () => request('/api/capabilities');
export const submitJob = (form) => request('/api/process', { method: 'POST', body: form });
export const getJob = (id) => request(`/api/jobs/${encodeURIComponent(id)}`);
export const testWebhook = (url) => request('/api/webhooks/test', json({ url }));
export const createInbox = () => request('/api/webhook-inboxes', { method: 'POST' });
export const getInbox = (id) => request(`/api/webhook-inboxes/${encodeURIComponent(id)}`);

/**
 * Follows a job until it has nothing more to say: Server-Sent Events from /api/jobs/{id}/events, or polling
 * GET /api/jobs/{id} when EventSource is missing or the stream fails. Calls onJob with each JobView,
 * onError with an ApiError when polling cannot go on. Returns a function that stops watching.
 */
export function watchJob(id, { onJob, onError }) {
  let stopped = false;
  let source = null;
  let timer = null;
  let last = null;
  const stop = () => {
    stopped = true;
    source?.close();
    clearTimeout(timer);
  };
  const deliver = (job) => {
    last = job;
    onJob(job);
  };

  const poll = async (delay, extraAfterTerminal) => {
    if (stopped) return;
    try {
      const job = await getJob(id);
      deliver(job);
      if (isTerminal(job.status)) {
        // The ZIP appears just after COMPLETED: keep looking a little while for archive_url.
        if (job.archive_url || !Object.keys(job.result_urls || {}).length || extraAfterTerminal <= 0) return stop();
        timer = setTimeout(() => poll(1000, extraAfterTerminal - 1), 1000);
        return;
      }
    } catch (error) {
      if (error.status >= 400 && error.status < 500) {
        onError(error);
        return stop();
      }
      // network or 5xx: try again, slower
      delay = Math.min(delay * 2, 5000);
    }
    timer = setTimeout(() => poll(Math.min(delay * 1.3, 2000), extraAfterTerminal), delay);
  };

  // EventSource cannot send headers, so with an API key the page polls instead.
  if (typeof EventSource === 'undefined' || apiKey.get()) {
    poll(400, 30);
    return stop;
  }
  source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
  source.addEventListener('job', (event) => deliver(JSON.parse(event.data)));
  source.addEventListener('end', () => stop());
  source.onerror = () => {
    if (stopped) return;
    // The stream broke (or was never allowed, e.g. a 4xx): finish by polling, which reports errors properly.
    source.close();
    if (last && isTerminal(last.status) && last.archive_url) return stop();
    poll(300, 30);
  };
  return stop;
}

export const isTerminal = (status) => status === 'COMPLETED' || status === 'FAILED' || status === 'COMPLETED_WEBHOOK_FAILED';
export const getWebhookDeliveries = (id) => request(`/api/jobs/${encodeURIComponent(id)}/webhook-deliveries`);
