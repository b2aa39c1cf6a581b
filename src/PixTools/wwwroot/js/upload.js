// The form: file choice with client-side checks and preview, operations, and the parameters that apply.
import { bytes, label, showMessage } from './format.js';
import { FormatSettings, QUALITY_OPS, RESIZE_OPS, fitModes } from './settings.js';
import { checkWebhookUrl } from './webhook-url.js';
import { asUpload, imageSize, sniffFormat } from './image-size.js';

const FORMATS = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/avif': 'avif',
  'image/tiff': 'tiff', 'image/gif': 'gif', 'image/heic': 'heic', 'image/heif': 'heic',
};
const EXTENSIONS = {
  jpg: 'jpg', jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif', tif: 'tiff', tiff: 'tiff', gif: 'gif', heic: 'heic', heif: 'heic',
};

const $ = (id) => document.getElementById(id);

export class UploadForm {
  constructor() {
    this.limits = { operations: null, max_upload_bytes: 10 * 1024 * 1024, max_pixels: 100_000_000, max_side: 65_535, max_output_side: 8192 };
    this.file = null;
    this.format = null;
    this.previewUrl = null;
    this.boxes = [...document.querySelectorAll('input[name=operation]')];
    this.bindFile();
    for (const box of this.boxes) box.addEventListener('change', () => this.refreshParameters());
    // Each output has its own settings; a quality slider says "default" until it is moved, and then that format
    // alone gets the number (AVIF's scale differs from JPEG's, so one number for all would not mean one quality).
    this.settings = Object.fromEntries(RESIZE_OPS.map((op) => [op, new FormatSettings(op, this.limits)]));
    $('format-settings').replaceChildren(...Object.values(this.settings).map((s) => s.node));
    $('fit-help').replaceChildren(fitModes());
    $('strength').addEventListener('input', () => this.refreshStrength());
    $('strength-auto').addEventListener('change', () => this.refreshStrength());
    this.refreshOperations();
  }

  /** Applies GET /api/capabilities: limits for the checks, and which operations this server runs. */
  setCapabilities(capabilities) {
    this.limits = { ...this.limits, ...capabilities };
    for (const node of document.querySelectorAll('[data-limit=upload]')) node.textContent = bytes(this.limits.max_upload_bytes);
    for (const settings of Object.values(this.settings)) settings.applyLimits(this.limits);
    this.refreshOperations();
  }

