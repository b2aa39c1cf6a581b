// Named outputs (recipes): an editor of the `outputs` field — add an output, remove it, and per output its name,
// format, quality (a number or an automatic level), size, fit and crop gravity, and denoise. With at least one
// output, the job is sent as `outputs` (plus `metadata` when that box is ticked) instead of the operation boxes.
import { el } from './format.js';
import { asUpload } from './image-size.js';

const $ = (id) => document.getElementById(id);
const FORMATS = [['webp', 'WebP'], ['jpg', 'JPG'], ['png', 'PNG'], ['avif', 'AVIF'], ['same', 'Same as the file']];
const QUALITIES = [['', 'Default'], ['number', 'Number…'], ['auto:best', 'Auto: best'], ['auto:good', 'Auto: good'],
  ['auto:eco', 'Auto: eco'], ['auto:low', 'Auto: low']];
const FITS = [['fill', 'Fill'], ['inside', 'Inside'], ['cover', 'Cover'], ['contain', 'Contain']];
const GRAVITIES = [['center', 'Centre'], ['smart', 'Smart (most interesting part)'], ['north', 'Top'], ['south', 'Bottom'],
  ['west', 'Left'], ['east', 'Right']];
const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;
// Inputs the server reads but does not write: "Same as the file" cannot apply to them.
const READ_ONLY = { tiff: 'TIFF', gif: 'GIF', heic: 'HEIC' };

export class OutputsEditor {
  constructor() {
    this.list = $('outputs-list');
    this.counter = 0;
    this.limits = { max_outputs: 10, max_output_side: 8192 };
    $('output-add').addEventListener('click', () => this.add());
  }

  setCapabilities(capabilities) {
    this.limits = { ...this.limits, ...capabilities };
  }

  /** True when the job is to be sent as outputs. */
  active() {
    return this.rows().length > 0;
  }

  rows() {
    return [...this.list.querySelectorAll('li.output')];
  }

  /** Adds an output row; returns it. */
  add() {
    if (this.rows().length >= this.limits.max_outputs) {
      $('outputs-hint').textContent = `At most ${this.limits.max_outputs} outputs per job.`;
      return null;
    }
    const n = ++this.counter;
    const id = (field) => `output-${n}-${field}`;
    const select = (field, options, labelText) => [
      el('label', { for: id(field), text: labelText }),
      el('select', { id: id(field), 'data-field': field }, ...options.map(([value, text]) => el('option', { value, text }))),
    ];
    const input = (field, labelText, attrs) => [
      el('label', { for: id(field), text: labelText }),
      el('input', { id: id(field), 'data-field': field, ...attrs }),
    ];
    const row = el('li', { class: 'output', 'data-output': String(n) },
      el('div', { class: 'output-grid' },
        el('div', { class: 'field' }, ...input('name', 'Name', { type: 'text', value: `output${n}`, maxlength: '40', spellcheck: 'false', autocomplete: 'off' })),
        el('div', { class: 'field' }, ...select('format', FORMATS, 'Format')),
        el('div', { class: 'field' }, ...select('quality-mode', QUALITIES, 'Quality')),
        el('div', { class: 'field', 'data-show': 'quality-number', hidden: '' }, ...input('quality', 'Quality (1–100)', { type: 'number', min: '1', max: '100', step: '1', value: '80' })),
        el('div', { class: 'field' }, ...input('width', 'Width (px)', { type: 'number', min: '1', step: '1', placeholder: 'auto', inputmode: 'numeric' })),
        el('div', { class: 'field' }, ...input('height', 'Height (px)', { type: 'number', min: '1', step: '1', placeholder: 'auto', inputmode: 'numeric' })),
        el('div', { class: 'field' }, ...select('fit', FITS, 'Fit')),
        el('div', { class: 'field', 'data-show': 'gravity', hidden: '' }, ...select('gravity', GRAVITIES, 'Crop keeps')),
        el('label', { class: 'inline-check' }, el('input', { type: 'checkbox', 'data-field': 'enlarge', id: id('enlarge') }), ' Never enlarge'),
        el('label', { class: 'inline-check' }, el('input', { type: 'checkbox', 'data-field': 'denoise', id: id('denoise') }), ' Denoise first')),
      el('button', { type: 'button', class: 'button button-ghost button-small', 'data-action': 'remove', 'aria-label': `Remove output ${n}` }, 'Remove'));
    const field = (name) => row.querySelector(`[data-field=${name}]`);
    const refresh = () => {
      const png = field('format').value === 'png';
      field('quality-mode').disabled = png;
      if (png) field('quality-mode').value = '';
      row.querySelector('[data-show=quality-number]').hidden = field('quality-mode').value !== 'number';
      row.querySelector('[data-show=gravity]').hidden = field('fit').value !== 'cover';
    };
    for (const name of ['format', 'quality-mode', 'fit']) field(name).addEventListener('change', refresh);
    row.querySelector('[data-action=remove]').addEventListener('click', () => { row.remove(); this.refresh(); });
    this.list.append(row);
    refresh();
    this.refresh();
    field('name').focus();
    return row;
  }

