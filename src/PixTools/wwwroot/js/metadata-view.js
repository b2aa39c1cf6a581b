// The metadata panel: the API's metadata object written for a person (readable date, hemispheres, focal length,
// orientation), and "no camera data" only when there is none.
import { el } from './format.js';

const $ = (id) => document.getElementById(id);
const CAMERA_KEYS = ['camera_make', 'camera_model', 'lens_model', 'focal_length', 'exposure_time', 'aperture', 'iso', 'captured_at', 'gps'];
const ORIENTATIONS = {
  2: 'Mirrored left to right', 3: 'Rotated 180°', 4: 'Mirrored top to bottom', 5: 'Mirrored and rotated 90° counter-clockwise',
  6: 'Rotated 90° clockwise', 7: 'Mirrored and rotated 90° clockwise', 8: 'Rotated 90° counter-clockwise',
};

/** "2019:07:14 16:20:05" (the camera's own clock, no time zone) as "14 July 2019 at 16:20:05", or null. */
export function readableDate(exif) {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(exif ?? '');
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  if (Number.isNaN(date.getTime())) return null;
  return { text: date.toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'long', timeStyle: 'medium' }), iso: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` };
}

/** 51.500729, -0.124625 as "51.500729° N, 0.124625° W". */
export const readableGps = (latitude, longitude) =>
  `${Math.abs(latitude).toFixed(6)}° ${latitude < 0 ? 'S' : 'N'}, ${Math.abs(longitude).toFixed(6)}° ${longitude < 0 ? 'W' : 'E'}`;

export function renderMetadata(job) {
  const panel = $('metadata');
  const wanted = job.operations.includes('metadata');
  const done = job.progress?.metadata?.status === 'succeeded' || (job.status !== 'PENDING' && job.status !== 'PROCESSING');
  panel.hidden = !wanted || !done;
  if (panel.hidden) return;
  const meta = job.metadata ?? {};
  const rows = [];
  const row = (key, name, ...value) => rows.push(el('dt', { text: name }), el('dd', { 'data-field': key }, ...value));
  if (meta.camera_make !== undefined) row('camera_make', 'Make', String(meta.camera_make));
  if (meta.camera_model !== undefined) row('camera_model', 'Model', String(meta.camera_model));
  if (meta.lens_model !== undefined) row('lens_model', 'Lens', String(meta.lens_model));
  if (meta.focal_length !== undefined) {
    row('focal_length', 'Focal length', meta.focal_length_35mm ? `${meta.focal_length} (${meta.focal_length_35mm} in 35 mm terms)` : String(meta.focal_length));
  }
  if (meta.exposure_time !== undefined) row('exposure_time', 'Exposure', String(meta.exposure_time));
  if (meta.aperture !== undefined) row('aperture', 'Aperture', String(meta.aperture));
  if (meta.iso !== undefined) row('iso', 'ISO', String(meta.iso));
  if (meta.captured_at !== undefined) {
    const date = readableDate(meta.captured_at);
    row('captured_at', 'Taken', date ? el('time', { datetime: date.iso, title: `As the camera wrote it: ${meta.captured_at}`, text: date.text }) : String(meta.captured_at));
  }
  if (meta.orientation !== undefined) {
    row('orientation', 'Orientation', `${ORIENTATIONS[meta.orientation] ?? `EXIF code ${meta.orientation}`} (the outputs are turned upright)`);
  }
  if (meta.gps) {
    const { latitude, longitude } = meta.gps;
    // A plain link: the map opens only when the user follows it, so the page itself loads nothing external.
    const map = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=15/${latitude}/${longitude}`;
    row('gps', 'Place', el('span', { 'data-value': 'gps', text: readableGps(latitude, longitude) }), ' ',
      el('a', { href: map, target: '_blank', rel: 'noopener noreferrer' }, 'Open map'));
  }
  $('metadata-list').replaceChildren(...rows);
  $('metadata-list').hidden = rows.length === 0;
  const hasCamera = CAMERA_KEYS.some((key) => meta[key] !== undefined);
  $('metadata-empty').hidden = hasCamera;
  $('metadata-empty').textContent = rows.length
    ? 'No camera data: apart from the orientation, this image carries no EXIF about the camera, the exposure or the place.'
    : 'No camera data: this image carries no EXIF about the camera, the exposure or the place.';
}
