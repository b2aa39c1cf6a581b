// The form: file choice with client-side checks and preview, operations, and the parameters that apply.
import { bytes, label, showMessage } from './format.js';

const FORMATS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/avif': 'avif' };
const EXTENSIONS = { jpg: 'jpg', jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' };
const QUALITY_OPS = ['jpg', 'webp', 'avif'];
const RESIZE_OPS = ['jpg', 'png', 'webp', 'avif', 'denoise'];

const $ = (id) => document.getElementById(id);

export class UploadForm {
  constructor() {
    this.limits = { operations: null, max_upload_bytes: 10 * 1024 * 1024, max_pixels: 100_000_000, max_output_side: 8192 };
    this.file = null;
    this.format = null;
    this.previewUrl = null;
    this.boxes = [...document.querySelectorAll('input[name=operation]')];
    this.bindFile();
    for (const box of this.boxes) box.addEventListener('change', () => this.refreshParameters());
    // The slider says "default" until it is moved: a job then carries no quality, and each format gets the
    // server's own (AVIF's scale differs from JPEG's, so one number for all would not mean one picture quality).
    this.qualityChosen = false;
    $('quality').addEventListener('input', () => this.chooseQuality(true));
    $('quality-reset').addEventListener('click', () => this.chooseQuality(false));
    $('strength').addEventListener('input', () => this.refreshStrength());
    $('strength-auto').addEventListener('change', () => this.refreshStrength());
    this.refreshOperations();
  }

  /** Applies GET /api/capabilities: limits for the checks, and which operations this server runs. */
  setCapabilities(capabilities) {
    this.limits = { ...this.limits, ...capabilities };
    for (const node of document.querySelectorAll('[data-limit=upload]')) node.textContent = bytes(this.limits.max_upload_bytes);
    for (const input of [$('resize-width'), $('resize-height')]) input.max = String(this.limits.max_output_side);
    this.refreshOperations();
  }

  chooseQuality(chosen) {
    this.qualityChosen = chosen;
    if (!chosen) {
      // Back where the first selected format's default puts it, so the slider and "default" agree.
      const first = this.selected().find((op) => QUALITY_OPS.includes(op));
      $('quality').value = String(this.limits.default_quality?.[first] ?? 80);
    }
    $('quality-value').value = chosen ? $('quality').value : 'default';
    $('quality-reset').hidden = !chosen;
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
  }

  /** Checks type and size here, so an obviously wrong file never travels; the server checks again by the bytes. */
  choose(file) {
    showMessage($('file-error'), '');
    this.file = null;
    this.format = null;
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = null;
    $('preview').hidden = true;
    if (file) {
      const format = FORMATS[file.type] ?? (file.type ? null : EXTENSIONS[file.name.split('.').pop()?.toLowerCase()]);
      if (!format) {
        showMessage($('file-error'), `${file.name} is not a JPEG, PNG, WebP or AVIF image (its type is ${file.type || 'unknown'}).`, 'error');
      } else if (file.size > this.limits.max_upload_bytes) {
        showMessage($('file-error'), `${file.name} is ${bytes(file.size)}; the limit is ${bytes(this.limits.max_upload_bytes)}.`, 'error');
      } else if (file.size === 0) {
        showMessage($('file-error'), `${file.name} is empty.`, 'error');
      } else {
        this.file = file;
        this.format = format;
        this.showPreview(file);
      }
    }
    this.refreshOperations();
  }

  showPreview(file) {
    this.previewUrl = URL.createObjectURL(file);
    const image = $('preview-image');
    image.alt = `Preview of ${file.name}`;
    $('preview-name').textContent = file.name;
    $('preview-details').textContent = `${label(this.format)} · ${bytes(file.size)}`;
    image.hidden = false;
    image.onload = () => {
      const pixels = image.naturalWidth * image.naturalHeight;
      $('preview-details').textContent = `${label(this.format)} · ${bytes(file.size)} · ${image.naturalWidth} × ${image.naturalHeight} px`;
      if (pixels > this.limits.max_pixels) {
        showMessage($('file-error'), `${file.name} has ${pixels.toLocaleString('en-US')} pixels; the limit is ${this.limits.max_pixels.toLocaleString('en-US')}.`, 'error');
      }
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
      else if (op === this.format) reason = `The file is already ${label(op)}`;
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

  /** Shows exactly the parameters that apply to the current selection. */
  refreshParameters() {
    const ops = this.selected();
    const quality = ops.filter((op) => QUALITY_OPS.includes(op));
    $('quality-group').hidden = quality.length === 0;
    $('quality-ops').textContent = quality.map(label).join(', ');
    const defaults = this.limits.default_quality ?? {};
    const known = quality.filter((op) => defaults[op] !== undefined);
    $('quality-defaults').textContent = known.length ? ` (${known.map((op) => `${label(op)} ${defaults[op]}`).join(', ')})` : '';
    $('resize-group').hidden = !ops.some((op) => RESIZE_OPS.includes(op));
    $('strength-group').hidden = !ops.includes('denoise');
    $('no-params').hidden = !($('quality-group').hidden && $('resize-group').hidden && $('strength-group').hidden);
  }

  refreshStrength() {
    const auto = $('strength-auto').checked;
    $('strength').disabled = auto;
    $('strength-value').value = auto ? 'auto' : $('strength').value;
  }

  /** The multipart body of POST /api/process, or an error message naming what is missing. */
  build(webhookUrl) {
    if (!this.file) return { error: 'Choose an image first.' };
    const ops = this.selected();
    if (ops.length === 0) return { error: 'Choose at least one operation.' };
    const resize = this.resize();
    if (resize.error) return resize;
    const params = {};
    for (const op of ops) {
      const p = {};
      if (QUALITY_OPS.includes(op) && this.qualityChosen) p.quality = Number($('quality').value);
      if (RESIZE_OPS.includes(op) && resize.value) p.resize = resize.value;
      if (op === 'denoise') p.strength = $('strength-auto').checked ? 'auto' : Number($('strength').value);
      if (Object.keys(p).length) params[op] = p;
    }
    const form = new FormData();
    form.append('file', this.file, this.file.name);
    form.append('operations', JSON.stringify(ops));
    if (Object.keys(params).length) form.append('operation_params', JSON.stringify(params));
    if (webhookUrl) form.append('webhook_url', webhookUrl);
    return { form, name: this.file.name, operations: ops };
  }

  resize() {
    const read = (id, name) => {
      const text = $(id).value.trim();
      if (!text) return { value: undefined };
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1 || n > this.limits.max_output_side) {
        return { error: `${name} must be a whole number from 1 to ${this.limits.max_output_side}.` };
      }
      return { value: n };
    };
    const width = read('resize-width', 'Width');
    if (width.error) return width;
    const height = read('resize-height', 'Height');
    if (height.error) return height;
    if (width.value === undefined && height.value === undefined) return { value: null };
    const value = {};
    if (width.value !== undefined) value.width = width.value;
    if (height.value !== undefined) value.height = height.value;
    if (width.value !== undefined && height.value !== undefined) value.fit = $('resize-fit').value;
    return { value };
  }
}