  bindFile() {
    const input = $('file');
    const zone = $('dropzone');
    input.addEventListener('change', () => this.choose(input.files?.[0] ?? null));
    zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('dragging'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('dragging');
      const file = event.dataTransfer?.files?.[0];
      if (file) this.choose(file);
    });
    $('clear-file').addEventListener('click', () => { input.value = ''; this.choose(null); input.focus(); });
    // Paste from the clipboard anywhere on the page (not into a text field): the first image file pasted is chosen.
    document.addEventListener('paste', (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type !== 'file' && event.target.type !== 'checkbox') return;
      const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (!file) return;
      event.preventDefault();
      this.choose(file.name && file.name !== 'image.png' ? file : new File([file], `pasted.${FORMATS[file.type] ?? 'png'}`, { type: file.type }));
    });
  }

  /** Checks type and size here, so an obviously wrong file never travels; the server checks again by the bytes. */
  choose(file) {
    showMessage($('file-error'), '');
    this.file = null;
    this.chosen = null;
    this.tooLarge = false;
    this.format = null;
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = null;
    $('preview').hidden = true;
    if (file) {
      const format = FORMATS[file.type] ?? (file.type ? null : EXTENSIONS[file.name.split('.').pop()?.toLowerCase()]);
      if (!format) {
        showMessage($('file-error'), `${file.name} is not a JPEG, PNG, WebP, AVIF, TIFF, GIF or HEIC image (its type is ${file.type || 'unknown'}).`, 'error');
      } else if (file.size > this.limits.max_upload_bytes) {
        showMessage($('file-error'), `${file.name} is ${bytes(file.size)}; the limit is ${bytes(this.limits.max_upload_bytes)}.`, 'error');
      } else if (file.size === 0) {
        showMessage($('file-error'), `${file.name} is empty.`, 'error');
      } else {
        this.format = format;
        this.checkPixels(file);
      }
    }
    this.refreshOperations();
  }

  /** Reads the size from the header: over the pixel limit, the file is refused in the server's own words, with no preview. */
  async checkPixels(file) {
    this.chosen = file;
    const [size, sniffed] = await Promise.all([imageSize(file).catch(() => null), sniffFormat(file).catch(() => null)]);
    if (this.chosen !== file) return; // another file was chosen meanwhile
    // The bytes say what the file is, not its name: a JPEG saved as photo.png is offered as a JPEG.
    if (sniffed && sniffed !== this.format) {
      this.format = sniffed;
      this.refreshOperations();
    }
    if (size && this.sizeRefusal(size.width, size.height)) {
      this.refuseTooLarge(size.width, size.height);
      return;
    }
    this.file = file;
    this.showPreview(file);
  }

  /** The sentence the server answers for an image over its pixel or side limit, or '' when it is within both. */
  sizeRefusal(width, height) {
    const shown = `This image is ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels`;
    const max = this.limits.max_pixels;
    if (width * height > max) {
      const limit = max % 1_000_000 === 0 ? `${max / 1_000_000} megapixels` : `${max.toLocaleString('en-US')} pixels`;
      return `${shown}; the limit is ${limit}.`;
    }
    const side = this.limits.max_side;
    return side && Math.max(width, height) > side ? `${shown}; a side may be at most ${side.toLocaleString('en-US')} pixels.` : '';
  }

  refuseTooLarge(width, height) {
    // The same sentence the server would answer, said before the upload: the file is not sent.
    showMessage($('file-error'), this.sizeRefusal(width, height), 'error');
    this.file = null;
    this.tooLarge = true;
  }

  showPreview(file) {
    this.previewUrl = URL.createObjectURL(file);
    const image = $('preview-image');
    image.alt = `Preview of ${file.name}`;
    $('preview-name').textContent = file.name;
    $('preview-details').textContent = `${label(this.format)} · ${bytes(file.size)}`;
    image.hidden = false;
    image.onload = () => {
      $('preview-details').textContent = `${label(this.format)} · ${bytes(file.size)} · ${image.naturalWidth} × ${image.naturalHeight} px`;
      if (this.sizeRefusal(image.naturalWidth, image.naturalHeight) && this.file === file) this.refuseTooLarge(image.naturalWidth, image.naturalHeight);
    };
    // A browser that cannot decode the format (e.g. AVIF in an old one) still uploads; the server decides.
    image.onerror = () => {
      image.hidden = true;
      $('preview-details').textContent += ' · no preview in this browser';
    };
    image.src = this.previewUrl;
    $('preview').hidden = false;
  }

  /** Disables what cannot be asked for, saying why: an operation the server lacks, or a conversion to the file's own format. */
  refreshOperations() {
    for (const box of this.boxes) {
      const op = box.value;
      const why = $(`why-${op}`);
      let reason = '';
      if (this.limits.operations && !this.limits.operations.includes(op)) reason = 'Not available on this server';
      // Recompressing (smaller, or at another size) is a named output of the file's own format.
      else if (op === this.format) reason = `Already ${label(op)}: to recompress it, add a named output below`;
      box.disabled = Boolean(reason);
      if (reason) box.checked = false;
      why.textContent = reason;
      box.closest('label').title = reason;
      if (reason) box.setAttribute('aria-describedby', why.id);
      else box.removeAttribute('aria-describedby');
    }
    this.refreshParameters();
  }

  selected() {
    return this.boxes.filter((box) => box.checked && !box.disabled).map((box) => box.value);
  }

  /** Shows exactly the settings that apply to the current selection: one block per selected output. */
  refreshParameters() {
    const ops = this.selected();
    for (const [op, settings] of Object.entries(this.settings)) settings.node.hidden = !ops.includes(op);
    $('fit-help').hidden = !ops.some((op) => RESIZE_OPS.includes(op));
    $('strength-group').hidden = !ops.includes('denoise');
    $('no-params').hidden = ops.some((op) => RESIZE_OPS.includes(op));
  }

  refreshStrength() {
    const auto = $('strength-auto').checked;
    $('strength').disabled = auto;
    $('strength-value').value = auto ? 'auto' : $('strength').value;
  }

  /**
   * The multipart body of POST /api/process, or an error message naming what is missing. The text fields go
   * before the file, so the server checks webhook_url before it reads the upload.
   */
  build(webhookUrl, pageOrigin) {
    if (!this.file) return { error: this.tooLarge ? 'Choose a smaller image.' : 'Choose an image first.' };
    const ops = this.selected();
    if (ops.length === 0) return { error: 'Choose at least one operation.' };
    const webhookError = checkWebhookUrl(webhookUrl, pageOrigin);
    if (webhookError) return { error: webhookError, field: 'webhook-url' };
    const params = {};
    for (const op of ops) {
      let p = {};
      if (this.settings[op]) {
        const read = this.settings[op].params();
        if (read.error) return read;
        p = read.value;
      }
      if (op === 'denoise') p.strength = $('strength-auto').checked ? 'auto' : Number($('strength').value);
      if (Object.keys(p).length) params[op] = p;
    }
    const form = new FormData();
    form.append('operations', JSON.stringify(ops));
    if (Object.keys(params).length) form.append('operation_params', JSON.stringify(params));
    if (webhookUrl) form.append('webhook_url', webhookUrl);
    form.append('file', asUpload(this.file), this.file.name);
    return { form, name: this.file.name, operations: ops, file: this.file, webhook: Boolean(webhookUrl) };
  }
}
