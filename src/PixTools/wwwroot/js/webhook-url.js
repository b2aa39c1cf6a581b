// The page's own check of webhook_url, the same rules the server applies, so a bad address is refused before
// the image travels: an absolute http(s) URL with a host, and not a private or loopback address (except this
// server's own sandbox inboxes, which the server delivers to in-process).

const MAX_LENGTH = 2048;

function isPrivateHost(host) {
  const h = host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = h.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31)
      || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  if (h.includes(':')) return h === '::1' || h === '::' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80') || h.startsWith('::ffff:');
  return false;
}

/** A plain sentence saying what is wrong with the URL, or '' when it is fine or empty. */
export function checkWebhookUrl(text, pageOrigin = location.origin) {
  if (!text) return '';
  if (text.length > MAX_LENGTH) return `The webhook URL is too long: at most ${MAX_LENGTH} characters.`;
  let url;
  try {
    url = new URL(text);
  } catch {
    return 'The webhook URL must be a full address starting with http:// or https://, for example https://example.com/hooks/pixtools.';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || text.includes('\\')) {
    return 'The webhook URL must be a full address starting with http:// or https://, for example https://example.com/hooks/pixtools.';
  }
  const ownInbox = url.origin === pageOrigin && /^\/api\/webhook-inboxes\/[^/]+\/deliveries$/.test(url.pathname);
  if (!ownInbox && isPrivateHost(url.hostname)) {
    return 'The webhook URL points to a private or local address, which this server does not call; use a public address or a sandbox inbox.';
  }
  return '';
}
