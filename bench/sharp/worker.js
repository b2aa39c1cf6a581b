'use strict';
// The sharp side of `PixTools.Bench engines`: a long-lived process reading one JSON job per stdin line and
// answering one JSON line on stdout, so node's start-up and sharp's loading are never inside a timing.
// Each job is timed here, from the source buffer in memory to the encoded buffer, as PixTools' side is.
const fs = require('fs');
const readline = require('readline');
const sharp = require('sharp');

// Fairness with PixTools' worker: one libvips thread per image (docs/engine-notes.md) and no operation cache,
// so every job decodes its source afresh.
sharp.concurrency(1);
sharp.cache(false);

const sources = new Map();
function source(path) {
  if (!sources.has(path)) sources.set(path, fs.readFileSync(path));
  return sources.get(path);
}

// The same steps and encoder settings as PixTools' ConvertOperation: strict decode, EXIF orientation, resize,
// no metadata (sharp's default), jpg progressive + optimised Huffman, png zlib 6 without filters, avif 4:2:0 at the
// job's effort and tune ('auto' is sharp's default: libheif's own choice).
function pipeline(job) {
  let image = sharp(source(job.path), { failOn: 'truncated' }).autoOrient();
  if (job.width) image = image.resize({ width: job.width });
  switch (job.format) {
    case 'jpg': return image.jpeg({ quality: job.quality, progressive: true, optimiseCoding: true });
    case 'webp': return image.webp({ quality: job.quality });
    case 'png': return image.png({ compressionLevel: 6, adaptiveFiltering: false });
    case 'avif': return image.avif({ quality: job.quality, effort: job.effort, tune: job.tune, chromaSubsampling: '4:2:0' });
    default: throw new Error(`unknown format ${job.format}`);
  }
}

async function run(job) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const { data, info } = await pipeline(job).toBuffer({ resolveWithObject: true });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { id: job.id, ms, cpuMs: (used.user + used.system) / 1000, bytes: data.length, width: info.width, height: info.height };
}

process.stdout.write(JSON.stringify({ ready: true, sharp: sharp.versions }) + '\n');
const lines = readline.createInterface({ input: process.stdin });
(async () => {
  for await (const line of lines) {
    if (!line.trim()) continue;
    const job = JSON.parse(line);
    let answer;
    try {
      answer = await run(job);
    } catch (error) {
      answer = { id: job.id, error: String(error && error.message || error) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
})();
