// scripts/lib/precache.mjs — the service worker's precache list, made at build time (src/platform/web.cmake).
//
//   node scripts/lib/precache.mjs --template web/sw.js --dist DIST FILE...
//
// Hashes every FILE (relative to DIST) with SHA-256 and writes DIST/sw.js: the template with its
// `/*@PRECACHE*/ … /*PRECACHE@*/` placeholder replaced by {version, files: [{url, sha256, size}]}. `version`
// is a hash of all file hashes and of the template itself, so any change to any file, or to the worker's
// code, is a new version (a new cache) that the browser installs beside the running one.
//
// Also a library for tests and benchmarks: readPrecache(dist) parses a generated sw.js back, and
// precacheSizes(dist) adds up the raw and gzip sizes of what a first visit downloads into the cache.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const PLACEHOLDER = /\/\*@PRECACHE\*\/[\s\S]*?\/\*PRECACHE@\*\//;

const sha256 = (bytes, enc) => crypto.createHash('sha256').update(bytes).digest(enc);

// Builds the precache list for `files` (names relative to `dist`) and the template's text.
export function buildPrecache(dist, files, templateText) {
  const entries = [...new Set(files)].sort().map((name) => {
    const bytes = fs.readFileSync(path.join(dist, name));
    return { url: name, sha256: sha256(bytes, 'base64'), size: bytes.length };
  });
  const h = crypto.createHash('sha256');
  for (const e of entries) h.update(`${e.url}\0${e.sha256}\n`);
  h.update(sha256(templateText, 'base64'));
  return { version: h.digest('hex').slice(0, 16), files: entries };
}

// Writes dist/sw.js from the template with `precache` filled in. Returns the path.
export function writeServiceWorker(dist, templateText, precache) {
  if (!PLACEHOLDER.test(templateText)) throw new Error('sw template has no /*@PRECACHE*/ … /*PRECACHE@*/ placeholder');
  const json = JSON.stringify(precache, null, 1).replace(/\n\s*/g, ' ');
  const out = templateText.replace(PLACEHOLDER, () => `/*@PRECACHE*/ ${json} /*PRECACHE@*/`);
  const file = path.join(dist, 'sw.js');
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, out);
  fs.renameSync(tmp, file);   // never a half-written worker on the server
  return file;
}

// The precache list inside dist/sw.js.
export function readPrecache(dist) {
  const text = fs.readFileSync(path.join(dist, 'sw.js'), 'utf8');
  const m = text.match(/\/\*@PRECACHE\*\/([\s\S]*?)\/\*PRECACHE@\*\//);
  if (!m) throw new Error(`no precache list in ${dist}/sw.js`);
  return JSON.parse(m[1]);
}

// Regenerates dist/sw.js for the files it already lists (after they changed), from `templateText`.
export function regenerate(dist, templateText) {
  const files = readPrecache(dist).files.map((f) => f.url);
  const precache = buildPrecache(dist, files, templateText);
  writeServiceWorker(dist, templateText, precache);
  return precache;
}

// {files, raw, gzip, worker: {raw, gzip}} — bytes a first visit stores in the cache (and sw.js itself).
export function precacheSizes(dist) {
  const { files } = readPrecache(dist);
  let raw = 0;
  let gzip = 0;
  const perFile = files.map((f) => {
    const bytes = fs.readFileSync(path.join(dist, f.url));
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += gz;
    return { url: f.url, raw: bytes.length, gzip: gz };
  });
  const sw = fs.readFileSync(path.join(dist, 'sw.js'));
  return { files: perFile, raw, gzip, worker: { raw: sw.length, gzip: zlib.gzipSync(sw, { level: 9 }).length } };
}

function main(argv) {
  let template = null;
  let dist = null;
  const files = [];
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--template') template = argv[++i];
    else if (argv[i] === '--dist') dist = argv[++i];
    else files.push(argv[i]);
  }
  if (!template || !dist || !files.length) {
    console.error('usage: precache.mjs --template web/sw.js --dist DIST FILE...');
    process.exit(2);
  }
  const text = fs.readFileSync(template, 'utf8');
  const precache = buildPrecache(dist, files, text);
  writeServiceWorker(dist, text, precache);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
