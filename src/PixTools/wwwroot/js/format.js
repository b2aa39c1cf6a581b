// Small formatting helpers shared by the page's modules.

export const OPERATION_LABELS = { jpg: 'JPG', png: 'PNG', webp: 'WebP', avif: 'AVIF', denoise: 'Denoise', metadata: 'Metadata' };
export const label = (op) => OPERATION_LABELS[op] ?? op;

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "698,472 bytes (682 KiB)": the exact count the API reports, and a readable one. */
export const exactBytes = (n) => `${n.toLocaleString('en-US')} bytes (${bytes(n)})`;

export function duration(seconds) {
  if (seconds % 86400 === 0) return seconds === 86400 ? '24 hours' : `${seconds / 86400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/** Creates an element with attributes and children; strings become text nodes (never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

export function showMessage(node, text, kind) {
  node.textContent = text ?? '';
  node.className = `message${kind ? ` message-${kind}` : ''}`;
  node.hidden = !text;
}

/** Elapsed seconds as m:ss (or h:mm:ss): "0:04", "2:31", "1:02:03". */
export function clock(seconds) {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