  refresh() {
    const count = this.rows().length;
    $('outputs-hint').textContent = count
      ? `${count} output${count === 1 ? '' : 's'}: the job is sent as these outputs; of the operations above only Metadata still applies.`
      : 'None yet: the operations above are sent as they are.';
  }

  /** The `outputs` array, or an error naming the output and what is wrong; `sourceFormat` is the chosen file's. */
  value(sourceFormat) {
    const outputs = [];
    const names = new Set();
    for (const [index, row] of this.rows().entries()) {
      const get = (name) => row.querySelector(`[data-field=${name}]`);
      const which = `Output ${index + 1}`;
      const name = get('name').value.trim();
      if (!NAME.test(name)) return { error: `${which}: the name must be 1–40 lower-case letters, digits, _ or -, starting with a letter or digit.` };
      if (names.has(name)) return { error: `${which}: the name ${name} is used twice.` };
      if (name === 'metadata') return { error: `${which}: metadata is the name of the metadata operation; choose another.` };
      names.add(name);
      const output = { name, format: get('format').value };
      if (output.format === 'same' && READ_ONLY[sourceFormat]) {
        return { error: `${which}: "Same as the file" would write ${READ_ONLY[sourceFormat]}, which this server reads but does not write; choose WebP, JPG, PNG or AVIF.` };
      }
      const mode = get('quality-mode').value;
      if (mode === 'number') {
        const q = Number(get('quality').value);
        if (!Number.isInteger(q) || q < 1 || q > 100) return { error: `${which}: quality must be a whole number from 1 to 100.` };
        output.quality = q;
      } else if (mode) {
        output.quality = mode;
      }
      const side = (field, label) => {
        const text = get(field).value.trim();
        if (!text) return { value: undefined };
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > this.limits.max_output_side) return { error: `${which}: ${label} must be a whole number from 1 to ${this.limits.max_output_side}.` };
        return { value: n };
      };
      const width = side('width', 'width');
      if (width.error) return width;
      const height = side('height', 'height');
      if (height.error) return height;
      if (width.value !== undefined || height.value !== undefined) {
        output.resize = {};
        if (width.value !== undefined) output.resize.width = width.value;
        if (height.value !== undefined) output.resize.height = height.value;
        if (width.value !== undefined && height.value !== undefined) {
          output.resize.fit = get('fit').value;
          if (output.resize.fit === 'cover' && get('gravity').value !== 'center') output.resize.gravity = get('gravity').value;
        }
        // A picture smaller than the size asked keeps its size instead of being scaled up.
        if (get('enlarge').checked) output.resize.enlarge = false;
      }
      if (get('denoise').checked) output.denoise = true;
      outputs.push(output);
    }
    return { value: outputs };
  }

  /** The multipart body with `outputs`, built on the chosen file; `metadata` rides along when it is ticked. */
  build(file, withMetadata, webhookUrl, sourceFormat) {
    if (!file) return { error: 'Choose an image first.' };
    const outputs = this.value(sourceFormat);
    if (outputs.error) return outputs;
    // The text fields go before the file, so the server checks webhook_url before it reads the upload.
    const form = new FormData();
    form.append('outputs', JSON.stringify(outputs.value));
    if (withMetadata) form.append('operations', JSON.stringify(['metadata']));
    if (webhookUrl) form.append('webhook_url', webhookUrl);
    form.append('file', asUpload(file), file.name);
    const names = outputs.value.map((o) => o.name);
    return { form, name: file.name, operations: withMetadata ? [...names, 'metadata'] : names, file, webhook: Boolean(webhookUrl) };
  }
}
