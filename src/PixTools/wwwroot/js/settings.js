// Settings per output format: each selected conversion (and denoise) gets its own quality and resize, so AVIF's
// quality scale is not forced onto JPEG's and one output can be cropped while another is only shrunk.
import { el, label } from './format.js';

export const QUALITY_OPS = ['jpg', 'webp', 'avif'];
export const RESIZE_OPS = ['jpg', 'png', 'webp', 'avif', 'denoise'];
/** The page's default fit: `inside` never stretches or crops (the API's own default, `fill`, stretches). */
export const DEFAULT_FIT = 'inside';
export const FITS = [
  ['inside', 'Inside', 'fits within the box, keeping the proportions (nothing cropped, nothing stretched)'],
  ['cover', 'Cover', 'fills the box exactly, cropping what sticks out'],
  ['contain', 'Contain', 'fits within the box and pads the rest, so the file is exactly that size'],
  ['fill', 'Fill', 'stretches to exactly the box, changing the proportions'],
];

/** One output's block: quality slider (where the format has one), width, height, fit. Built once, shown while selected. */
export class FormatSettings {
  constructor(op, limits) {
    this.op = op;
    this.qualityChosen = false;
    this.limits = limits;
    const id = (name) => `${name}-${op}`;
    const children = [el('legend', { text: `${label(op)} output` })];
    if (QUALITY_OPS.includes(op)) {
      this.quality = el('input', { id: id('quality'), type: 'range', min: '1', max: '100', value: '80', 'aria-describedby': id('quality-hint') });
      this.qualityValue = el('output', { id: id('quality-value'), for: id('quality'), class: 'badge', text: 'default' });
      this.qualityReset = el('button', { type: 'button', class: 'button button-ghost button-small', hidden: true }, 'Use the default');
      this.qualityHint = el('p', { id: id('quality-hint'), class: 'hint' });
      children.push(
        el('div', { class: 'param-row' },
          el('label', { for: id('quality'), text: `${label(op)} quality` }),
          el('span', { class: 'param-value' }, this.qualityReset, this.qualityValue)),
        this.quality, this.qualityHint);
      this.quality.addEventListener('input', () => this.chooseQuality(true));
      this.qualityReset.addEventListener('click', () => { this.chooseQuality(false); this.quality.focus(); });
    }
    this.width = el('input', { id: id('width'), type: 'number', inputmode: 'numeric', min: '1', step: '1', placeholder: 'auto' });
    this.height = el('input', { id: id('height'), type: 'number', inputmode: 'numeric', min: '1', step: '1', placeholder: 'auto' });
    this.fit = el('select', { id: id('fit'), 'aria-describedby': 'fit-modes-title' },
      ...FITS.map(([value, name]) => el('option', { value, selected: value === DEFAULT_FIT }, name)));
    children.push(el('div', { class: 'resize-row' },
      el('div', { class: 'field' }, el('label', { for: id('width'), text: 'Width (px)' }), this.width),
      el('div', { class: 'field' }, el('label', { for: id('height'), text: 'Height (px)' }), this.height),
      el('div', { class: 'field' }, el('label', { for: id('fit'), text: 'Fit' }), this.fit)));
    this.node = el('fieldset', { class: 'param format-settings', 'data-op': op, hidden: true }, ...children);
    this.applyLimits(limits);
  }

  applyLimits(limits) {
    this.limits = limits;
    for (const input of [this.width, this.height]) input.max = String(limits.max_output_side);
    if (this.quality) {
      const fallback = limits.default_quality?.[this.op];
      this.qualityHint.textContent = `1 is smallest, 100 is best. Untouched, ${label(this.op)} gets this server's default${fallback ? ` (${fallback})` : ''}.`;
      if (!this.qualityChosen) this.chooseQuality(false);
    }
  }

  chooseQuality(chosen) {
    this.qualityChosen = chosen;
    if (!chosen) this.quality.value = String(this.limits.default_quality?.[this.op] ?? 80);
    this.qualityValue.value = chosen ? this.quality.value : 'default';
    this.qualityReset.hidden = !chosen;
  }

  /** This output's operation_params: { quality?, resize? }, or { error } naming the field. */
  params() {
    const p = {};
    if (this.quality && this.qualityChosen) p.quality = Number(this.quality.value);
    const read = (input, name) => {
      const text = input.value.trim();
      if (!text) return { value: undefined };
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1 || n > this.limits.max_output_side) {
        return { error: `${label(this.op)} ${name} must be a whole number from 1 to ${this.limits.max_output_side}.` };
      }
      return { value: n };
    };
    const width = read(this.width, 'width');
    if (width.error) return width;
    const height = read(this.height, 'height');
    if (height.error) return height;
    if (width.value !== undefined || height.value !== undefined) {
      p.resize = {};
      if (width.value !== undefined) p.resize.width = width.value;
      if (height.value !== undefined) p.resize.height = height.value;
      if (width.value !== undefined && height.value !== undefined) p.resize.fit = this.fit.value;
    }
    return { value: p };
  }
}

/** The one-line explanation of each fit mode, shown once under the settings. */
export function fitModes() {
  return el('div', { class: 'fit-modes' },
    el('p', { id: 'fit-modes-title', class: 'hint', text: 'One side given: the other follows the proportions. Both given, Fit decides:' }),
    el('dl', {}, ...FITS.flatMap(([, name, what]) => [el('dt', { text: name }), el('dd', { class: 'hint', text: what })])));
}
